import { KubernetesClient } from './KubernetesClient';
import { ownUserName } from './ownUserName';
import { PavedCluster } from './types';

/** Clients of one cluster answering SelfSubjectReviews in turn from `answers` (an Error entry fails). */
function fakeClients(answers: Array<string | Error>) {
  const cluster = { name: 'local' } as PavedCluster;
  let asked = 0;
  const client = (impersonating?: object) =>
    ({
      cluster,
      impersonating,
      request: async () => {
        const answer = answers[asked++];
        if (answer instanceof Error) throw answer;
        return { status: { userInfo: { username: answer } } };
      },
    } as unknown as KubernetesClient);
  return { client, asked: () => asked };
}

describe('ownUserName', () => {
  it("asks a cluster once for all of Paved's own clients of it", async () => {
    const { client, asked } = fakeClients(['paved-a', 'paved-b']);
    expect(await ownUserName(client())).toBe('paved-a');
    expect(await ownUserName(client())).toBe('paved-a');
    expect(asked()).toBe(1);
  });

  it('asks again after a failure', async () => {
    const { client, asked } = fakeClients([new Error('down'), 'paved-a']);
    expect(await ownUserName(client())).toBeUndefined();
    expect(await ownUserName(client())).toBe('paved-a');
    expect(asked()).toBe(2);
  });

  it('asks each impersonating client for itself', async () => {
    const { client, asked } = fakeClients(['paved-a', 'user-b']);
    expect(await ownUserName(client())).toBe('paved-a');
    expect(await ownUserName(client({ user: 'b', groups: [] }))).toBe('user-b');
    expect(asked()).toBe(2);
  });
});
