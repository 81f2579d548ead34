import { ConfigReader } from '@backstage/config';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { KubernetesClient } from '../../cluster/KubernetesClient';
import {
  localSecretManagerEnv,
  createTestNamespace,
  localAdminClient,
  rejectionOf,
  waitFor,
} from '../../testUtils';
import { VaultClient } from './VaultClient';

// Talks to the local Vault and to External Secrets Operator, which syncs on its own schedule.
jest.setTimeout(180_000);

const env = localSecretManagerEnv();
const describeVault = env ? describe : describe.skip;
const CHECKOUT = 'group.default.team-checkout';
const PAYMENTS = 'group.default.team-payments';
const SEARCH = 'group.default.team-search';
const unique = () => randomBytes(6).toString('hex');

describeVault(
  env
    ? 'Vault and External Secrets Operator (local secret manager)'
    : 'Vault and External Secrets Operator (skipped: no local secret manager; run tools/secrets/up.sh)',
  () => {
    const addr = env?.PAVED_VAULT_ADDR ?? '';
    const mount = env?.PAVED_VAULT_KV_MOUNT ?? 'paved';
    const rootToken = () =>
      fs.readFileSync(env!.PAVED_VAULT_ROOT_TOKEN_FILE, 'utf8').trim();
    const pavedToken = () =>
      fs.readFileSync(env!.PAVED_VAULT_TOKEN_FILE, 'utf8').trim();
    const client = VaultClient.fromConfig(
      new ConfigReader({
        paved: {
          secrets: {
            vault: { address: addr, tokenFile: env?.PAVED_VAULT_TOKEN_FILE },
          },
        },
      }),
    )!;
    const written: string[] = [];

    /** A raw Vault request with a given token: its status and body. */
    async function vault(
      token: string,
      method: string,
      apiPath: string,
      body?: unknown,
    ) {
      const response = await fetch(`${addr}/v1/${apiPath}`, {
        method,
        headers: {
          'X-Vault-Token': token,
          'Content-Type':
            method === 'PATCH'
              ? 'application/merge-patch+json'
              : 'application/json',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : {} };
    }
    async function write(
      team: string,
      ns: string,
      name: string,
      values: Record<string, string>,
    ) {
      written.push(`${mount}/metadata/${team}/${ns}/${name}`);
      return client.writeKeys(team, ns, name, values);
    }

    afterAll(async () => {
      for (const p of written) await vault(rootToken(), 'DELETE', p);
    });

    it("writes and merges a team's keys with the team's token; Vault holds them", async () => {
      const ns = `vt-${unique()}`;
      const url = `postgres://db-${unique()}`;
      const password = `pw-${unique()}`;
      await write(CHECKOUT, ns, 'db', { url });
      const { version } = await write(CHECKOUT, ns, 'db', { password });
      expect(version).toBe(2);
      const stored = await vault(
        rootToken(),
        'GET',
        `${mount}/data/${CHECKOUT}/${ns}/db`,
      );
      expect(stored.status).toBe(200);
      expect(stored.body.data.data).toEqual({ url, password });
    });

    it("refuses a team's token on another team's path, and on reading its own values", async () => {
      const ns = `vt-${unique()}`;
      const token = await client.teamToken(CHECKOUT);
      const other = await vault(
        token,
        'POST',
        `${mount}/data/${PAYMENTS}/${ns}/db`,
        {
          data: { k: 'v' },
        },
      );
      expect(other.status).toBe(403);
      await write(CHECKOUT, ns, 'db', { k: `v-${unique()}` });
      const own = await vault(
        token,
        'GET',
        `${mount}/data/${CHECKOUT}/${ns}/db`,
      );
      expect(own.status).toBe(403);
      // metadata (which keys exist, versions) is readable
      const meta = await vault(
        token,
        'GET',
        `${mount}/metadata/${CHECKOUT}/${ns}/db`,
      );
      expect(meta.status).toBe(200);

      // another team's token (search has a policy of its own) cannot write checkout's path either
      const cross = await vault(
        await client.teamToken(SEARCH),
        'PATCH',
        `${mount}/data/${CHECKOUT}/${ns}/db`,
        { data: { k: 'x' } },
      );
      expect(cross.status).toBe(403);
      // through the client, a refusal is a NotAllowedError naming the path
      const error = await client
        .writeKeys(PAYMENTS, ns, 'db', { k: 'v' })
        .catch(e => e);
      expect(error.name).toBe('NotAllowedError');
      expect(error.message).toContain(`${mount}/data/${PAYMENTS}/${ns}/db`);
    });

    it("denies Paved's own token every secret value", async () => {
      const ns = `vt-${unique()}`;
      await write(CHECKOUT, ns, 'db', { k: `v-${unique()}` });
      const data = `${mount}/data/${CHECKOUT}/${ns}/db`;
      for (const [method, body] of [
        ['GET', undefined],
        ['POST', { data: { k: 'x' } }],
        ['PATCH', { data: { k: 'x' } }],
      ] as const) {
        expect((await vault(pavedToken(), method, data, body)).status).toBe(
          403,
        );
      }
      expect(
        (
          await vault(
            pavedToken(),
            'GET',
            `${mount}/metadata/${CHECKOUT}/${ns}/db`,
          )
        ).status,
      ).toBe(403);
    });

    describe('External Secrets Operator', () => {
      let admin: KubernetesClient;
      const cleanups: Array<() => Promise<void>> = [];
      beforeAll(async () => {
        admin = await localAdminClient();
      });
      afterAll(async () => {
        for (const cleanup of cleanups) await cleanup();
      });

      /** A namespace with the ServiceAccount paved-secrets, a Vault SecretStore and an ExternalSecret of `key`. */
      async function syncedNamespace(key: (ns: string) => string) {
        const ns = await createTestNamespace(admin, { prefix: 'vault-eso' });
        cleanups.push(ns.cleanup);
        const base = `/api/v1/namespaces/${ns.name}`;
        const es = `/apis/external-secrets.io/v1/namespaces/${ns.name}`;
        await admin.request({
          method: 'POST',
          path: `${base}/serviceaccounts`,
          body: {
            apiVersion: 'v1',
            kind: 'ServiceAccount',
            metadata: { name: 'paved-secrets' },
          },
        });
        await admin.request({
          method: 'POST',
          path: `${es}/secretstores`,
          body: {
            apiVersion: 'external-secrets.io/v1',
            kind: 'SecretStore',
            metadata: { name: 'vault' },
            spec: {
              provider: {
                vault: {
                  server: addr,
                  path: mount,
                  version: 'v2',
                  auth: {
                    kubernetes: {
                      mountPath: 'kubernetes',
                      role: 'paved-eso',
                      serviceAccountRef: { name: 'paved-secrets' },
                    },
                  },
                },
              },
            },
          },
        });
        await admin.request({
          method: 'POST',
          path: `${es}/externalsecrets`,
          body: {
            apiVersion: 'external-secrets.io/v1',
            kind: 'ExternalSecret',
            metadata: { name: 'app' },
            spec: {
              refreshInterval: '10s',
              secretStoreRef: { kind: 'SecretStore', name: 'vault' },
              target: { name: 'app', creationPolicy: 'Owner' },
              dataFrom: [{ extract: { key: key(ns.name) } }],
            },
          },
        });
        return { ns: ns.name, base, es };
      }

      const ready = (obj: any) =>
        (obj?.status?.conditions ?? []).find((c: any) => c.type === 'Ready');

      it("syncs a namespace's own path into a Secret, and Vault refuses another namespace's path", async () => {
        const greeting = `hello-${unique()}`;
        const own = await syncedNamespace(ns => `${CHECKOUT}/${ns}/app`);
        await write(CHECKOUT, own.ns, 'app', { greeting });
        const secret = await waitFor(
          async () => {
            const s = await admin.request<{ data?: Record<string, string> }>({
              path: `${own.base}/secrets/app`,
            });
            return s.data?.greeting ? s : undefined;
          },
          { timeoutMs: 60_000, what: `Secret app synced in ${own.ns}` },
        );
        expect(Buffer.from(secret.data!.greeting, 'base64').toString()).toBe(
          greeting,
        );

        const thief = await syncedNamespace(() => `${CHECKOUT}/${own.ns}/app`);
        // its store logs in (the refusal is the policy's, not a broken store) ...
        await waitFor(
          async () =>
            ready(
              await admin.request({ path: `${thief.es}/secretstores/vault` }),
            )?.status === 'True' || undefined,
          { timeoutMs: 60_000, what: `SecretStore ready in ${thief.ns}` },
        );
        // ... and ESO reports Vault's denial of the other namespace's path
        await waitFor(
          async () => {
            const es = await admin.request({
              path: `${thief.es}/externalsecrets/app`,
            });
            if (ready(es)?.status !== 'False') return undefined;
            const events = await admin.request<{
              items: Array<{
                message?: string;
                involvedObject: { name: string; kind: string };
              }>;
            }>({ path: `${thief.base}/events` });
            return events.items.find(
              e =>
                e.involvedObject.kind === 'ExternalSecret' &&
                /permission denied|403/.test(e.message ?? ''),
            );
          },
          { timeoutMs: 60_000, what: `Vault's denial reported in ${thief.ns}` },
        );
        const stolen = await rejectionOf(
          admin.request({ path: `${thief.base}/secrets/app` }),
        );
        expect(stolen.name).toBe('NotFoundError');
      });
    });
  },
);
