import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '@paved/plugin-paved-node/testUtils';

/** The replica set of tools/replicas (two backends, haproxy, their own PostgreSQL), for the fault tests. */

const run = promisify(execFile);
const REPO = repoRoot();

/** Starts (or keeps) the replica set; resolves with its addresses from `.replicas/env`. */
export async function replicasUp(): Promise<{
  lb: string;
  replicas: Record<string, string>;
  pgUrl: string;
}> {
  await run('bash', [path.join(REPO, 'tools/replicas/up.sh')], {
    timeout: 900_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const env = Object.fromEntries(
    fs
      .readFileSync(path.join(REPO, '.replicas/env'), 'utf8')
      .split('\n')
      .map(line => /^([A-Z_]+)='(.*)'$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map(m => [m[1], m[2]]),
  );
  const names = env.PAVED_REPLICA_NAMES.split(',');
  const urls = env.PAVED_REPLICA_URLS.split(',');
  return {
    lb: env.PAVED_REPLICAS_URL,
    replicas: Object.fromEntries(names.map((n, i) => [n, urls[i]])),
    pgUrl: env.PAVED_REPLICAS_PG_URL,
  };
}

/** The pid tools/replicas/up.sh recorded for `name` (replica-1, replica-2, haproxy). */
export function replicaPid(name: string): number {
  const [pid] = fs
    .readFileSync(path.join(REPO, `.replicas/pids/${name}.pid`), 'utf8')
    .split(/\s+/);
  return Number(pid);
}

/** Whether process `pid` still runs (and is no zombie). */
export function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.split(' ')[2] !== 'Z';
  } catch {
    return false;
  }
}

/**
 * Runs tools/postgres/<script>.sh on the replicas' own PostgreSQL (never the shared one), with the directory and
 * port tools/replicas chose for it.
 */
export async function replicasPostgres(script: 'up' | 'down') {
  await run(
    'bash',
    [
      '-c',
      'source "$1/tools/replicas/lib.sh" && replicas_postgres "$2"',
      'replicas-postgres',
      REPO,
      script,
    ],
    { timeout: 120_000 },
  );
}

/** A real token of an example user from the local sign-in (`x-paved-local-user`). */
export async function tokenOf(url: string, user: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/localUsers/refresh`, {
    headers: { 'x-paved-local-user': user },
  });
  if (!response.ok) {
    throw new Error(
      `signing in as ${user}: ${response.status} ${await response.text()}`,
    );
  }
  return (await response.json()).backstageIdentity.token;
}

/** Reads server-sent events of a follow until `until` says stop or the stream ends; returns the events. */
export async function readEvents(
  response: Response,
  until: (events: { event: string; data: string }[]) => boolean,
): Promise<{ event: string; data: string }[]> {
  const events: { event: string; data: string }[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as any) {
    buffer += decoder.decode(chunk, { stream: true });
    for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, i);
      buffer = buffer.slice(i + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      if (event)
        events.push({ event, data: /^data: (.*)$/m.exec(block)?.[1] ?? '' });
    }
    if (until(events)) break;
  }
  return events;
}
