// The console reader the ostoo-kernel boot test relies on: the kernel's log lines land anywhere,
// even inside the userspace shell's prompt, which it writes in three calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indexPastLog } from './ostoo-kernel.js';

const tick = 'INFO - [timer] tick: 3s elapsed | heap: 66K used, 957K free\n';

test('a prompt split by a timer tick is found, at its first character', () => {
  const text = `ostoo userspace shell\nostoo:${tick}/> `;
  assert.equal(indexPastLog(text, 'ostoo:/> '), text.indexOf('ostoo:'));
  assert.equal(text.includes('ostoo:/> '), false, 'the raw text has no whole prompt');
});

test('a log line that ends the text or two in a row do not hide it', () => {
  const text = `Hello\n${tick}${tick}ostoo:/${tick}> ${tick}`;
  assert.equal(indexPastLog(text, 'ostoo:/> '), text.indexOf('ostoo:/'));
});

test('the search starts at `from`, even from inside a log line', () => {
  const text = `ostoo:/> ls\n${tick}bin\nostoo:/> `;
  assert.equal(indexPastLog(text, 'ostoo:/> ', 1), text.lastIndexOf('ostoo:/> '));
  assert.equal(indexPastLog(text, 'ostoo:/> ', text.indexOf(tick) + 5), text.lastIndexOf('ostoo:/> '));
  assert.equal(indexPastLog(text, 'ostoo:/> ', text.length), -1);
});

test('a needle that appears only inside a log line is not found', () => {
  assert.equal(indexPastLog(`${tick}ok\n`, 'heap'), -1);
  assert.equal(indexPastLog('ostoo:/', 'ostoo:/> '), -1);
});
