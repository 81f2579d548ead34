'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { run } = require('../src/job');

test('reports when it ran', async () => {
  const summary = await run(new Date('2024-01-01T03:00:00Z'));
  assert.equal(summary.ranAt, '2024-01-01T03:00:00.000Z');
});
