import {
  RevisionList,
  RevisionSummary,
  RevisionView,
  RollbackResult,
} from '@paved/plugin-paved-common';

const MINUTE = 60_000;

/** An ISO time `minutes` before now. */
export const minutesAgo = (minutes: number) =>
  new Date(Date.now() - minutes * MINUTE).toISOString();

/** Revision #1 of checkout-dev: the first apply of the component. */
export const first: RevisionSummary = {
  cluster: 'local',
  namespace: 'checkout-dev',
  revision: 1,
  components: ['checkout-api'],
  actor: 'user:default/bob',
  at: minutesAgo(120),
  source: {
    kind: 'golden-path',
    template: 'template:default/web-service',
    taskId: 't-1',
  },
  outcome: 'applied',
  objects: [
    { kind: 'Deployment', name: 'checkout-api', result: 'created' },
    { kind: 'Service', name: 'checkout-api', result: 'created' },
  ],
};

/** Revision #2 of checkout-dev: a bad image that did not roll out, and an added ConfigMap. */
export const second: RevisionSummary = {
  ...first,
  revision: 2,
  at: minutesAgo(30),
  source: { kind: 'apply' },
  outcome: 'failed',
  message: 'Deployment checkout-api did not roll out: ImagePullBackOff',
  objects: [
    { kind: 'Deployment', name: 'checkout-api', result: 'configured' },
    { kind: 'ConfigMap', name: 'checkout-extra', result: 'created' },
  ],
};

/** Revision #4 of checkout-production: the only one there. */
export const production: RevisionSummary = {
  ...first,
  namespace: 'checkout-production',
  revision: 4,
  at: minutesAgo(10),
  actor: 'user:default/alice',
  source: { kind: 'approval', approvalId: 'req-7' },
  objects: [{ kind: 'Deployment', name: 'checkout-api', result: 'configured' }],
};

/** The entity's revisions, newest first. */
export const revisions: RevisionList = {
  revisions: [production, second, first],
  more: false,
};

/** Revision #2 with its stored diff. */
export const secondView: RevisionView = {
  ...second,
  manifests: [],
  diff: '-        image: checkout-api:1.0\n+        image: checkout-api:2.0-typo',
};

/** A rollback of checkout-dev to #1 that was applied as revision #3. */
export const appliedRollback: RollbackResult = {
  status: 'applied',
  revision: {
    ...first,
    revision: 3,
    at: minutesAgo(0),
    source: { kind: 'rollback', restores: 1 },
  },
  applied: [
    { kind: 'Deployment', name: 'checkout-api', result: 'configured' },
    { kind: 'Service', name: 'checkout-api', result: 'unchanged' },
  ],
  pruned: [{ kind: 'ConfigMap', name: 'checkout-extra' }],
  removedFields: [],
  keptSecrets: ['checkout-db'],
  warnings: [],
};

/** A rollback a developer may only propose: a change request. */
export const requestedRollback: RollbackResult = {
  status: 'requested',
  approvalId: 'req-9',
  applied: [],
  pruned: [],
  removedFields: [],
  keptSecrets: [],
  warnings: [],
};
