import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A plain-HTTP server on 127.0.0.1 and a free port, answering every request with `handler`: the double of an API
 * server, Jaeger, a git host or the Paved backend in unit tests. `close` ends open connections too.
 *
 * @public
 */
export async function loopbackServer(handler: http.RequestListener) {
  const server = http.createServer(handler);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
