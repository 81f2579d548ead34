'use strict';

// A queue worker skeleton. Paved's default probes check a heartbeat: the worker touches /tmp/healthy
// after every poll, and the pod is restarted when the file is older than two minutes. The queue URL comes
// from ${{ values.queueEnv or 'QUEUE_URL' }}, set from the app spec's queue.urlFrom.
const fs = require('node:fs');

const HEARTBEAT = process.env.HEARTBEAT_FILE ?? '/tmp/healthy';
const SERVICE = '${{ values.name }}';
const QUEUE_URL = process.env["${{ values.queueEnv or 'QUEUE_URL' }}"];

/** Handles one message; replace with the real work. */
async function handle(message) {
  process.stdout.write(`handled ${JSON.stringify(message)}\n`);
}

/** Fetches the next batch from the queue; replace with your queue client. */
async function poll() {
  return [];
}

function heartbeat() {
  fs.writeFileSync(HEARTBEAT, new Date().toISOString());
}

async function run(signal) {
  const what = QUEUE_URL ? 'the queue' : 'nothing (no queue URL set)';
  process.stdout.write(`${SERVICE} polling ${what}\n`);
  while (!signal.aborted) {
    for (const message of await poll()) await handle(message);
    heartbeat();
    await new Promise(resolve => setTimeout(resolve, 5000));
  }
}

if (require.main === module) {
  const stop = new AbortController();
  process.on('SIGTERM', () => stop.abort());
  run(stop.signal).then(() => process.exit(0));
}

module.exports = { handle, heartbeat, HEARTBEAT };
