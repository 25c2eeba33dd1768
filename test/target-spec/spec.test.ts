import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { deriveUserSpec, printBaseSpec, serializeSpec } from '../../src/target-spec/spec.js';
import { resolveToolchain, type Toolchain } from '../../src/toolchain/resolve.js';
import { crossGcc, userArches, userArchInfo, userTargetName } from '../../src/target-spec/user-arch.js';
import { deriveSpecFor } from '../../src/workspace/user-rs.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';
import { tempDir } from '../helpers/paths.js';

const { toolchain: testTc, skip } = toolchainOrSkip();

async function realToolchains(): Promise<Toolchain[]> {
  const list = [await resolveToolchain({ path: testTc!.root })];
  // The machine's rustup nightly, when present, shows the rust-lld flavour of the spec.
  try {
    list.push(await resolveToolchain({ name: 'nightly' }));
  } catch {
    /* no rustup nightly */
  }
  return list;
}

test('derived spec clears every CRT-object key and is static, non-PIE', { skip }, async () => {
  for (const tc of await realToolchains()) {
    const base = await printBaseSpec(tc, 'x86_64-unknown-linux-musl');
    assert.ok(
      Object.keys(base).some((k) => k.includes('link-objects')),
      `${tc.id}: base spec should have CRT objects`,
    );
    const spec = deriveUserSpec(base, { linker: tc.rustLld ? 'rust-lld' : 'cc', vendor: 'ostoo' });
    assert.deepEqual(spec['pre-link-objects'], {});
    assert.deepEqual(spec['post-link-objects'], {});
    for (const k of ['pre-link-objects-fallback', 'post-link-objects-fallback', 'crt-objects-fallback', 'metadata']) {
      assert.equal(spec[k], undefined, `${tc.id}: ${k} must be cleared`);
    }
    assert.equal(spec['crt-static-default'], true);
    assert.equal(spec['position-independent-executables'], false);
    assert.equal(spec['static-position-independent-executables'], false);
    assert.equal(spec['relocation-model'], 'static');
    assert.equal(spec['data-layout'], base['data-layout'], 'data-layout comes from the toolchain itself');
    assert.equal(spec['llvm-target'], 'x86_64-unknown-linux-musl');
    assert.equal(spec['os'], 'linux', 'std needs target_os = linux');
  }
});

test('linker choice: rust-lld when runnable, otherwise cc with -nostartfiles', () => {
  const base = { arch: 'x86_64', 'pre-link-args': { 'gnu-cc': ['-m64'] }, 'linker-flavor': 'gnu-cc' };
  const lld = deriveUserSpec(base, { linker: 'rust-lld', vendor: 'ostoo' });
  assert.equal(lld['linker'], 'rust-lld');
  assert.equal(lld['linker-flavor'], 'gnu-lld');
  assert.equal(lld['pre-link-args'], undefined);
  const cc = deriveUserSpec(base, { linker: 'cc', vendor: 'ostoo' });
  assert.equal(cc['linker'], undefined);
  assert.deepEqual(cc['pre-link-args'], { 'gnu-cc': ['-m64', '-nostartfiles'] });
});

test('the real rustc accepts the derived spec and reads back the same data-layout', { skip }, async () => {
  const dir = tempDir('spec');
  for (const tc of await realToolchains()) {
    for (const linker of ['cc', 'rust-lld'] as const) {
      const base = await printBaseSpec(tc, 'x86_64-unknown-linux-musl');
      const file = path.join(dir, `x86_64-ostoo-user.json`);
      writeFileSync(file, serializeSpec(deriveUserSpec(base, { linker, vendor: 'ostoo' })));
      const { stdout } = await execa(
        tc.rustc,
        ['-Z', 'unstable-options', '--print', 'target-spec-json', '--target', file],
        {
          env: { RUSTC_BOOTSTRAP: '1' },
        },
      );
      const back = JSON.parse(stdout) as Record<string, unknown>;
      assert.equal(back['data-layout'], base['data-layout']);
      assert.equal(back['relocation-model'], 'static');
      assert.equal(back['vendor'], 'ostoo');
      const cfg = (
        await execa(tc.rustc, ['-Z', 'unstable-options', '--print', 'cfg', '--target', file], {
          env: { RUSTC_BOOTSTRAP: '1' },
        })
      ).stdout;
      assert.match(cfg, /target_feature="crt-static"/, `${tc.id}/${linker}: crt-static on by default`);
      assert.match(cfg, /target_os="linux"/);
    }
  }
});

test('serializeSpec is deterministic and sorted', () => {
  const a = serializeSpec({ b: 1, a: { z: 1 }, c: [2, 1] });
  assert.equal(a, '{\n  "a": {\n    "z": 1\n  },\n  "b": 1,\n  "c": [\n    2,\n    1\n  ]\n}\n');
});

test(
  "every --arch: derived from the toolchain's <arch>-unknown-linux-musl, linked by its cross gcc, accepted by rustc",
  { skip },
  async () => {
    const dir = tempDir('spec-arch');
    const tc = await resolveToolchain({ path: testTc!.root });
    for (const arch of userArches) {
      const info = userArchInfo(arch);
      const spec = await deriveSpecFor(tc, 'ostoo', arch);
      assert.equal(spec['arch'], arch);
      assert.equal(spec['llvm-target'], (await printBaseSpec(tc, info.muslTriple))['llvm-target']);
      assert.deepEqual(spec['pre-link-objects'], {});
      assert.equal(spec['pre-link-objects-fallback'], undefined);
      assert.equal(spec['relocation-model'], 'static');
      if (!tc.rustLld) {
        assert.equal(
          spec['linker'],
          crossGcc(info) === 'cc' ? undefined : crossGcc(info),
          `${arch}: the cross gcc links (or the default cc natively)`,
        );
        assert.deepEqual(spec['pre-link-args'], { 'gnu-cc': [...info.gccArgs, '-nostartfiles'] });
      }
      const file = path.join(dir, `${userTargetName('ostoo', arch)}.json`);
      writeFileSync(file, serializeSpec(spec));
      const cfg = (
        await execa(tc.rustc, ['-Z', 'unstable-options', '--print', 'cfg', '--target', file], {
          env: { RUSTC_BOOTSTRAP: '1' },
        })
      ).stdout;
      assert.match(cfg, new RegExp(`target_arch="${arch}"`));
      assert.match(cfg, /target_vendor="ostoo"/);
      assert.match(cfg, /target_feature="crt-static"/);
    }
  },
);

test('cross gcc: plain cc on a host of the same architecture, else <gnu triple>-gcc; unknown --arch refused', () => {
  assert.equal(crossGcc(userArchInfo('aarch64'), 'x64'), 'aarch64-linux-gnu-gcc');
  assert.equal(crossGcc(userArchInfo('aarch64'), 'arm64'), 'cc');
  assert.equal(crossGcc(userArchInfo('riscv64'), 'x64'), 'riscv64-linux-gnu-gcc');
  assert.equal(crossGcc(userArchInfo('x86_64'), 'x64'), 'cc');
  const cc = deriveUserSpec(
    { arch: 'aarch64' },
    { linker: 'cc', vendor: 'ostoo', gcc: 'aarch64-linux-gnu-gcc', gccArgs: [] },
  );
  assert.deepEqual(cc['pre-link-args'], { 'gnu-cc': ['-nostartfiles'] }, 'no x86-only -m64');
  assert.equal(cc['linker'], 'aarch64-linux-gnu-gcc');
  assert.throws(
    () => userArchInfo('mips'),
    /--arch must be one of x86_64, aarch64, riscv64 for user-rs \(got 'mips'\)/,
  );
});
