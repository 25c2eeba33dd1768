// A full disk while `ostoo new` writes: it leaves nothing (DIR absent, as after a refusal, so
// the rerun is not blocked) and says which directory and what to do. Once with the disk
// really full (a tiny tmpfs, when this process may mount one), once with the write failure
// injected into the process (everywhere).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempDir } from '../helpers/paths.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';
import { errorLine, ostoo } from '../helpers/cli.js';

const { toolchain, skip } = toolchainOrSkip();

const diskFull =
  /^ostoo: cannot write .*demo: the disk is full — free some space, then run the command again \(nothing was kept: .*demo was removed\)$/;

/** A preload that makes the Nth write under `dir` fail with ENOSPC, as a full disk does. */
function enospcPreload(): string {
  const file = path.join(tempDir('enospc'), 'enospc.mjs');
  writeFileSync(
    file,
    `import fs from 'node:fs';
const dir = process.env.OSTOO_TEST_FULL_DIR;
let left = Number(process.env.OSTOO_TEST_FULL_AFTER);
const writeFile = fs.promises.writeFile;
fs.promises.writeFile = async function (file, ...rest) {
  if (typeof file === 'string' && file.startsWith(dir) && left-- <= 0) {
    await writeFile.call(this, file, '');
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
  }
  return writeFile.call(this, file, ...rest);
};
`,
  );
  return file;
}

test(
  'ENOSPC while ostoo new writes (injected): DIR is absent afterwards and the error names it',
  { skip },
  async () => {
    const parent = tempDir('full-injected');
    const dir = path.join(parent, 'demo');
    const r = await ostoo(['new', dir, '--yes', '--toolchain-path', toolchain!.root, '--skip-sysroot'], {
      cwd: parent,
      env: {
        NODE_OPTIONS: `--import ${pathToFileURL(enospcPreload()).href}`,
        OSTOO_TEST_FULL_DIR: dir,
        OSTOO_TEST_FULL_AFTER: '5',
      },
    });
    assert.equal(r.exitCode, 1, r.stderr);
    assert.match(errorLine(r), diskFull);
    assert.ok(!existsSync(dir), 'nothing left');
    assert.deepEqual(readdirSync(parent), []);
  },
);

test('a really full disk (a 96 KiB tmpfs) while ostoo new writes: DIR is absent afterwards', { skip }, async (t) => {
  const mnt = path.join(tempDir('full-tmpfs'), 'small');
  mkdirSync(mnt);
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=96k', 'tmpfs', mnt], { encoding: 'utf8' });
  if (mount.status !== 0)
    return t.skip(`cannot mount a tmpfs here (${mount.stderr.trim()}); the injected test covers it`);
  try {
    const dir = path.join(mnt, 'demo');
    const r = await ostoo(['new', dir, '--yes', '--toolchain-path', toolchain!.root, '--skip-sysroot'], { cwd: mnt });
    assert.equal(r.exitCode, 1, r.stderr);
    assert.match(errorLine(r), diskFull);
    assert.ok(!existsSync(dir), 'nothing left');
    assert.deepEqual(readdirSync(mnt), []);
  } finally {
    spawnSync('umount', [mnt]);
  }
});
