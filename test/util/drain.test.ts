// drained(): waits for a full writable to drain, and never hangs on one that closes or fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { drained } from '../../src/util/drain.js';

/** A writable with a 4-byte buffer whose writes complete only when `flush` is called. */
function slowSink(): { stream: Writable; flush: () => void } {
  const pending: (() => void)[] = [];
  const stream = new Writable({
    highWaterMark: 4,
    write(_chunk, _enc, cb) {
      pending.push(cb);
    },
  });
  return { stream, flush: () => pending.splice(0).forEach((cb) => cb()) };
}

test('drained resolves at once when the stream does not need draining', async () => {
  const { stream } = slowSink();
  await drained(stream);
});

test('drained waits for the drain event', async () => {
  const { stream, flush } = slowSink();
  assert.equal(stream.write(Buffer.alloc(8)), false);
  let done = false;
  const p = drained(stream).then(() => (done = true));
  await new Promise((r) => setImmediate(r));
  assert.equal(done, false, 'resolved before the buffer drained');
  flush();
  await p;
  assert.equal(done, true);
  assert.equal(stream.listenerCount('drain'), 0, 'left a drain listener behind');
  assert.equal(stream.listenerCount('close'), 0, 'left a close listener behind');
});

test('drained resolves when the stream is destroyed instead of draining', { timeout: 5000 }, async () => {
  const { stream } = slowSink();
  stream.write(Buffer.alloc(8));
  const p = drained(stream);
  stream.destroy();
  await p;
});

test('drained resolves (without rejecting) when the stream fails', { timeout: 5000 }, async () => {
  const { stream } = slowSink();
  const seen: Error[] = [];
  stream.on('error', (e) => seen.push(e));
  stream.write(Buffer.alloc(8));
  const p = drained(stream);
  stream.destroy(new Error('disk full'));
  await p;
  assert.equal(seen[0]?.message, 'disk full', "the stream's own error handler still sees the error");
});

test('drained resolves for a stream that closed already', { timeout: 5000 }, async () => {
  const { stream } = slowSink();
  stream.write(Buffer.alloc(8));
  stream.destroy();
  await new Promise((r) => stream.once('close', r));
  await drained(stream);
});
