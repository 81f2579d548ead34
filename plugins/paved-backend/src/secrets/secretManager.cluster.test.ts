import { mockCredentials } from '@backstage/backend-test-utils';
import { KubernetesClient, VaultClient } from '@paved/plugin-paved-node';
import {
  createTestEnvironment,
  localAdminClient,
  localSecretManagerEnv,
  waitFor,
} from '@paved/plugin-paved-node/testUtils';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import request from 'supertest';
import {
  component,
  createTestDeployment,
  localClusterConfig,
  startPavedBackend,
} from '../__testUtils__/startPavedBackend';
import { tierPolicyPermissions } from '../__testUtils__/tierPolicyPermissions';

// Talks to the local cluster, Vault and External Secrets (which syncs on its own).
jest.setTimeout(180_000);

const secretManager = localSecretManagerEnv();
const describeManager = secretManager ? describe : describe.skip;

// the teams tools/secrets/up.sh gives Vault policies to (examples/org.yaml)
const team = 'group:default/team-checkout';
const otherTeamLabel = 'group.default.team-payments';
const run = randomBytes(3).toString('hex');
const bob = `user:default/vlt${run}-bob`;
const erin = `user:default/vlt${run}-erin`;
const admins = `group:default/vlt${run}-admins`;
const teams = { [bob]: [team], [erin]: [admins] };
const as = (who: string) => mockCredentials.user.header(who);
const appId = `vlt${run}`;
const VALUE = `vault-only-${randomBytes(10).toString('hex')}`;

