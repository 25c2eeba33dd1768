// mapLimit: bounded concurrency, results in input order; after a failure nothing new starts,
// and the rejection waits for what is in flight.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { mapLimit } from '../../src/util/limit.js';

test('at most `limit` run at once, and results keep the input order', async () => {
  let running = 0;
  let most = 0;
  const out = await mapLimit([30, 10, 20, 5, 15], 2, async (ms, i) => {
    most = Math.max(most, ++running);
    await sleep(ms);
    running--;
    return i * 10;
  });
  assert.deepEqual(out, [0, 10, 20, 30, 40]);
  assert.equal(most, 2);
});

test('after a failure no new item starts, and the rejection comes after those in flight finished', async () => {
  const started: number[] = [];
  let slowDone = false;
  await assert.rejects(
    mapLimit([0, 1, 2, 3, 4], 2, async (i) => {
      started.push(i);
      if (i === 0) throw new Error('first fails');
      await sleep(50);
      slowDone = true;
    }),
    /first fails/,
  );
  assert.equal(slowDone, true, 'rejected before the item in flight settled');
  assert.deepEqual(started, [0, 1], 'items started after the failure');
});
