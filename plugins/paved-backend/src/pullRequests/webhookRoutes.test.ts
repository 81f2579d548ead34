import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import type {
  PreviewOutcome,
  PullRequestPreviews,
} from '@paved/plugin-paved-node';
import express from 'express';
import Router from 'express-promise-router';
import { createHmac, randomUUID } from 'node:crypto';
import request from 'supertest';
import {
  createTestDatabases,
  testDatabaseService,
} from '../__testUtils__/testDatabases';
import { DeliveryLog } from './DeliveryLog';
import { KeyedQueue } from './KeyedQueue';
import { GitWebhookDeps, addGitWebhookRoutes } from './webhookRoutes';

jest.setTimeout(60_000);

const SECRET = 'a-webhook-secret-of-some-length';
const sign = (body: string, secret = SECRET) =>
  createHmac('sha256', secret).update(body).digest('hex');

const pullRequest = (action: string, number = 7) =>
  JSON.stringify({
    action,
    number,
    repository: { name: 'orders-api', owner: { username: 'team-checkout' } },
  });

describe('POST /git/webhook', () => {
  const databases = createTestDatabases();
  const outcome: PreviewOutcome = {
    action: 'created',
    cluster: 'local',
    namespace: 'checkout-pr-7',
    team: 'group:default/team-checkout',
    pullRequest: 'http://git.local/team-checkout/orders-api/pulls/7',
    image: 'registry.paved.local/orders-api:1.1.0',
    message: 'Preview environment checkout-pr-7 is running',
  };

  async function setup(
    previews: GitWebhookDeps['previews'] | 'on' = 'on',
    gitops: 'on' | 'off' = 'on',
  ) {
    const sync = jest.fn(async () => outcome);
    const reconcile = jest.fn(async () => [
      { cluster: 'local', namespace: 'checkout-dev' },
    ]);
    const tellFailure = jest.fn(async () => {});
    const record = jest.fn(async () => undefined);
    const deliveries = await DeliveryLog.create({
      database: await testDatabaseService(databases, 'SQLITE_3'),
    });
    const router = Router();
    const queue = addGitWebhookRoutes(router, {
      previews:
        previews === 'on'
          ? {
              enabled: true,
              secret: SECRET,
              service: {
                sync,
                tellFailure,
                cluster: 'local',
              } as unknown as PullRequestPreviews,
            }
          : previews,
      deliveries,
      audit: { trail: { record } },
      logger: mockServices.logger.mock(),
      ...(gitops === 'on' ? { gitops: { reconcile } } : {}),
    });
    const server = express();
    server.use(router);
    server.use(
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger: mockServices.logger.mock(),
      }).error(),
    );
    const deliver = (
      body: string,
      headers: Record<string, string | undefined> = {},
    ) => {
      const all: Record<string, string | undefined> = {
        'content-type': 'application/json',
        'x-gitea-event': 'pull_request',
        'x-gitea-delivery': randomUUID(),
        'x-gitea-signature': sign(body),
        ...headers,
      };
      let call = request(server).post('/git/webhook');
      for (const [k, v] of Object.entries(all)) if (v) call = call.set(k, v);
      return call.send(body);
    };
    return { deliver, sync, tellFailure, record, reconcile, queue };
  }

  it('syncs the preview of a signed pull request delivery and records the outcome', async () => {
    const { deliver, sync, record, queue } = await setup();
    const response = await deliver(pullRequest('opened'));
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({
      accepted: true,
      subject: 'team-checkout/orders-api#7 opened',
    });
    await queue.idle();
    expect(sync).toHaveBeenCalledWith(
      { organization: 'team-checkout', repository: 'orders-api', number: 7 },
      expect.anything(),
    );
    expect(record).toHaveBeenCalledWith(
      expect.objectContaining({
        action: 'environment.preview',
        namespace: 'checkout-pr-7',
        outcome: 'succeeded',
      }),
    );
  });

  it('refuses a forged delivery with 401 and syncs nothing', async () => {
    const { deliver, sync, queue } = await setup();
    const body = pullRequest('opened');
    const forged = await deliver(body, {
      'x-gitea-signature': sign(body, 'guessed-secret-value'),
    });
    expect(forged.status).toBe(401);
    expect(forged.body.error.message).toContain('does not match');
    const unsigned = await deliver(body, { 'x-gitea-signature': '' });
    expect(unsigned.status).toBe(401);
    // a body changed after signing
    const changed = await deliver(pullRequest('opened', 8), {
      'x-gitea-signature': sign(body),
    });
    expect(changed.status).toBe(401);
    await queue.idle();
    expect(sync).not.toHaveBeenCalled();
  });

  it('refuses a replayed delivery with 409', async () => {
    const { deliver, sync, queue } = await setup();
    const id = randomUUID();
    const body = pullRequest('synchronized');
    expect((await deliver(body, { 'x-gitea-delivery': id })).status).toBe(202);
    const replay = await deliver(body, { 'x-gitea-delivery': id });
    expect(replay.status).toBe(409);
    expect(replay.body.error.message).toContain(
      `Delivery ${id} was accepted before`,
    );
    await queue.idle();
    expect(sync).toHaveBeenCalledTimes(1);
  });

  it('answers events and actions that do not change a preview without acting', async () => {
    const { deliver, sync, queue } = await setup();
    const release = await deliver(pullRequest('opened'), {
      'x-gitea-event': 'release',
    });
    expect(release.status).toBe(202);
    expect(release.body).toEqual({
      accepted: false,
      reason: 'event "release" is not a pull request event',
    });
    const label = await deliver(pullRequest('label_updated'));
    expect(label.body).toMatchObject({
      accepted: false,
      reason: 'action label_updated does not change a preview',
    });
    await queue.idle();
    expect(sync).not.toHaveBeenCalled();
  });

  describe('push', () => {
    const push = (ref = 'refs/heads/main') =>
      JSON.stringify({
        ref,
        after: 'f'.repeat(40),
        repository: { name: 'deploy', owner: { username: 'team-checkout' } },
      });

    it('asks Flux to reconcile the environments delivered from the pushed branch, each in the audit trail', async () => {
      const { deliver, reconcile, record, queue, sync } = await setup();
      const response = await deliver(push(), { 'x-gitea-event': 'push' });
      expect(response.status).toBe(202);
      expect(response.body).toMatchObject({
        accepted: true,
        subject: 'team-checkout/deploy push to main',
      });
      await queue.idle();
      expect(reconcile).toHaveBeenCalledWith(
        expect.objectContaining({
          organization: 'team-checkout',
          repository: 'deploy',
          branch: 'main',
        }),
      );
      expect(record).toHaveBeenCalledWith(
        expect.objectContaining({
          action: 'environment.gitops-reconcile',
          cluster: 'local',
          namespace: 'checkout-dev',
          target: 'team-checkout/deploy@main',
        }),
      );
      expect(sync).not.toHaveBeenCalled();
    });

    it('refuses a replayed push and a forged one, and acts on neither a tag nor a push when GitOps is off', async () => {
      const on = await setup();
      const id = randomUUID();
      const body = push();
      const headers = { 'x-gitea-event': 'push', 'x-gitea-delivery': id };
      expect((await on.deliver(body, headers)).status).toBe(202);
      expect((await on.deliver(body, headers)).status).toBe(409);
      const forged = await on.deliver(body, {
        'x-gitea-event': 'push',
        'x-gitea-signature': sign(body, 'not-the-secret'),
      });
      expect(forged.status).toBe(401);
      const tag = await on.deliver(push('refs/tags/v1'), {
        'x-gitea-event': 'push',
      });
      expect(tag.body).toMatchObject({
        accepted: false,
        reason: 'a tag push changes no environment',
      });
      await on.queue.idle();
      expect(on.reconcile).toHaveBeenCalledTimes(1);

      const off = await setup('on', 'off');
      const ignored = await off.deliver(push(), { 'x-gitea-event': 'push' });
      expect(ignored.body).toMatchObject({
        accepted: false,
        reason: 'GitOps reconciles are off on this backend',
      });
    });
  });

  it('says why with 503 when previews are off', async () => {
    const { deliver } = await setup({
      enabled: false,
      reason:
        'no webhook secret is configured (paved.git.previews.webhookSecret)',
    });
    const response = await deliver(pullRequest('opened'));
    expect(response.status).toBe(503);
    expect(response.body.error.message).toBe(
      'Pull request previews are off: no webhook secret is configured (paved.git.previews.webhookSecret)',
    );
  });

  it('tells the pull request and the audit trail when a sync fails', async () => {
    const { deliver, sync, tellFailure, record, queue } = await setup();
    sync.mockRejectedValueOnce(new Error('cluster local did not answer'));
    expect((await deliver(pullRequest('opened'))).status).toBe(202);
    await queue.idle();
    expect(tellFailure).toHaveBeenCalledWith(
      { organization: 'team-checkout', repository: 'orders-api', number: 7 },
      'cluster local did not answer',
    );
    expect(record).toHaveBeenCalledWith(
      expect.objectContaining({
        action: 'environment.preview',
        outcome: 'failed',
        message: 'cluster local did not answer',
      }),
    );
  });
});

describe('KeyedQueue', () => {
  it('runs one task at a time per key, in order, and keeps going after a failure', async () => {
    const queue = new KeyedQueue();
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>(resolve => {
      release = resolve;
    });
    queue.run('a', async () => {
      order.push('a1 start');
      await gate;
      order.push('a1 end');
      throw new Error('a1 failed');
    });
    queue.run('a', async () => {
      order.push('a2');
    });
    await queue.run('b', async () => {
      order.push('b1');
    });
    expect(order).toEqual(['a1 start', 'b1']);
    release();
    await queue.idle();
    expect(order).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
  });
});
