'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');

test('writes the heartbeat the liveness probe checks', () => {
  const file = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'worker-')),
    'healthy',
  );
  process.env.HEARTBEAT_FILE = file;
  delete require.cache[require.resolve('../src/worker')];
  const { heartbeat } = require('../src/worker');
  heartbeat();
  assert.ok(fs.existsSync(file));
});
