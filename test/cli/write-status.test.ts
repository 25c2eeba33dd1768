// The status printed for each file says what happens to it: `create` for a
// new file (also .yo-rc.json, which Yeoman always forces), `update` for an edit, never `force`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execa } from 'execa';
import { ostooBin, tempDir } from '../helpers/paths.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';

const { toolchain, skip } = toolchainOrSkip();

test('ostoo new prints create for every file, ostoo program update for the files it edits', { skip }, async () => {
  const cwd = tempDir('write-status');
  const run = (args: string[], dir: string) =>
    execa(process.execPath, [ostooBin, ...args], { cwd: dir, all: true, env: { NO_COLOR: '1' } });
  const made = await run(['new', 'k', '--yes', '--skip-sysroot', '--toolchain-path', toolchain!.root], cwd);
  assert.match(made.all, /^ {3}create \.yo-rc\.json$/m);
  assert.match(made.all, /^ {3}create user-rs\/Cargo\.toml$/m);
  assert.doesNotMatch(made.all, /\bforce\b|\bupdate\b/);

  const added = await run(['program', 'foo'], path.join(cwd, 'k', 'user-rs'));
  assert.match(added.all, /^ {3}create foo\/Cargo\.toml$/m);
  assert.match(added.all, /^ {3}update Cargo\.toml$/m);
  assert.match(added.all, /^ {3}update \.\.\/\.yo-rc\.json$/m);
  assert.doesNotMatch(added.all, /\bforce\b/);
});