describeManager(
  secretManager
    ? 'secrets kept in Vault, synced by External Secrets (local secret manager)'
    : 'secrets kept in Vault (skipped: run tools/secrets/up.sh)',
  () => {
    const addr = secretManager?.PAVED_VAULT_ADDR ?? '';
    const mount = secretManager?.PAVED_VAULT_KV_MOUNT ?? 'paved';
    const rootToken = () =>
      fs
        .readFileSync(secretManager!.PAVED_VAULT_ROOT_TOKEN_FILE, 'utf8')
        .trim();
    let admin: KubernetesClient;
    let env: { name: string; cleanup: () => Promise<void> };
    let server: Awaited<ReturnType<typeof startPavedBackend>>;
    const entity = component(appId, 'team-checkout', appId);

    beforeAll(async () => {
      admin = await localAdminClient();
      env = await createTestEnvironment(admin, {
        prefix: 'vlt',
        team,
        backendAccess: true,
        labels: { 'paved.dev/secret-store': 'vault' },
      });
      await createTestDeployment(admin, {
        namespace: env.name,
        name: 'api',
        id: appId,
        replicas: 1,
        env: [
          {
            name: 'API_TOKEN',
            valueFrom: { secretKeyRef: { name: 'api-creds', key: 'token' } },
          },
        ],
      });
      const config = localClusterConfig();
      server = await startPavedBackend({
        entities: [entity],
        teams,
        config: {
          ...config,
          paved: {
            ...config.paved,
            secrets: {
              vault: {
                address: addr,
                tokenFile: secretManager!.PAVED_VAULT_TOKEN_FILE,
                kvMount: mount,
              },
              externalSecrets: { refreshInterval: '10s' },
            },
          },
        },
        permissions: tierPolicyPermissions({
          teams,
          leads: {},
          platformAdminGroups: [admins],
          entities: [entity],
        }),
      });
    });
    afterAll(async () => {
      await env?.cleanup();
    });

    it('writes a value to the team path in Vault, External Secrets syncs it, and the workload starts', async () => {
      const set = await request(server)
        .post(
          `/api/paved/environments/local/${env.name}/secrets/api-creds/values`,
        )
        .set('Authorization', as(bob))
        .send({ values: { token: VALUE } });
      expect(set.status).toBe(200);
      expect(set.body).toEqual({ outcome: 'applied', keys: ['token'] });
      expect(JSON.stringify(set.body)).not.toContain(VALUE);

      // the value is in Vault, at the team's path for this namespace
      const path = `group.default.team-checkout/${env.name}/api-creds`;
      const stored = await fetch(`${addr}/v1/${mount}/data/${path}`, {
        headers: { 'X-Vault-Token': rootToken() },
      }).then(r => r.json());
      expect(stored.data.data).toEqual({ token: VALUE });

      // External Secrets syncs it into the namespace, and the workload reading it starts
      const secret = await waitFor(
        async () => {
          const s = await admin.request<any>({
            path: `/api/v1/namespaces/${env.name}/secrets/api-creds`,
          });
          return s.data?.token ? s : undefined;
        },
        { timeoutMs: 90_000, what: 'the synced Secret' },
      );
      expect(Buffer.from(secret.data.token, 'base64').toString()).toBe(VALUE);
      await waitFor(
        async () => {
          const d = await admin.request<any>({
            path: `/apis/apps/v1/namespaces/${env.name}/deployments/api`,
          });
          return d.status?.readyReplicas >= 1 ? true : undefined;
        },
        { timeoutMs: 90_000, what: 'the Deployment reading the key Ready' },
      );

      // the card shows the key as present, kept by the secret manager, changed by bob: never the value
      const card = await waitFor(async () => {
        const res = await request(server)
          .get(`/api/paved/entities/default/component/${appId}/secrets`)
          .set('Authorization', as(bob));
        const view = res.body.environments?.find(
          (e: any) => e.namespace === env.name,
        );
        const creds = view?.secrets.find((s: any) => s.name === 'api-creds');
        return creds?.keys[0]?.changedBy ? { view, creds } : undefined;
      });
      expect(card.view.store).toBe('vault');
      expect(card.creds).toMatchObject({
        source: 'secret-manager',
        keys: [{ key: 'token', exists: true, changedBy: bob }],
      });
      expect(JSON.stringify(card)).not.toContain(VALUE);
    });

    it('rotates through Vault: a generated value lands at the team path, is synced, and the reader restarts', async () => {
      const set = await request(server)
        .post(
          `/api/paved/environments/local/${env.name}/secrets/api-creds/rotation`,
        )
        .set('Authorization', as(bob))
        .send({
          every: 'P30D',
          keys: [{ key: 'token', shape: { alphabet: 'hex', length: 48 } }],
        });
      expect(set.status).toBe(200);
      const path = `group.default.team-checkout/${env.name}/api-creds`;
      const stored = await fetch(`${addr}/v1/${mount}/data/${path}`, {
        headers: { 'X-Vault-Token': rootToken() },
      }).then(r => r.json());
      const rotated = stored.data.data.token as string;
      expect(rotated).toMatch(/^[0-9a-f]{48}$/);
      expect(rotated).not.toBe(VALUE);
      await waitFor(
        async () => {
          const s = await admin.request<any>({
            path: `/api/v1/namespaces/${env.name}/secrets/api-creds`,
          });
          return Buffer.from(s.data?.token ?? '', 'base64').toString() ===
            rotated
            ? true
            : undefined;
        },
        { timeoutMs: 90_000, what: 'the rotated value synced' },
      );
      const deployment = await admin.request<any>({
        path: `/apis/apps/v1/namespaces/${env.name}/deployments/api`,
      });
      expect(
        deployment.spec.template.metadata.annotations?.[
          'paved.dev/restarted-at'
        ],
      ).toBeDefined();

      const card = await request(server)
        .get(`/api/paved/environments/local/${env.name}/secrets`)
        .set('Authorization', as(bob));
      const creds = card.body.secrets.find((x: any) => x.name === 'api-creds');
      expect(creds.rotation).toMatchObject({ every: 'P30D' });
      expect(JSON.stringify(card.body)).not.toContain(rotated);
    });

    it("refuses, by Vault's own policy, a team token on another team's path", async () => {
      const vault = new VaultClient({
        address: addr,
        tokenFile: secretManager!.PAVED_VAULT_TOKEN_FILE,
        kvMount: mount,
      });
      const checkoutToken = await vault.teamToken(
        'group.default.team-checkout',
      );
      const res = await fetch(
        `${addr}/v1/${mount}/data/${otherTeamLabel}/${env.name}/stolen`,
        {
          method: 'POST',
          headers: { 'X-Vault-Token': checkoutToken },
          body: JSON.stringify({ data: { token: 'x' } }),
        },
      );
      expect(res.status).toBe(403);
    });
  },
);
