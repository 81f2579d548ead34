import { loopbackServer } from '../testUtils/loopbackServer';
import { UpstreamTimeoutError } from '../limits/errors';
import { PavedBackendClient } from './PavedBackendClient';

describe('PavedBackendClient', () => {
  it('fails a call the backend does not answer in time, naming the call and the config key', async () => {
    // a backend that takes the request and never answers
    const server = await loopbackServer(() => {});
    try {
      const client = new PavedBackendClient(
        { getBaseUrl: async () => `${server.url}/api/paved` } as any,
        { getPluginRequestToken: async () => ({ token: 'token' }) } as any,
        undefined,
        300,
      );
      const error = await client
        .requestApproval(
          {
            kind: 'apply',
            cluster: 'local',
            namespace: 'shop-production',
            manifests: [],
            force: false,
            wait: false,
            timeoutSeconds: 60,
          },
          {} as any,
        )
        .catch(e => e);
      expect(error).toBeInstanceOf(UpstreamTimeoutError);
      expect(error.message).toBe(
        'The Paved backend did not answer POST /approvals within 300 ms (paved.limits.timeouts.backendMs)',
      );
    } finally {
      await server.close();
    }
  });
});
