// Each quoter is checked by the language itself: the value must arrive intact and nothing
// in it may run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tempDir } from '../helpers/paths.js';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import {
  sh,
  make,
  makeSh,
  toml,
  json,
  cmake,
  rust,
  oneLine,
  xmlAttr,
  UnquotableValueError,
} from '../../src/render/quote.js';
import { parseXml } from '../../src/microkit/xml-tree.js';

const hostile = [
  'plain',
  'with space',
  "it's",
  'a"b',
  'out$(touch PWNED)',
  'x`touch PWNED`',
  'a;touch PWNED',
  'a&b',
  'a#b',
  '$(shell touch PWNED)',
  '${HOME}',
  'back\\slash',
  '~user',
  '-n',
  '',
  'ünï©ødé',
];

function scratch(): string {
  return tempDir('quote');
}

test('sh: every value reaches the shell intact and nothing runs', () => {
  const dir = scratch();
  for (const v of hostile) {
    const out = execFileSync('sh', ['-c', `printf '%s' ${sh(v)}`], { cwd: dir, encoding: 'utf8' });
    assert.equal(out, v);
  }
  assert.equal(existsSync(path.join(dir, 'PWNED')), false);
});

test('make and makeSh: assignments expand to the value, recipes pass it to the shell intact', () => {
  const dir = scratch();
  for (const v of hostile.filter((x) => !x.endsWith('\\'))) {
    writeFileSync(
      path.join(dir, 'Makefile'),
      `V := ${make(v)}\nW := ${makeSh(v)}\nall:\n\t@printf '%s' $(W) > out\n\t@printf '%s' '$(subst ','\\'',$(V))' > out2\n`,
    );
    execFileSync('make', ['-s', '-C', dir], { encoding: 'utf8' });
    assert.equal(readFileSync(path.join(dir, 'out'), 'utf8'), v, `makeSh ${v}`);
    assert.equal(readFileSync(path.join(dir, 'out2'), 'utf8'), v, `make ${v}`);
  }
  assert.equal(existsSync(path.join(dir, 'PWNED')), false);
  assert.throws(() => make('ends\\'), UnquotableValueError);
});

test('toml and json: parsers read back the value', () => {
  for (const v of [...hostile, 'tab\there', 'nl\nhere', 'del\u007f']) {
    assert.equal(parseToml(`k = ${toml(v)}\n`).k, v);
    assert.equal(JSON.parse(json(v)), v);
  }
  assert.throws(() => toml('\ud800'), UnquotableValueError);
});

test('xmlAttr: an XML parser reads back the value, newlines and tabs included', () => {
  for (const v of [...hostile, 'tab\there', 'nl\nhere', 'cr\rhere', 'a&b<c>"d"\'e\'']) {
    assert.equal(parseXml(`<e a=${xmlAttr(v)}/>`, 'x.xml').attributes.a, v);
  }
  assert.throws(() => xmlAttr('nul\u0000'), UnquotableValueError);
  assert.throws(() => xmlAttr('\ud800'), UnquotableValueError);
});

test('cmake: a quoted argument arrives intact, with no variable expanded', () => {
  const dir = scratch();
  const values = hostile.filter((v) => v !== '');
  const lines = values.map((v, i) => `file(WRITE "\${CMAKE_CURRENT_LIST_DIR}/out${i}" ${cmake(v)})`);
  writeFileSync(path.join(dir, 'q.cmake'), `${lines.join('\n')}\n`);
  execFileSync('cmake', ['-P', path.join(dir, 'q.cmake')], { encoding: 'utf8' });
  values.forEach((v, i) => assert.equal(readFileSync(path.join(dir, `out${i}`), 'utf8'), v, `cmake ${v}`));
});

test('rust: rustc compiles the literal to the same string', { timeout: 120_000 }, (t) => {
  const rustc = ['/usr/bin/rustc'].find((p) => existsSync(p));
  if (!rustc) {
    if (process.env.OSTOO_REQUIRE_TOOLCHAIN) assert.fail('no rustc');
    t.skip('no rustc');
    return;
  }
  const dir = scratch();
  const values = [...hostile, 'nl\nx', 'ctl\u0001\u007f', 'tab\t'];
  const src = `fn main() {\n${values.map((v) => `    println!("{}", ${rust(v)}.escape_default());`).join('\n')}\n}\n`;
  writeFileSync(path.join(dir, 'm.rs'), src);
  execFileSync(rustc, ['-o', path.join(dir, 'm'), path.join(dir, 'm.rs')]);
  const got = execFileSync(path.join(dir, 'm'), { encoding: 'utf8' }).split('\n').slice(0, -1);
  assert.equal(got.length, values.length);
  // escape_default of the value, computed here, must match what rustc compiled.
  const esc = (s: string) =>
    [...s]
      .map((c) => {
        const n = c.codePointAt(0)!;
        if (c === '\t') return '\\t';
        if (c === '\n') return '\\n';
        if (c === '\r') return '\\r';
        if (c === '\\' || c === '"' || c === "'") return `\\${c}`;
        if (n >= 0x20 && n < 0x7f) return c;
        return `\\u{${n.toString(16)}}`;
      })
      .join('');
  assert.deepEqual(got, values.map(esc));
});

test('oneLine and the line-based quoters refuse newlines and control characters', () => {
  for (const bad of ['a\nb', 'a\rb', 'a\u0000b', 'a\u001bb']) {
    assert.throws(() => oneLine(bad, '--deploy-dir'), /--deploy-dir .* cannot be written safely/);
    assert.throws(() => sh(bad), UnquotableValueError);
    assert.throws(() => make(bad), UnquotableValueError);
    assert.throws(() => cmake(bad), UnquotableValueError);
  }
});
