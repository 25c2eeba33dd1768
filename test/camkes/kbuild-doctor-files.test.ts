// `ostoo doctor --fix` in a Kbuild checkout edits users' files (the checkout's Kconfig, apps'
// Makefiles and Kbuild files, defconfigs) under the editors' rules (issue 23): every byte it
// does not change is kept, bytes that are not UTF-8 included; a file it would write that is a
// link leading out of the checkout is refused in one line before anything is written, in the
// checkout or out; and it holds the project's edit lock while it writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, renameSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { ostooBin, tempDir } from '../helpers/paths.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';
import { snapshotBytes } from '../helpers/tree.js';
import { errorLine, ostoo } from '../helpers/cli.js';
import { lockProject } from '../../src/project/edit-lock.js';
import { kbuildCheckout } from '../helpers/kbuild-checkout.js';

const { toolchain, skip } = toolchainOrSkip();

/** A Kbuild-era checkout without ostoo's Rust support, under `top`/checkout; its Kconfig starts with a Latin-1 comment. */
function checkout(top: string): string {
  const head = Buffer.from('# caf\xe9 \xff\xfe, the checkout of Andr\xe9\n', 'latin1');
  return kbuildCheckout(path.join(top, 'checkout'), { withLibbtreemap: true, kconfigHead: head });
}

const tc = () => ['--toolchain-path', toolchain!.root];

test('doctor --fix keeps bytes that are not UTF-8 in the Kconfig it edits', { skip }, async () => {
  const root = checkout(tempDir('kbuild-doctor-bytes'));
  const before = readFileSync(path.join(root, 'Kconfig')).toString('latin1');
  const r = await ostoo(['doctor', '--fix', ...tc()], { cwd: root });
  assert.equal(r.exitCode, 0, r.stderr + r.stdout);
  const after = readFileSync(path.join(root, 'Kconfig'));
  assert.ok(!after.includes(Buffer.from('\ufffd')), 'no replacement character');
  const lines = after.toString('latin1').split('\n');
  let j = 0;
  const old = before.split('\n');
  for (const line of lines) if (j < old.length && line === old[j]) j++;
  assert.equal(j, old.length, `every original line kept byte for byte (lost: ${JSON.stringify(old[j])})`);
  assert.match(after.toString('latin1'), /^source "tools\/rust\/Kconfig"$/m, 'the source line was added');
});

test(
  'doctor --fix with the Kconfig, or a directory it writes into, linked out of the checkout: refused, nothing written',
  { skip },
  async () => {
    for (const rel of ['Kconfig', 'tools']) {
      const top = tempDir('kbuild-doctor-link');
      const root = checkout(top);
      const outside = path.join(top, 'elsewhere', rel);
      mkdirSync(path.dirname(outside), { recursive: true });
      renameSync(path.join(root, rel), outside);
      symlinkSync(outside, path.join(root, rel));
      const before = snapshotBytes(top);
      const r = await ostoo(['doctor', '--fix', ...tc()], { cwd: root });
      assert.equal(r.exitCode, 1, r.stderr + r.stdout);
      assert.match(
        errorLine(r),
        new RegExp(
          `^ostoo: .*checkout/${rel} is a symlink to .*elsewhere/${rel}, outside the project .*checkout — ostoo edits files only inside the project: `,
        ),
      );
      assert.deepEqual(snapshotBytes(top), before, `${rel}: nothing changed, in the checkout or out`);
      assert.ok(!existsSync(path.join(root, '.ostoo.lock')), 'the edit lock is gone afterwards');
    }
  },
);

test('doctor --fix waits for the edit lock another ostoo command holds', { skip }, async () => {
  const root = checkout(tempDir('kbuild-doctor-lock'));
  // Held by this test's own process, which is alive: the mutex reads it as held, not stale.
  const held = await lockProject(root, () => {});
  const run = execa(process.execPath, [ostooBin, 'doctor', '--fix', ...tc()], { cwd: root, reject: false });
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no wait line within 60 s: ${stderr}`)), 60_000);
    run.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (/waiting for another ostoo command editing .*checkout/.test(stderr)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  assert.ok(!existsSync(path.join(root, 'tools', 'rust')), 'nothing written while the lock is held');
  await held.release();
  const r = await run;
  assert.equal(r.exitCode, 0, String(r.stderr));
  assert.ok(existsSync(path.join(root, 'tools', 'rust', 'rust.mk')));
});

test('doctor in a checkout whose path holds ESC and CR prints them escaped', { skip }, async () => {
  const top = path.join(tempDir('kbuild-doctor-escape'), 'co\u001b[2J\rok: all good');
  mkdirSync(top);
  const root = checkout(top);
  const r = await ostoo(['doctor', ...tc()], { cwd: root });
  assert.equal(r.exitCode, 1, r.stderr + r.stdout);
  assert.match(r.stdout, /^seL4 Kbuild checkout .*co\\x1b\[2J\\rok: all good\/checkout$/m);
  const out = r.stdout + r.stderr;
  assert.ok(!out.includes('\u001b') && !out.includes('\r'), 'no raw ESC or CR reaches the terminal');
});
