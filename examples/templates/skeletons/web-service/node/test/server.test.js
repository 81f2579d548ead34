'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { createServer } = require('../src/server');

test('answers the health and readiness checks', async () => {
  const server = createServer().listen(0);
  await new Promise(resolve => server.once('listening', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    assert.equal((await fetch(`${base}/ready`)).status, 200);
    assert.equal((await fetch(`${base}/nope`)).status, 404);
  } finally {
    server.close();
  }
});
