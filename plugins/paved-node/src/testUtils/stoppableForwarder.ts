import { ChildProcess, spawn } from 'node:child_process';

/**
 * A TCP forwarder to a service, running as a child process of the test that can be stopped (SIGSTOP): the
 * service then looks reachable (connections are accepted by the kernel) but never answers.
 *
 * @public
 */
export interface StoppableForwarder {
  /** `host:port` of the forwarder on loopback, to use instead of the service's. */
  readonly address: string;
  /** The forwarder process's id. */
  readonly pid: number;
  /** Stops the forwarder process (SIGSTOP). */
  stop(): void;
  /** Lets the forwarder process run again (SIGCONT). */
  resume(): void;
  /**
   * Resets every connection open through the forwarder (SIGUSR2), as a network fault would; new
   * connections are forwarded as before. Resolves once the forwarder has done it.
   */
  cut(): Promise<void>;
  /** Resumes and ends the forwarder process. */
  close(): Promise<void>;
}

// plain JavaScript for `node -e`: forwards every connection to argv[1]:argv[2], prints its own port
const FORWARDER = `
const net = require('node:net');
const [host, port] = [process.argv[1], Number(process.argv[2])];
const open = new Set();
process.on('SIGUSR2', () => {
  for (const socket of open) socket.resetAndDestroy();
  process.stdout.write('cut ' + open.size + '\\n');
});
const server = net.createServer(client => {
  const upstream = net.connect(port, host);
  for (const socket of [client, upstream]) {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  }
  client.pipe(upstream);
  upstream.pipe(client);
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

/**
 * Starts a {@link StoppableForwarder} to the host and port of `target` (a URL).
 *
 * @public
 */
export async function startStoppableForwarder(
  target: string,
): Promise<StoppableForwarder> {
  const url = new URL(target);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const child: ChildProcess = spawn(
    process.execPath,
    ['-e', FORWARDER, url.hostname, port],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const listening = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', chunk => {
      out += chunk;
      if (out.includes('\n')) resolve(out.trim());
    });
    child.once('error', reject);
    child.once('exit', code =>
      reject(new Error(`the forwarder to ${target} exited (${code})`)),
    );
  });
  const pid = child.pid!;
  return {
    address: `127.0.0.1:${listening}`,
    pid,
    stop: () => process.kill(pid, 'SIGSTOP'),
    resume: () => process.kill(pid, 'SIGCONT'),
    cut: async () => {
      const done = new Promise<void>(resolve => {
        const onData = (chunk: Buffer) => {
          if (String(chunk).includes('cut ')) {
            child.stdout!.off('data', onData);
            resolve();
          }
        };
        child.stdout!.on('data', onData);
      });
      process.kill(pid, 'SIGUSR2');
      await done;
    },
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise(resolve => child.once('exit', resolve));
      process.kill(pid, 'SIGCONT');
      process.kill(pid, 'SIGTERM');
      await exited;
    },
  };
}
