import { KubeConfig } from '@kubernetes/client-node';
import { loopbackServer } from '../testUtils/loopbackServer';
import { KubernetesClient } from './KubernetesClient';

/** A local plain-HTTP API server double that records each request's Authorization header. */
async function recordingServer() {
  const seen: Array<string | undefined> = [];
  const server = await loopbackServer((req, res) => {
    seen.push(req.headers.authorization);
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"kind":"NamespaceList","items":[]}');
    });
  });
  return { ...server, seen };
}

function kubeConfigFor(url: string, user: Record<string, unknown>) {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'fake', server: url, skipTLSVerify: true }],
    users: [{ name: 'someone', ...user }],
    contexts: [{ name: 'fake', cluster: 'fake', user: 'someone' }],
    currentContext: 'fake',
  });
  return kubeConfig;
}

describe('the Kubernetes client’s Authorization header', () => {
  let server: Awaited<ReturnType<typeof recordingServer>>;
  beforeEach(async () => {
    server = await recordingServer();
  });
  afterEach(() => server.close());

  it('sends the kubeconfig user’s token on every request', async () => {
    const client = await KubernetesClient.fromKubeConfig(
      kubeConfigFor(server.url, { token: 'kubeconfig-token' }),
    );
    await client.request({ path: '/api/v1/namespaces' });
    await client.request({ path: '/api/v1/namespaces' });
    expect(server.seen).toEqual([
      'Bearer kubeconfig-token',
      'Bearer kubeconfig-token',
    ]);
  });

  it('sends none for a user without header auth, and the credential source’s token when there is one', async () => {
    const plain = await KubernetesClient.fromKubeConfig(
      kubeConfigFor(server.url, {}),
    );
    await plain.request({ path: '/api/v1/namespaces' });
    let current = 'first';
    const rotating = await KubernetesClient.create(
      {
        name: 'fake',
        url: server.url,
        skipTLSVerify: true,
        impersonate: false,
      },
      undefined,
      undefined,
      async () => current,
    );
    await rotating.request({ path: '/api/v1/namespaces' });
    current = 'second';
    await rotating.request({ path: '/api/v1/namespaces' });
    expect(server.seen).toEqual([undefined, 'Bearer first', 'Bearer second']);
  });
});
