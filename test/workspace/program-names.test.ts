// Program names that would break the workspace are refused with the
// reason, and the tree is left byte for byte as it was.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ostooBin, tempDir } from '../helpers/paths.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';
import { snapshotBytes as snapshot } from '../helpers/tree.js';

const run = promisify(execFile);
const { toolchain, skip } = toolchainOrSkip();
let ws = '';

before(async () => {
  if (skip) return;
  ws = path.join(tempDir('names'), 'ws');
  await run(process.execPath, [ostooBin, 'new', ws, '--yes', '--skip-sysroot', '--toolchain-path', toolchain!.root]);
});

for (const [name, reason] of [
  ['target', /'target' is cargo's build directory: .gitignore ignores it and `cargo clean` deletes it/],
  ['build', /'build' is reserved by cargo for binaries/],
  ['deps', /'deps' is reserved by cargo/],
  ['examples', /'examples' is reserved by cargo/],
  ['incremental', /'incremental' is reserved by cargo/],
  [
    'ostoo-sys',
    /'ostoo-sys' already exists as the package name of a crate in .*Cargo\.toml: two packages would share one name/,
  ],
  ['ostoo-rt', /'ostoo-rt' already exists as the package name of a crate/],
  ['ostoo-rt-std', /'ostoo-rt-std' already exists as the package name of a crate/],
] as const) {
  test(`ostoo program ${name} is refused with the reason`, { skip }, async () => {
    const beforeTree = snapshot(ws);
    await assert.rejects(
      run(process.execPath, [ostooBin, 'program', name], { cwd: path.join(ws, 'user-rs') }),
      (err: { stderr: string }) => {
        assert.match(err.stderr, reason);
        return true;
      },
    );
    assert.deepEqual(snapshot(ws), beforeTree, 'the tree is unchanged');
  });
}

test('an ordinary name is still accepted', { skip }, async () => {
  await run(process.execPath, [ostooBin, 'program', 'target-tool'], { cwd: path.join(ws, 'user-rs') });
  assert.match(readFileSync(path.join(ws, 'user-rs/Cargo.toml'), 'utf8'), /"target-tool",/);
});
