// util/terminal-text.ts: control characters from outside never reach the terminal raw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { terminalText } from '../../src/util/terminal-text.js';

test('control characters are escaped; layout is kept only when asked', () => {
  assert.equal(terminalText('a\u001b[2Jb\rc\u0007'), 'a\\x1b[2Jb\\rc\\x07');
  assert.equal(terminalText('x\ny\tz'), 'x\\ny\\tz');
  assert.equal(terminalText('x\ny\tz', { layout: true }), 'x\ny\tz');
  assert.equal(terminalText('\u009b31m \u007f'), '\\x9b31m \\x7f');
  assert.equal(terminalText('abc\u202edef'), 'abc\\u202edef', 'a bidi override');
  assert.equal(terminalText('caf\udce9'), 'caf\\xe9', 'a byte that was not UTF-8 shows as that byte');
  assert.equal(terminalText('é 💀 ok'), 'é 💀 ok', 'printable text is untouched');
});
