import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  camkesHeaderSubset,
  cPrototype,
  knownMethods,
  maskComments,
  parseProcedures,
  renderProcedure,
  rustBindingsFallback,
  rustExtern,
} from '../../src/camkes/idl.js';
import { cIdentifierProblem, kconfigSymbol, rustCIdentifierProblem } from '../../src/identifiers.js';
import { planCamkesProject } from '../../src/camkes/project.js';
import { sel4Arches } from '../../src/target-spec/sel4-spec.js';

const idl = `/* procedure Ghost { int boo(); }; */
procedure Store {
    include <store.h>;
    int put(in string key, in uint32_t value);   // comment
    void get(in string key, out uint32_t value, inout string note);
    Record fetch(refin Record r);
    bool empty();
    string name(void);
    this is not a method;
};
procedure Empty {};
`;

test('procedures are parsed from IDL text, comments and unknown lines aside', () => {
  const procs = parseProcedures(idl);
  assert.deepEqual(
    procs.map((p) => p.name),
    ['Store', 'Empty'],
  );
  const store = procs[0]!;
  assert.deepEqual(store.includes, ['<store.h>']);
  assert.deepEqual(
    store.methods.map((m) => m.name),
    ['put', 'get', 'fetch', 'empty', 'name'],
  );
  assert.deepEqual(store.methods[1]!.params, [
    { direction: 'in', type: 'string', name: 'key' },
    { direction: 'out', type: 'uint32_t', name: 'value' },
    { direction: 'inout', type: 'string', name: 'note' },
  ]);
  assert.deepEqual(parseProcedures(renderProcedure(store)), [store], 'render and parse round-trip');
  assert.equal(maskComments('a /* b\nc */ d // e\n').length, 'a /* b\nc */ d // e\n'.length);
});

test('camkes.h declarations, in C and in Rust', () => {
  const store = parseProcedures(idl)[0]!;
  const [put, get, fetch, empty, name] = store.methods as [never, never, never, never, never];
  assert.equal(cPrototype('s', put), 'int s_put(const char *key, uint32_t value);');
  assert.equal(cPrototype('s', get), 'void s_get(const char *key, uint32_t *value, char **note);');
  assert.equal(cPrototype('s', fetch), 'Record s_fetch(const Record *r);');
  assert.equal(cPrototype('s', empty), '_Bool s_empty(void);');
  assert.equal(cPrototype('s', name), 'char *s_name(void);');
  assert.equal(rustExtern('s', put), 'pub fn s_put(key: *const core::ffi::c_char, value: u32) -> core::ffi::c_int;');
  assert.equal(
    rustExtern('s', get),
    'pub fn s_get(key: *const core::ffi::c_char, value: *mut u32, note: *mut *mut core::ffi::c_char);',
  );
  assert.equal(rustExtern('s', empty), 'pub fn s_empty() -> bool;');
  const { known, skipped } = knownMethods(store);
  assert.deepEqual(
    skipped.map((m) => m.name),
    ['fetch'],
    'Record comes from store.h',
  );
  assert.equal(known.length, 4);
  const uses = [{ procedure: store, iface: 'kv' }];
  assert.match(
    camkesHeaderSubset('c', uses),
    /^#include <stdint\.h>\n\nint kv_put\(const char \*key, uint32_t value\);$/m,
  );
  assert.doesNotMatch(camkesHeaderSubset('c', uses), /fetch/);
  assert.match(rustBindingsFallback(uses), /^extern "C" \{\n {4}pub fn kv_put/);
  assert.equal(rustBindingsFallback([]), '');
});

test('identifier rules for components, libraries and apps', () => {
  assert.equal(cIdentifierProblem('Store'), undefined);
  assert.equal(cIdentifierProblem('_x'), undefined);
  assert.match(cIdentifierProblem('__x')!, /reserved to the C implementation/);
  assert.match(cIdentifierProblem('a-b')!, /not a C identifier/);
  assert.match(cIdentifierProblem('while')!, /C keyword/);
  assert.match(cIdentifierProblem('procedure')!, /reserved by CAmkES/);
  assert.match(cIdentifierProblem('')!, /empty/);
  assert.equal(rustCIdentifierProblem('sensor_2'), undefined);
  assert.match(rustCIdentifierProblem('Sensor')!, /uppercase/);
  assert.match(rustCIdentifierProblem('_sensor')!, /starts with '_'/);
  assert.match(rustCIdentifierProblem('async')!, /Rust keyword/);
  assert.equal(kconfigSymbol('hello_rust'), 'HELLO_RUST');
});

test('a rustup nightly pins by name: cargo +toolchain, no RUSTC_BOOTSTRAP', async () => {
  const specs = new Map(sel4Arches.map((a) => [a.target, { arch: a.arch, 'data-layout': 'e' }]));
  const plan = await planCamkesProject({
    repoName: 'r',
    app: 'a',
    component: 'c',
    cComponent: 's',
    procedure: 'P',
    library: 'l',
    defaultArch: 'aarch64',
    toolchain: {
      kind: 'rustup',
      id: 'nightly-2026-05-19',
      root: '/home/u/.rustup/toolchains/nightly-2026-05-19',
      versionLine: 'rustc 1.97.0-nightly',
      needsBootstrap: false,
    },
    specs,
  });
  const toolchainMk = String(plan.files.get('tools/rust/toolchain.mk'));
  assert.match(toolchainMk, /^RUST_TOOLCHAIN \?= nightly-2026-05-19$/m);
  assert.match(toolchainMk, /^RUST_CARGO \?= cargo \+\$\(RUST_TOOLCHAIN\)$/m);
  assert.match(toolchainMk, /^RUST_BOOTSTRAP \?=$/m);
  assert.match(
    String(plan.files.get('rust-toolchain.toml')),
    /^channel = "nightly-2026-05-19"\ncomponents = \["rust-src"\]$/m,
  );
  assert.doesNotMatch(
    String(plan.files.get('tools/rust/cargo-config.toml')),
    /source\.crates-io/,
    'no vendor directory to point at',
  );
  assert.match(String(plan.files.get('Makefile')), /make a_tx1_defconfig/);
});
