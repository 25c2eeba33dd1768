// The Microkit editors (microkit-pd, microkit-sync) and users' files as users have them: a
// .system file or build.sh that is a link leading out of the system is refused and nothing
// changes, in or out; bytes that are not UTF-8 are kept; runs at once in one system all land.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readSystem } from '../../src/microkit/system-model.js';
import { errorLine, ostoo } from '../helpers/cli.js';
import { fakeSdk } from '../helpers/microkit.js';
import { tempDir } from '../helpers/paths.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';
import { snapshotBytes } from '../helpers/tree.js';

const { toolchain, skip } = toolchainOrSkip();
const sdk = fakeSdk({ qemu_virt_aarch64: { debug: { arch: 'aarch64', printing: true } } });
const env = { MICROKIT_SDK: '', MICROKIT_BOARD: '', MICROKIT_CONFIG: '' };
const withSupport = () => ['--toolchain-path', toolchain!.root, '--microkit-sdk', sdk];
const latin1 = (file: string) => readFileSync(file).toString('latin1');

/** Microkit's example/hello in `top/hello`, its .system file starting with `head`. */
function helloDir(top: string, head: Buffer = Buffer.alloc(0)): string {
  const dir = path.join(top, 'hello');
  mkdirSync(dir, { recursive: true });
  const system = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>\n<system>\n    <protection_domain name="hello" priority="254">\n' +
      '        <program_image path="hello.elf" />\n    </protection_domain>\n</system>\n',
  );
  writeFileSync(path.join(dir, 'hello.system'), Buffer.concat([system.subarray(0, 39), head, system.subarray(39)]));
  writeFileSync(path.join(dir, 'build.sh'), '#!/usr/bin/env bash\nset -euo pipefail\necho "$1"\n');
  return dir;
}

test(
  'hello.system or build.sh linked out of the system: microkit-pd refuses and nothing changes',
  { skip },
  async () => {
    for (const rel of ['hello.system', 'build.sh']) {
      const top = tempDir('microkit-link-out');
      const dir = helloDir(top);
      const outside = path.join(top, 'elsewhere', rel);
      mkdirSync(path.dirname(outside));
      renameSync(path.join(dir, rel), outside);
      symlinkSync(outside, path.join(dir, rel));
      const before = snapshotBytes(top);
      const r = await ostoo(['microkit-pd', 'greeter', '--channel', 'hello', ...withSupport()], { cwd: dir, env });
      assert.equal(r.exitCode, 1, r.stderr);
      assert.match(
        errorLine(r),
        new RegExp(
          `^ostoo: .*hello/${rel.replace('.', '\\.')} is a symlink to .*elsewhere/${rel.replace('.', '\\.')}, outside the project .*hello — ostoo edits files only inside the project`,
        ),
      );
      assert.deepEqual(snapshotBytes(top), before, `${rel}: nothing changed, in the system or out`);
    }
  },
);

test(
  'microkit-pd keeps every byte of a UTF-8 .system file; bytes that are not UTF-8 are named, nothing changes',
  { skip },
  async () => {
    // Microkit reads .system files as UTF-8, so a Latin-1 byte there is an error for it too.
    const latin = helloDir(tempDir('microkit-bytes'), Buffer.from('<!-- caf\xe9 \xff -->\n', 'latin1'));
    const before = snapshotBytes(latin);
    const refused = await ostoo(['microkit-pd', 'greeter', '--channel', 'hello', ...withSupport()], {
      cwd: latin,
      env,
    });
    assert.equal(refused.exitCode, 1, refused.stderr);
    assert.equal(
      errorLine(refused),
      'ostoo: hello.system:2:9: byte 0xE9 is not UTF-8, and Microkit reads .system files as UTF-8 — save the .system file as UTF-8 first',
    );
    assert.deepEqual(snapshotBytes(latin), before, 'nothing written');

    const head = Buffer.from('<!-- café ✓ 𝄞, a BOM-less file -->\n', 'utf8');
    const dir = helloDir(tempDir('microkit-bytes'), head);
    const system = path.join(dir, 'hello.system');
    const original = readFileSync(system);
    const r = await ostoo(['microkit-pd', 'greeter', '--channel', 'hello', ...withSupport()], { cwd: dir, env });
    assert.equal(r.exitCode, 0, r.stderr);
    const after = readFileSync(system);
    assert.ok(
      after.subarray(0, 39 + head.length).equals(original.subarray(0, 39 + head.length)),
      'the comment keeps its bytes',
    );
    assert.match(latin1(system), /<protection_domain name="greeter"/);
  },
);

test('microkit-pd runs at once in one system all land', { skip }, async () => {
  const dir = helloDir(tempDir('microkit-concurrent'));
  const first = await ostoo(['microkit-pd', 'greeter', '--channel', 'hello', ...withSupport()], { cwd: dir, env });
  assert.equal(first.exitCode, 0, first.stderr);
  const names = ['alpha', 'beta', 'gamma'];
  const runs = await Promise.all(
    names.map((n) => ostoo(['microkit-pd', n, '--channel', 'greeter'], { cwd: dir, env })),
  );
  for (const [i, r] of runs.entries()) assert.equal(r.exitCode, 0, `${names[i]}: ${r.stderr}`);
  const model = readSystem(readFileSync(path.join(dir, 'hello.system'), 'utf8'), 'hello.system');
  assert.deepEqual(model.pds.map((p) => p.name).sort(), ['alpha', 'beta', 'gamma', 'greeter', 'hello']);
  const mk = readFileSync(path.join(dir, 'rust/microkit.mk'), 'utf8');
  for (const n of names) assert.match(mk, new RegExp(`^MICROKIT_RUST_PDS \\+= ${n}$`, 'm'), `microkit.mk has ${n}`);
});
