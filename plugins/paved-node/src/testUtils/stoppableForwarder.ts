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
  /** Resumes and ends the forwarder process. */
  close(): Promise<void>;
}

// plain JavaScript for `node -e`: forwards every connection to argv[1]:argv[2], prints its own port
const FORWARDER = `
const net = require('node:net');
const [host, port] = [process.argv[1], Number(process.argv[2])];
const server = net.createServer(client => {
  const upstream = net.connect(port, host);
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
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise(resolve => child.once('exit', resolve));
      process.kill(pid, 'SIGCONT');
      process.kill(pid, 'SIGTERM');
      await exited;
    },
  };
}
