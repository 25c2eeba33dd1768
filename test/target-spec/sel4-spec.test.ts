import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { deriveSel4Spec, deriveSel4Specs, sel4ArchInfo, sel4Arches } from '../../src/target-spec/sel4-spec.js';
import { printBaseSpec, serializeSpec } from '../../src/target-spec/spec.js';
import { resolveToolchain } from '../../src/toolchain/resolve.js';
import { tempDir } from '../helpers/paths.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';

const { toolchain: testTc, skip } = toolchainOrSkip();

test('the seL4 spec keeps codegen, drops what is about linking or Linux', () => {
  const base = {
    arch: 'aarch64',
    'data-layout': 'e-m:e-i64:64',
    'llvm-target': 'aarch64-unknown-linux-musl',
    features: '+v8a,+outline-atomics',
    os: 'linux',
    env: 'musl',
    'target-family': ['unix'],
    'dynamic-linking': true,
    'pre-link-objects-fallback': { 'static-nopic-exe': ['crt1.o'] },
    'crt-objects-fallback': 'musl',
    'crt-static-default': true,
    'linker-flavor': 'gnu-cc',
    'pre-link-args': { 'gnu-cc': ['-m64'] },
    'has-thread-local': true,
    metadata: { tier: 2 },
    'max-atomic-width': 128,
  };
  const spec = deriveSel4Spec(base, sel4ArchInfo('aarch64'));
  assert.deepEqual(spec, {
    arch: 'aarch64',
    'data-layout': 'e-m:e-i64:64',
    features: '+v8a',
    'has-thread-local': false,
    'llvm-target': 'aarch64-unknown-linux-musl',
    'max-atomic-width': 128,
    os: 'none',
    'panic-strategy': 'abort',
    vendor: 'sel4',
  });
  assert.deepEqual(Object.keys(spec), Object.keys(spec).sort(), 'keys are sorted');
  assert.equal(deriveSel4Spec({ features: '+outline-atomics' }, sel4ArchInfo('aarch64'))['features'], undefined);
  assert.throws(() => sel4ArchInfo('sparc'), /unknown seL4 architecture 'sparc'/);
});

test('the real rustc accepts every derived spec, for the ABI seL4 code uses', { skip }, async () => {
  const tc = await resolveToolchain({ path: testTc!.root });
  const dir = tempDir('sel4-spec');
  const expected: Record<string, RegExp[]> = {
    'x86_64-sel4': [/^target_arch="x86_64"$/m, /^target_pointer_width="64"$/m],
    'i686-sel4': [/^target_arch="x86"$/m, /^target_pointer_width="32"$/m],
    'armv7-sel4': [
      /^target_arch="arm"$/m,
      /^target_abi="eabi"$/m,
      /^target_feature="v7"$/m,
      /^target_feature="thumb2"$/m,
    ],
    // ARM1136JF-S: ARMv6, no Thumb-2, no v7.
    'armv6-sel4': [/^target_arch="arm"$/m, /^target_abi="eabi"$/m, /^target_feature="v6"$/m],
    'aarch64-sel4': [/^target_arch="aarch64"$/m, /^target_pointer_width="64"$/m],
    'riscv64imac-sel4': [/^target_arch="riscv64"$/m, /^target_feature="c"$/m],
  };
  const notExpected: Record<string, RegExp> = { 'armv6-sel4': /^target_feature="(v7|thumb2)"$/m };
  for (const [info, spec] of await deriveSel4Specs(tc)) {
    const base = await printBaseSpec(tc, info.baseTriple);
    assert.equal(spec['data-layout'], base['data-layout'], `${info.target}: data-layout from the toolchain`);
    const file = path.join(dir, `${info.target}.json`);
    writeFileSync(file, serializeSpec(spec));
    const env = { RUSTC_BOOTSTRAP: '1' };
    const cfg = (await execa(tc.rustc, ['-Z', 'unstable-options', '--print', 'cfg', '--target', file], { env })).stdout;
    for (const re of [/^target_os="none"$/m, /^target_vendor="sel4"$/m, /^panic="abort"$/m, ...expected[info.target]!])
      assert.match(cfg, re, `${info.target}: ${re}`);
    if (notExpected[info.target]) assert.doesNotMatch(cfg, notExpected[info.target]!, `${info.target}: no ARMv7 code`);
    assert.doesNotMatch(
      cfg,
      /^target_feature="(d|f|outline-atomics)"$/m,
      `${info.target}: no hard-float or outlined atomics`,
    );
    const back = JSON.parse(
      (await execa(tc.rustc, ['-Z', 'unstable-options', '--print', 'target-spec-json', '--target', file], { env }))
        .stdout,
    );
    assert.equal(back['data-layout'], base['data-layout']);
  }
  assert.equal(sel4Arches.length, 6);
  assert.equal(
    sel4ArchInfo('aarch32').target,
    'armv7-sel4',
    '--arch aarch32 is the ARMv7 spec; ARMv6 is chosen by rust.mk',
  );
});
