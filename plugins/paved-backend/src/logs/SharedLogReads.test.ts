import { NotAllowedError } from '@backstage/errors';
import {
  BoundedLogRead,
  ClusterIdentity,
  LogOptions,
} from '@paved/plugin-paved-node';
import {
  LOG_READ_PROOF_MS,
  SharedLogReads,
  logReadKey,
} from './SharedLogReads';

const bob = { user: 'user:default/bob', groups: ['group:default/shop'] };
const ann = { user: 'user:default/ann', groups: ['group:default/shop'] };
const tail = (pod: string, tailLines = 20): LogOptions => ({
  namespace: 'shop-dev',
  pod,
  container: 'app',
  tailLines,
  limitBytes: 1000,
});

describe('SharedLogReads', () => {
  let now: number;
  let shared: SharedLogReads;
  /** Every read that reached the "API server": who read which pod. */
  let reads: string[];
  /** Users the "API server" refuses. */
  let refused: Set<string>;

  const read = (identity: ClusterIdentity, options: LogOptions) =>
    shared.read('one', identity, options, async (): Promise<BoundedLogRead> => {
      reads.push(`${identity.user} ${options.pod}`);
      if (refused.has(identity.user)) {
        throw new NotAllowedError(`${identity.user} may not read logs`);
      }
      return {
        lines: [
          {
            time: '2026-11-21T10:00:00Z',
            text: `${options.pod} line read by ${identity.user}`,
            pod: options.pod,
            container: options.container,
          },
        ],
        truncated: false,
      };
    });

  beforeEach(() => {
    now = 1_000_000;
    reads = [];
    refused = new Set();
    shared = new SharedLogReads(3000, () => now);
  });

  it("reads a user's first tail of a pod as them, then answers both users from one read within the TTL", async () => {
    await read(bob, tail('shop-1'));
    await read(ann, tail('shop-1'));
    expect(reads).toEqual([
      'user:default/bob shop-1',
      'user:default/ann shop-1',
    ]);
    now += 1000;
    const again = await Promise.all([
      read(bob, tail('shop-1')),
      read(ann, tail('shop-1')),
    ]);
    expect(reads).toHaveLength(2);
    // the read kept first (bob's) serves both until the TTL ends
    expect(again.map(r => r.lines[0].text)).toEqual([
      'shop-1 line read by user:default/bob',
      'shop-1 line read by user:default/bob',
    ]);
  });

  it('never answers a user the API server refuses, however fresh the others’ read is', async () => {
    await read(bob, tail('shop-1'));
    refused.add(ann.user);
    await expect(read(ann, tail('shop-1'))).rejects.toThrow(
      'user:default/ann may not read logs',
    );
    await expect(read(ann, tail('shop-1'))).rejects.toThrow(NotAllowedError);
    expect(reads).toEqual([
      'user:default/bob shop-1',
      'user:default/ann shop-1',
      'user:default/ann shop-1',
    ]);
  });

  it('vouches for one pod only: a read of another pod is made as the user again', async () => {
    await read(bob, tail('shop-1'));
    await read(bob, tail('shop-2'));
    expect(reads).toEqual([
      'user:default/bob shop-1',
      'user:default/bob shop-2',
    ]);
  });

  it('vouches per identity: the same user with other groups reads for themselves', async () => {
    await read(bob, tail('shop-1'));
    await read({ ...bob, groups: ['group:default/other'] }, tail('shop-1'));
    expect(reads).toHaveLength(2);
  });

  it('makes a user read for themselves again once their proof is older than LOG_READ_PROOF_MS', async () => {
    await read(bob, tail('shop-1'));
    await read(ann, tail('shop-1'));
    now += LOG_READ_PROOF_MS - 1;
    await read(ann, tail('shop-1'));
    expect(reads).toHaveLength(3); // the cached read had expired: one shared read, made by ann
    now += 1;
    await read(bob, tail('shop-1'));
    expect(reads.at(-1)).toBe('user:default/bob shop-1');
    expect(reads).toHaveLength(4);
  });

  it('reads again after the TTL, and keeps different reads of one container apart', async () => {
    await read(bob, tail('shop-1', 20));
    await read(bob, tail('shop-1', 80));
    expect(reads).toHaveLength(2);
    now += 3000;
    await read(bob, tail('shop-1', 20));
    expect(reads).toHaveLength(3);
  });

  it('gives every caller its own array of lines', async () => {
    const first = await read(bob, tail('shop-1'));
    first.lines.length = 0;
    const second = await read(bob, tail('shop-1'));
    expect(second.lines).toHaveLength(1);
    expect(reads).toHaveLength(1);
  });

  it('shares nothing with a TTL of 0, nor a read that may be aborted', async () => {
    shared = new SharedLogReads(0, () => now);
    await read(bob, tail('shop-1'));
    await read(bob, tail('shop-1'));
    shared = new SharedLogReads(3000, () => now);
    const signal = new AbortController().signal;
    await read(bob, { ...tail('shop-1'), signal });
    await read(bob, { ...tail('shop-1'), signal });
    expect(reads).toHaveLength(4);
  });

  it('keys a read by every option that changes its answer', () => {
    const base = tail('shop-1');
    const keys = new Set(
      [
        base,
        { ...base, namespace: 'shop-prod' },
        { ...base, container: 'sidecar' },
        { ...base, tailLines: 21 },
        { ...base, sinceSeconds: 60 },
        { ...base, sinceTime: '2026-11-21T10:00:00Z' },
        { ...base, previous: true },
        { ...base, limitBytes: 2000 },
      ].map(options => logReadKey('one', options)),
    );
    keys.add(logReadKey('two', base));
    expect(keys.size).toBe(9);
  });
});
