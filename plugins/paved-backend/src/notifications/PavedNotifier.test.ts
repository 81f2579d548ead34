import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { ApprovalRequest } from '../approvals/ApprovalStore';
import { PavedNotifier } from './PavedNotifier';

const team = (name: string, leads?: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name,
    namespace: 'default',
    ...(leads && { annotations: { 'paved.dev/team-leads': leads } }),
  },
  spec: { type: 'team', children: [] },
});

const request: ApprovalRequest = {
  id: '7d3c2a54-7d7e-4f0e-9b51-0d4f3f3c9a10',
  kind: 'apply',
  cluster: 'local',
  namespace: 'checkout-production',
  team: 'group:default/team-checkout',
  requestedBy: 'user:default/bob',
  requestedAt: '2026-11-21T10:00:00.000Z',
  expiresAt: '2026-11-24T10:00:00.000Z',
  summary: 'ConfigMap settings created',
  diff: '',
  payload: {},
  status: 'pending',
} as ApprovalRequest;

function notifier(options: { fail?: boolean; leads?: string } = {}) {
  const send = jest.fn(async (_options: NotificationSendOptions) => {
    if (options.fail) throw new Error('connect ECONNREFUSED');
  });
  const logger = mockServices.logger.mock();
  const catalog = catalogServiceMock({
    entities: [team('team-checkout', options.leads), team('team-search')],
  });
  return {
    send,
    logger,
    notifier: new PavedNotifier({
      notifications: { send },
      catalog,
      auth: mockServices.auth(),
      logger,
    }),
  };
}

describe('PavedNotifier', () => {
  it('asks the team leads, not the requester, to decide a request', async () => {
    const { notifier: n, send } = notifier({
      leads: 'user:default/alice, user:default/bob',
    });
    expect(await n.approvalRequested(request)).toBe(true);
    expect(send).toHaveBeenCalledWith({
      recipients: {
        type: 'entity',
        entityRef: ['user:default/alice', 'user:default/bob'],
        excludeEntityRef: 'user:default/bob',
      },
      payload: expect.objectContaining({
        title:
          'Approval requested in checkout-production: ConfigMap settings created',
        link: '/catalog/default/group/team-checkout',
        severity: 'high',
        topic: 'paved-approvals',
        scope: `paved:approval:${request.id}`,
      }),
    });
  });

  it('asks the whole team when it names no leads', async () => {
    const { notifier: n, send } = notifier();
    await n.approvalRequested(request);
    expect(send.mock.calls[0][0].recipients).toEqual({
      type: 'entity',
      entityRef: 'group:default/team-checkout',
      excludeEntityRef: 'user:default/bob',
    });
  });

  it('tells the requester how it was decided and how the run went', async () => {
    const { notifier: n, send } = notifier();
    const decided = {
      ...request,
      status: 'approved',
      decidedBy: 'user:default/alice',
    } as ApprovalRequest;
    await n.approvalDecided({ ...decided, outcome: 'applied' });
    await n.approvalDecided({
      ...decided,
      outcome: 'failed',
      outcomeMessage: 'admission webhook denied the request',
    });
    await n.approvalDecided({
      ...request,
      status: 'rejected',
      decidedBy: 'user:default/alice',
      decisionComment: 'not before the freeze ends',
    } as ApprovalRequest);
    expect(
      send.mock.calls.map(([o]) => [
        o.recipients,
        o.payload.title,
        o.payload.description,
        o.payload.severity,
      ]),
    ).toEqual([
      [
        { type: 'entity', entityRef: 'user:default/bob' },
        'Approved by user:default/alice and applied: ConfigMap settings created',
        'local/checkout-production',
        'normal',
      ],
      [
        { type: 'entity', entityRef: 'user:default/bob' },
        'Approved by user:default/alice but failed: ConfigMap settings created',
        'admission webhook denied the request',
        'high',
      ],
      [
        { type: 'entity', entityRef: 'user:default/bob' },
        'Rejected by user:default/alice: ConfigMap settings created',
        'Comment: not before the freeze ends',
        'normal',
      ],
    ]);
  });

  it('logs and reports a notification it could not send, without failing the change', async () => {
    const { notifier: n, logger } = notifier({ fail: true });
    expect(
      await n.budgetAlert({
        team: 'group:default/team-search',
        state: 'over',
        month: '2026-11',
        budget: '$40.00',
        monthToDate: '$30.50',
        projected: '$72.00',
      }),
    ).toBe(false);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'Could not send the notification "group:default/team-search is over its monthly budget of $40.00"',
      ),
    );
  });

  it('sends nothing when notifications are off', async () => {
    const n = new PavedNotifier({
      catalog: catalogServiceMock({ entities: [] }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    });
    expect(await n.approvalRequested(request)).toBe(false);
  });
});
