// The sysroot key: what changes it (anything that reaches std's rlibs) and what does not (link-only flags, lto, strip).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  canonicalJson,
  stdProfileTable,
  stdRustflags,
  sysrootKey,
  type SysrootRequest,
} from '../../src/std-sysroot/request.js';

const base: SysrootRequest = {
  recipe: 1,
  toolchain: { rustc: 'rustc 1.96.0\nhost: x86_64-unknown-linux-gnu', cargo: 'cargo 1.96.0', rustSrc: 'a'.repeat(64) },
  target: { name: 'x86_64-ostoo-user', spec: 'b'.repeat(64) },
  crates: ['panic_abort', 'std'],
  features: ['optimize_for_size'],
  profile: { name: 'release', tables: { release: { 'opt-level': 's', panic: 'abort', 'codegen-units': 1 } } },
  rustflags: ['-Cforce-unwind-tables=no', '-Zlocation-detail=none'],
};

test('the key is a sha256 of the canonical request, independent of key order', () => {
  const k = sysrootKey(base);
  assert.match(k, /^[0-9a-f]{64}$/);
  const { rustflags, ...rest } = base;
  const reordered = JSON.parse(JSON.stringify({ rustflags, ...rest })) as SysrootRequest;
  assert.equal(sysrootKey(reordered), k);
  assert.equal(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }), '{"a":[{"c":3,"d":2}],"b":1}');
});

test('every input that reaches std gives a new key', () => {
  const k = sysrootKey(base);
  const changed: [string, SysrootRequest][] = [
    ['toolchain', { ...base, toolchain: { ...base.toolchain, rustc: 'rustc 1.97.0-nightly' } }],
    ['rust-src', { ...base, toolchain: { ...base.toolchain, rustSrc: 'c'.repeat(64) } }],
    ['spec bytes', { ...base, target: { ...base.target, spec: 'd'.repeat(64) } }],
    ['crates', { ...base, crates: ['core'] }],
    ['features', { ...base, features: [] }],
    ['default features', { ...base, features: null }],
    ['opt-level', { ...base, profile: { name: 'release', tables: { release: { 'opt-level': 3 } } } }],
    ['profile name', { ...base, profile: { ...base.profile, name: 'dev' } }],
    ['a flag', { ...base, rustflags: [...base.rustflags, '-Ctarget-cpu=native'] }],
    ['location detail', { ...base, rustflags: ['-Cforce-unwind-tables=no'] }],
    ['flag order', { ...base, rustflags: [...base.rustflags].reverse() }],
    ['recipe', { ...base, recipe: 2 }],
  ];
  const keys = new Set([k]);
  for (const [what, r] of changed) {
    const k2 = sysrootKey(r);
    assert.notEqual(k2, k, what);
    keys.add(k2);
  }
  assert.equal(keys.size, changed.length + 1);
});

test('link-only flags and lto/strip/rpath/incremental do not reach std', () => {
  assert.deepEqual(
    stdRustflags([
      '-L',
      'native=../sysroot/x/lib',
      '-Lnative=/x',
      '-Cforce-unwind-tables=no',
      '-Clink-arg=-Wl,--build-id=none',
      '-C',
      'link-args=-z norelro',
      '--codegen=linker=ld.lld',
      '-Clinker-flavor=gnu-lld',
      '-lstatic=foo',
      '-Zlocation-detail=none',
      '-C',
      'target-cpu=cortex-a53',
    ]),
    [
      '-Cforce-unwind-tables=no',
      '-Clinker-flavor=gnu-lld',
      '-lstatic=foo',
      '-Zlocation-detail=none',
      '-C',
      'target-cpu=cortex-a53',
    ],
  );
  assert.deepEqual(
    stdProfileTable({ 'opt-level': 's', lto: true, strip: true, rpath: false, incremental: false, debug: 1 }),
    {
      'opt-level': 's',
      debug: 1,
    },
  );
});
