// util/byte-text.ts: decoding then encoding gives back every byte, whatever the bytes; valid
// UTF-8 decodes as usual, so editors see the text they expect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { decodeBytes, encodeText, forParsing } from '../../src/util/byte-text.js';

test('any bytes round-trip exactly', () => {
  const samples = [
    Buffer.from('plain ascii\n'),
    Buffer.from('caf\xe9 \xff\xfe \xc3( \xed\xa0\x80 \xf4\x90\x80\x80 \xe2\x82', 'latin1'),
    Buffer.from('ok é 💀 \u{10080}', 'utf8'),
    Buffer.concat([
      Buffer.from('💀', 'utf8'),
      Buffer.from([0xe9]),
      Buffer.from('\u{10080}', 'utf8'),
      Buffer.from([0x80]),
    ]),
    ...Array.from({ length: 200 }, () => randomBytes(64)),
  ];
  for (const bytes of samples) assert.deepEqual(encodeText(decodeBytes(bytes)), bytes);
});

test('valid UTF-8 decodes as usual; each other byte becomes one escape, shown as U+FFFD to parsers', () => {
  assert.equal(decodeBytes(Buffer.from('é 💀', 'utf8')), 'é 💀');
  const text = decodeBytes(Buffer.from('a\xe9b', 'latin1'));
  assert.equal(text, 'a\udce9b');
  assert.equal(forParsing(text), 'a\ufffdb');
  // Half of a real astral character is never taken for an escape.
  assert.equal(forParsing('💀\u{10080}'), '💀\u{10080}');
  // Edited text keeps its bytes where it was not changed.
  assert.deepEqual(encodeText(`${text}\nadded é\n`), Buffer.from('a\xe9b\nadded \xc3\xa9\n', 'latin1'));
});
