import { createHmac } from 'node:crypto';
import {
  parsePullRequestDelivery,
  parsePushDelivery,
  verifyWebhookSignature,
} from './webhook';

const SECRET = 'a-webhook-secret-of-some-length';
const sign = (body: Buffer, secret = SECRET) =>
  createHmac('sha256', secret).update(body).digest('hex');

const payload = {
  action: 'opened',
  number: 7,
  pull_request: { title: 'Bump to 1.1.0' },
  repository: { name: 'orders-api', owner: { username: 'team-checkout' } },
};
const body = Buffer.from(JSON.stringify(payload));

describe('verifyWebhookSignature', () => {
  it('accepts the HMAC-SHA256 of the raw body under the secret, in either case', () => {
    expect(() =>
      verifyWebhookSignature(body, sign(body), SECRET),
    ).not.toThrow();
    expect(() =>
      verifyWebhookSignature(body, sign(body).toUpperCase(), SECRET),
    ).not.toThrow();
  });

  it.each([
    ['missing', undefined, 'has no X-Gitea-Signature header'],
    [
      'signed with another secret',
      sign(body, 'another-secret-value'),
      'does not match',
    ],
    ['of a changed body', sign(Buffer.from(`${body} `)), 'does not match'],
    ['not hex', 'z'.repeat(64), 'does not match'],
    ['too short', sign(body).slice(0, 40), 'does not match'],
  ])('refuses a signature that is %s with a 401', (_, signature, message) => {
    let error: unknown;
    try {
      verifyWebhookSignature(body, signature, SECRET);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ name: 'AuthenticationError' });
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain(sign(body));
  });
});

describe('parsePullRequestDelivery', () => {
  const headers = {
    event: 'pull_request',
    delivery: 'f6266f16-1bf3-46a5-9ea4-602e06ead473',
  };

  it('reads the pull request a delivery is about', () => {
    expect(parsePullRequestDelivery(headers, body)).toEqual({
      delivery: headers.delivery,
      action: 'opened',
      organization: 'team-checkout',
      repository: 'orders-api',
      number: 7,
    });
  });

  it('gives nothing for events other than pull requests', () => {
    expect(
      parsePullRequestDelivery({ ...headers, event: 'push' }, body),
    ).toBeUndefined();
  });

  it.each([
    [
      { ...headers, delivery: undefined },
      body,
      'X-Gitea-Delivery: give the delivery id',
    ],
    [
      { ...headers, delivery: 'a b' },
      body,
      'X-Gitea-Delivery: give the delivery id',
    ],
    [headers, Buffer.from('{not json'), 'is not JSON'],
    [
      headers,
      Buffer.from(JSON.stringify({ ...payload, number: 'seven' })),
      'delivery’s number is not valid',
    ],
    [
      headers,
      Buffer.from(JSON.stringify({ ...payload, repository: { name: 'x' } })),
      'delivery’s repository.owner is not valid',
    ],
  ])('names the field of a malformed delivery (%#)', (h, b, message) => {
    expect(() => parsePullRequestDelivery(h, b)).toThrow(message);
  });
});

describe('parsePushDelivery', () => {
  const headers = {
    event: 'push',
    delivery: 'f0e1d2c3-b4a5-4697-8899-aabbccddeeff',
  };
  const push = (ref: unknown) =>
    Buffer.from(
      JSON.stringify({
        ref,
        after: 'a'.repeat(40),
        repository: { name: 'deploy', owner: { username: 'team-checkout' } },
      }),
    );

  it('reads the repository and the branch pushed to; a tag has no branch; other events are not pushes', () => {
    expect(parsePushDelivery(headers, push('refs/heads/release/2'))).toEqual({
      delivery: headers.delivery,
      organization: 'team-checkout',
      repository: 'deploy',
      branch: 'release/2',
    });
    expect(parsePushDelivery(headers, push('refs/tags/v1'))).toEqual({
      delivery: headers.delivery,
      organization: 'team-checkout',
      repository: 'deploy',
    });
    expect(
      parsePushDelivery(
        { ...headers, event: 'pull_request' },
        push('refs/heads/main'),
      ),
    ).toBeUndefined();
  });

  it('names the field of a malformed push, and a bad delivery id', () => {
    expect(() => parsePushDelivery(headers, push(7))).toThrow(
      /The push delivery’s ref is not valid/,
    );
    expect(() =>
      parsePushDelivery({ ...headers, delivery: 'x' }, push('refs/heads/main')),
    ).toThrow(/X-Gitea-Delivery/);
    expect(() => parsePushDelivery(headers, Buffer.from('{'))).toThrow(
      /not JSON/,
    );
  });
});
