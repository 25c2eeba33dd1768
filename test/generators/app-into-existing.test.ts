// --into-existing over a kernel tree that has its own .gitignore appends
// to it without asking (no TTY, --yes), and a refused run leaves the tree byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ostooBin, tempDir } from '../helpers/paths.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';
import { appendIgnores } from '../../generators/app/index.js';

const run = promisify(execFile);
const { toolchain, skip } = toolchainOrSkip();

/** Every file under `dir` with its bytes and mode. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const rel = path.relative(dir, p);
      if (e.isDirectory()) {
        out[`${rel}/`] = (statSync(p).mode & 0o7777).toString(8);
        walk(p);
      } else out[rel] = `${(statSync(p).mode & 0o7777).toString(8)} ${readFileSync(p).toString('base64')}`;
    }
  };
  walk(dir);
  return out;
}

function kernelTree(gitignore: string): string {
  const dir = tempDir('kernel');
  mkdirSync(path.join(dir, 'kernel/src'), { recursive: true });
  writeFileSync(path.join(dir, 'kernel/src/main.rs'), 'fn main() {}\n');
  writeFileSync(path.join(dir, 'Makefile'), 'all:\n\t@echo kernel\n');
  writeFileSync(path.join(dir, '.gitignore'), gitignore);
  return dir;
}

const ostooNew = (dir: string, ...extra: string[]) =>
  run(
    process.execPath,
    [ostooBin, 'new', dir, '--yes', '--into-existing', '--skip-sysroot', '--toolchain-path', toolchain!.root, ...extra],
    { cwd: dir },
  );

for (const [what, gitignore] of [
  ['with a trailing newline', '/target/\n*.iso\n'],
  ['without a trailing newline', '/target/\n*.iso'],
  ['with CRLF line endings', '/target/\r\n*.iso\r\n'],
  ['already ignoring /sysroot/', '/sysroot/\n/target/\n'],
] as const) {
  test(`--into-existing appends to a .gitignore ${what}, without a prompt`, { skip }, async () => {
    const dir = kernelTree(gitignore);
    const before = snapshot(dir);
    const res = await ostooNew(dir);
    assert.doesNotMatch(`${res.stdout}${res.stderr}`, /Overwrite|conflict/i);
    const after = readFileSync(path.join(dir, '.gitignore'), 'utf8');
    assert.ok(after.startsWith(gitignore), "the tree's own ignores come first, unchanged");
    const lines = after.split(/\r?\n/);
    for (const l of ['/sysroot/', '/user-rs/target/'])
      assert.equal(lines.filter((x) => x === l).length, 1, `${l} once`);
    if (gitignore.includes('\r\n')) assert.ok(!/[^\r]\n/.test(after), 'CRLF kept throughout');
    else assert.ok(!after.includes('\r'));
    for (const f of ['Makefile', 'kernel/src/main.rs']) assert.equal(snapshot(dir)[f], before[f], `${f} untouched`);
    assert.ok(readFileSync(path.join(dir, 'scripts/user-rs-build.sh'), 'utf8').length > 0);
  });
}

test('a refused --into-existing run leaves the tree as it was', { skip }, async () => {
  const dir = kernelTree('/target/\n');
  mkdirSync(path.join(dir, 'user-rs'));
  writeFileSync(path.join(dir, 'user-rs/mine.txt'), 'mine\n');
  const before = snapshot(dir);
  await assert.rejects(ostooNew(dir), /refusing to overwrite existing user-rs/);
  assert.deepEqual(snapshot(dir), before);
  // And a value that cannot be written safely, found late (after the toolchain was checked).
  await assert.rejects(ostooNew(dir, '--deploy-dir', 'a\nb'), /cannot be written safely/);
  assert.deepEqual(snapshot(dir), before);
});

test("appendIgnores adds only missing lines, in the file's line endings", () => {
  assert.equal(appendIgnores('a\n', '# c\n/x/\n'), 'a\n# c\n/x/\n');
  assert.equal(appendIgnores('a', '/x/\n'), 'a\n/x/\n');
  assert.equal(appendIgnores('a\r\n', '/x/\n/y/\n'), 'a\r\n/x/\r\n/y/\r\n');
  assert.equal(appendIgnores('/x/\n', '# c\n/x/\n'), '/x/\n');
});
