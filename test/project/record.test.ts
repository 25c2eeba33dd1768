// The project record (.yo-rc.json): one module finds, reads and merges it for every command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  findRecord,
  parseRecord,
  readRecord,
  RecordError,
  recordFileText,
  updatedRecordText,
} from '../../src/project/record.js';
import { flavorEntries, flavorIds } from '../../src/flavor-catalog/registry.js';
import { flavorFor, loadFlavors } from '../../src/flavors/find.js';
import { tempDir } from '../helpers/paths.js';

test("the search passes over other generators' records and stops at the nearest of ours that fits", () => {
  const root = tempDir('record');
  const deep = path.join(root, 'kernel', 'apps', 'demo', 'src');
  mkdirSync(deep, { recursive: true });
  writeFileSync(
    path.join(root, '.yo-rc.json'),
    JSON.stringify({ 'generator-ostoo': { flavor: 'camkes', app: 'demo' } }),
  );
  writeFileSync(path.join(root, 'kernel', '.yo-rc.json'), JSON.stringify({ 'generator-other': { flavor: 'camkes' } }));
  writeFileSync(
    path.join(root, 'kernel', 'apps', 'demo', '.yo-rc.json'),
    JSON.stringify({ 'generator-ostoo': { flavor: 'user-rs' } }),
  );

  assert.equal(findRecord(deep)?.record.flavor, 'user-rs');
  const camkes = findRecord(deep, (r) => r.flavor === 'camkes');
  assert.equal(camkes?.root, root);
  assert.equal(camkes?.record.app, 'demo');
  assert.equal(
    findRecord(deep, (r) => r.flavor === 'camkes-cmake'),
    undefined,
  );
  assert.equal(readRecord(path.join(root, 'kernel')), undefined, "another generator's entry is not ours");
});

test('a malformed record is refused by file and field, in one line', () => {
  const file = '/p/.yo-rc.json';
  assert.throws(
    () => parseRecord('{ not json', file),
    (e: Error) =>
      e instanceof RecordError && /^\/p\/\.yo-rc\.json is not valid JSON — fix or remove it first$/.test(e.message),
  );
  assert.throws(() => parseRecord('[1]', file), /is not a JSON object/);
  assert.throws(
    () =>
      parseRecord(JSON.stringify({ 'generator-ostoo': { flavor: 'user-rs', toolchain: { kind: 'rustup' } } }), file),
    (e: Error) =>
      e instanceof RecordError &&
      /^\/p\/\.yo-rc\.json: generator-ostoo\.toolchain\.id: .* — fix or remove it first$/.test(e.message) &&
      !e.message.includes('\n'),
  );
  assert.throws(
    () => parseRecord(JSON.stringify({ 'generator-ostoo': { programs: [{ name: 'x', tier: 'gpu' }] } }), file),
    /programs\[0\]\.tier/,
  );
  // What was added is input too: its directory stays inside the project, its command is one of ours.
  const added = (entry: unknown) => JSON.stringify({ 'generator-ostoo': { added: [entry] } });
  assert.throws(() => parseRecord(added({ command: 'camkes-component', dir: '../x' }), file), /added\[0\]\.dir/);
  assert.throws(() => parseRecord(added({ command: 'rm', dir: '.' }), file), /added\[0\]\.command/);
  assert.throws(() => parseRecord(added({ command: 'microkit-pd', dir: '.', name: 'a/b' }), file), /added\[0\]\.name/);
  assert.throws(() => parseRecord(JSON.stringify({ 'generator-ostoo': { made: 'copied' } }), file), /made/);
  const ok = { command: 'microkit-pd', dir: '.', name: 'greeter', options: { channels: ['client'], priority: 3 } };
  assert.deepEqual(parseRecord(added(ok), file)?.added, [ok]);
});

test("merging keeps other generators' keys and our own unknown ones, and drops keys set to undefined", () => {
  const existing = `${JSON.stringify({ 'generator-other': { a: 1 }, 'generator-ostoo': { flavor: 'user-rs', mine: true, toolchainPath: '/usr' } }, null, 2)}\n`;
  const text = recordFileText(existing, {
    toolchain: { kind: 'rustup', id: 'nightly-2026-05-20' },
    toolchainPath: undefined,
  });
  assert.deepEqual(JSON.parse(text), {
    'generator-other': { a: 1 },
    'generator-ostoo': { flavor: 'user-rs', mine: true, toolchain: { kind: 'rustup', id: 'nightly-2026-05-20' } },
  });
  assert.ok(
    text.endsWith('}\n') && text.includes('\n  "generator-ostoo": {\n'),
    'two-space JSON with a final newline, as Yeoman writes it',
  );
  assert.equal(
    recordFileText(undefined, { flavor: 'camkes' }),
    '{\n  "generator-ostoo": {\n    "flavor": "camkes"\n  }\n}\n',
  );

  const dir = tempDir('record-update');
  writeFileSync(path.join(dir, '.yo-rc.json'), existing);
  assert.equal(JSON.parse(updatedRecordText(dir, { app: 'x' }))['generator-ostoo'].app, 'x');
  assert.throws(() => recordFileText('{', { flavor: 'x' }, '/q/.yo-rc.json'), /\/q\/\.yo-rc\.json is not valid JSON/);
});

test('every --flavor is one module behind the Flavor interface, loaded by its id', async () => {
  const flavors = await loadFlavors();
  assert.deepEqual(
    flavors.map((f) => f.id),
    [...flavorIds],
  );
  for (const f of flavors) {
    assert.equal(typeof f.plan, 'function', f.id);
    assert.equal(typeof f.bumpFiles, 'function', f.id);
    assert.ok(f.lockFile.endsWith('toolchains.lock'), f.id);
    // Each flavor reads back a record of its own kind; Microkit knows only its own targets.
    const target = f.id === 'microkit' ? 'aarch64-sel4-microkit' : 'x86_64-ostoo-user';
    const bump = f.bumpFiles('/w', { flavor: f.id, target, os: 'ostoo' });
    assert.equal(bump.lockfile, path.join('/w', f.lockFile), `${f.id}: bump pins the lock where the project keeps it`);
    assert.ok(bump.specs.length > 0, `${f.id}: bump re-derives at least one spec`);
  }
  assert.equal(flavorEntries.filter((e) => e.camkes).length, 2);
  await assert.rejects(
    flavorFor('camkes-meson'),
    /unknown --flavor 'camkes-meson' — use user-rs, camkes, camkes-cmake or microkit/,
  );
  const [, kbuild, cmake] = flavors;
  assert.equal(kbuild!.componentApp?.({ flavor: 'camkes', app: 'demo' }), 'apps/demo');
  assert.equal(cmake!.componentApp?.({ flavor: 'camkes-cmake' }), '.');
  assert.equal(flavors[0]!.componentApp, undefined);
});
