import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  PavedEnvironmentResource,
  SecretRotationBody,
  SecretRotationResult,
  SecretRotationView,
  SecretValuesBody,
  SecretWriteResult,
  kubernetesNameProblem,
  pavedEnvironmentApplyPermission,
} from '@paved/plugin-paved-common';
import {
  ClusterIdentity,
  ClusterRegistry,
  MutationAuditDeps,
  SecretService,
  decideEnvironmentChange,
  loadEnvironmentResource,
  recordMutation,
} from '@paved/plugin-paved-node';
import { ApprovalService } from '../approvals/ApprovalService';
import { noEnvironment } from './SecretsViewService';

/** One Secret of one environment, as the routes name it. */
export interface SecretPlace {
  cluster: string;
  namespace: string;
  secretName: string;
}

/** The user making a change. */
export interface SecretActor {
  credentials: BackstageCredentials;
  identity: ClusterIdentity;
}

/**
 * Secret changes from the Secrets card: values set write-only (or, for a developer in production, a change
 * request with keys only), rotation schedules and rotations. Each is audited with key names, never values.
 */
export class SecretChanges {
  constructor(
    private readonly deps: {
      clusters: ClusterRegistry;
      secrets: SecretService;
      permissions: PermissionsService;
      approvals: ApprovalService;
      audit: MutationAuditDeps;
    },
  ) {}

  /** The environment a route names, checked: names exactly as given, a Paved environment with a team. */
  async environment(
    cluster: string,
    namespace: string,
  ): Promise<PavedEnvironmentResource & { team: string }> {
    const env = await loadEnvironmentResource(
      this.deps.clusters,
      cluster,
      namespace,
    );
    if (!env?.team) throw noEnvironment(cluster, namespace);
    return env as PavedEnvironmentResource & { team: string };
  }

  /** Sets keys write-only, or asks the team's leads to (the answer says which); audited as `secret.set`. */
  async setValues(
    actor: SecretActor,
    place: SecretPlace,
    body: SecretValuesBody,
  ): Promise<SecretWriteResult> {
    const keys = Object.keys(body.values).sort();
    return recordMutation(
      this.deps.audit,
      this.describe('secret.set', actor, place, { keys }),
      async () => {
        const env = await this.checked(place);
        const decision = await this.decide(actor, env);
        if (decision === 'deny') throw this.denied(actor, place, 'set secrets');
        if (decision === 'approval-required') {
          const request = await this.deps.approvals.requestSecretValues(
            actor.credentials,
            actor.identity,
            {
              cluster: place.cluster,
              namespace: place.namespace,
              secretName: place.secretName,
              keys,
              ...(body.note ? { note: body.note } : {}),
              ...(body.entityRef ? { entityRef: body.entityRef } : {}),
            },
          );
          return {
            outcome: 'requested' as const,
            keys,
            approvalId: request.id,
          };
        }
        const { store } = await this.deps.secrets.setValues({
          cluster: place.cluster,
          namespace: place.namespace,
          team: env.team,
          secretName: place.secretName,
          values: body.values,
          actor: actor.identity,
        });
        return { outcome: 'applied' as const, keys, store };
      },
      result => ({
        outcome: result.outcome === 'requested' ? 'requested' : 'succeeded',
        message:
          result.outcome === 'requested'
            ? `approval request ${result.approvalId}`
            : `set ${keys.join(', ')}`,
      }),
    ).then(({ outcome, approvalId }) => ({
      outcome,
      keys,
      ...(approvalId ? { approvalId } : {}),
    }));
  }

  /** Sets or stops a rotation schedule; a change Paved makes only for those who may change the environment. */
  async setRotation(
    actor: SecretActor,
    place: SecretPlace,
    body: SecretRotationBody,
  ): Promise<{ rotation?: SecretRotationView }> {
    return recordMutation(
      this.deps.audit,
      this.describe('secret.rotation.set', actor, place, {
        every: body.every,
        keys: body.keys.map(k => k.key),
      }),
      async () => {
        const env = await this.mayChange(actor, place);
        const schedule = body.every
          ? { every: body.every, keys: body.keys }
          : null;
        await this.deps.secrets.setRotation({
          ...place,
          team: env.team,
          schedule,
          actor: actor.identity,
        });
        return schedule ? { rotation: schedule } : {};
      },
    );
  }

  /** Rotates now; audited as `secret.rotate` with the keys and the workloads restarted. */
  async rotate(
    actor: SecretActor,
    place: SecretPlace,
  ): Promise<SecretRotationResult> {
    return recordMutation(
      this.deps.audit,
      this.describe('secret.rotate', actor, place, {}),
      async () => {
        const env = await this.mayChange(actor, place);
        const entry = (
          await this.deps.secrets.inventory(place.cluster, place.namespace)
        ).find(e => e.name === place.secretName);
        if (!entry?.rotation) {
          throw new InputError(
            `Secret ${place.secretName} in ${place.namespace} has no rotation schedule; set one (which keys, what shape) before rotating it`,
          );
        }
        return this.deps.secrets.rotate({
          ...place,
          team: env.team,
          schedule: entry.rotation,
          by: actor.identity.user,
          actor: actor.identity,
        });
      },
      result => ({
        details: { keys: result.keys, restarted: result.restarted },
      }),
    );
  }

  private describe(
    action: string,
    actor: SecretActor,
    place: SecretPlace,
    details: Record<string, unknown>,
  ) {
    return {
      action,
      actor: actor.identity.user,
      cluster: place.cluster,
      namespace: place.namespace,
      target: `Secret ${place.secretName}`,
      details: { secret: place.secretName, ...details },
    };
  }

  /** How the tier policy lets the actor change the environment: allow, approval-required or deny. */
  private decide(actor: SecretActor, env: PavedEnvironmentResource) {
    return decideEnvironmentChange(
      this.deps.permissions,
      actor.credentials,
      pavedEnvironmentApplyPermission,
      env,
    );
  }

  private async checked(place: SecretPlace) {
    const problem = kubernetesNameProblem(
      'secret',
      place.secretName,
      'subdomain',
    );
    if (problem) throw new InputError(problem);
    return this.environment(place.cluster, place.namespace);
  }

  private async mayChange(actor: SecretActor, place: SecretPlace) {
    const env = await this.checked(place);
    const decision = await this.decide(actor, env);
    if (decision !== 'allow') {
      throw this.denied(
        actor,
        place,
        'change secret rotation',
        decision === 'approval-required'
          ? `; in ${place.namespace} a team lead of ${env.team} does`
          : '',
      );
    }
    return env;
  }

  private denied(
    actor: SecretActor,
    place: SecretPlace,
    what: string,
    hint = '',
  ) {
    return new NotAllowedError(
      `${actor.identity.user} may not ${what} in ${place.cluster}/${place.namespace}${hint}`,
    );
  }
}
