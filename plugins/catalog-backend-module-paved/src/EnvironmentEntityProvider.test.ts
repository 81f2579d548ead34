import { mockServices } from '@backstage/backend-test-utils';
import { ClusterRegistry } from '@paved/plugin-paved-node';
import net from 'node:net';
import { EnvironmentEntityProvider } from './EnvironmentEntityProvider';

describe('EnvironmentEntityProvider', () => {
  it('keeps the catalog\u2019s environments when a cluster cannot be read', async () => {
    // a loopback port that refuses connections: a cluster whose API server is down
    const closed = await new Promise<number>(resolve => {
      const server = net.createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const clusters = ClusterRegistry.fromClusters([
      {
        name: 'down',
        url: `https://127.0.0.1:${closed}`,
        skipTLSVerify: true,
        token: 'unused',
        impersonate: true,
      },
    ]);
    const logger = mockServices.logger.mock();
    const provider = new EnvironmentEntityProvider(
      clusters,
      { run: async () => {} },
      logger,
    );
    const connection = { applyMutation: jest.fn(), refresh: jest.fn() };
    await provider.connect(connection);

    expect(await provider.refresh()).toEqual([]);
    expect(connection.applyMutation).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledWith(
      'The catalog keeps the environments it has until cluster(s) down can be read again',
    );
  });
});
