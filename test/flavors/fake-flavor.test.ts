// A flavor is one module and one registry line: a fake one, registered by the test, gets its
// own question and record field through `ostoo new` and `yo ostoo`, and none of another's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import helpers from 'yeoman-test';
import { registerFlavorForTest, flavorIds } from '../../src/flavor-catalog/registry.js';
import { fakeFlavorEntry, fakeFlavorId } from '../helpers/fake-flavor.js';
import { generatorPath, tempDir } from '../helpers/paths.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';
import type { OptionSpec } from '../../src/command/model.js';

// The registry line. Before the command tables are loaded: they compose the flavors' options.
registerFlavorForTest(fakeFlavorEntry);
const { appCommand: typedTable } = await import('../../src/commands/app.js');
// Untyped: the fake flavor's option is not in the built-in table's type.
const appCommand: readonly OptionSpec[] = typedTable;
const { main } = await import('../../src/cli/main.js');
const { parseRecord } = await import('../../src/project/record.js');

const { toolchain, skip } = toolchainOrSkip();
const otherFlavorsOptions = ['os', 'arch', 'deploy-dir', 'musl', 'panic', 'app', 'component', 'microkit-sdk'];

test('a registered flavor is a --flavor choice with its own option, asked for it alone', () => {
  assert.ok(flavorIds.includes(fakeFlavorId as never));
  const flavor = appCommand.find((s) => s.name === 'flavor')!;
  assert.match(flavor.description, /fake-greeter \(a greeting, for tests\)/);
  const greeting = appCommand.find((s) => s.name === 'greeting')!;
  assert.ok(greeting, '--greeting is an option of ostoo new');
  assert.equal(greeting.when!({ flavor: fakeFlavorId }), true);
  for (const other of ['user-rs', 'camkes', 'camkes-cmake', 'microkit'])
    assert.equal(greeting.when!({ flavor: other }), false, `not asked for ${other}`);
  // ... and no other flavor's question is asked for it, user-rs's included.
  for (const name of otherFlavorsOptions)
    assert.equal(appCommand.find((s) => s.name === name)!.when!({ flavor: fakeFlavorId }), false, name);
});

/** `ostoo new DIR --flavor fake-greeter --yes --greeting G`, in this process (where it is registered). */
const newFake = (dir: string, greeting: string) =>
  main([
    'node',
    'ostoo',
    'new',
    dir,
    '--flavor',
    fakeFlavorId,
    '--yes',
    '--toolchain-path',
    toolchain!.root,
    '--greeting',
    greeting,
  ]);

test(
  'ostoo new --flavor fake-greeter writes its files and its record, with no other flavor answers',
  { skip },
  async () => {
    const dir = path.join(tempDir('fake-flavor'), 'proj');
    await newFake(dir, 'hi');
    assert.equal(readFileSync(path.join(dir, 'greeting.txt'), 'utf8'), 'hi, world\n');
    const rc = JSON.parse(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))['generator-ostoo'];
    assert.equal(rc.flavor, fakeFlavorId);
    assert.equal(rc.greeting, 'hi');
    assert.equal(rc.greetingFile, 'greeting.txt');
    for (const key of [
      'os',
      'arch',
      'deployDir',
      'musl',
      'panic',
      'optimizeForSize',
      'app',
      'component',
      'microkitSdk',
    ])
      assert.equal(rc[key], undefined, `no ${key} in a fake-greeter record`);
    // Besides its files: the record, and the base `ostoo update` merges against (every flavor's).
    assert.deepEqual(readdirSync(dir).sort(), ['.ostoo-base', '.yo-rc.json', 'greeting.txt']);
  },
);

test('its option is checked by its own rule, before anything is written', { skip }, async () => {
  const parent = tempDir('fake-flavor-refused');
  const dir = path.join(parent, 'proj');
  await assert.rejects(newFake(dir, 'Hi There'), /greeting "Hi There" is not lower-case letters/);
  assert.equal(existsSync(dir), false);
});

test('yo ostoo asks the fake flavor its question and none of the other flavors', { skip }, async () => {
  const saved = Object.getOwnPropertyDescriptor(process.stdin, 'isTTY');
  Object.defineProperty(process.stdin, 'isTTY', { value: true, configurable: true });
  try {
    const result = await helpers
      .run(generatorPath('app'))
      .withOptions({ flavor: fakeFlavorId, 'toolchain-path': toolchain!.root } as unknown as Record<string, never>)
      .withAnswers({ toolchain: '', greeting: 'howdy' });
    assert.deepEqual(
      result.askedQuestions.map((q) => q.name),
      ['toolchain', 'greeting'],
    );
    assert.equal(readFileSync(path.join(result.cwd, 'greeting.txt'), 'utf8'), 'howdy, world\n');
  } finally {
    if (saved) Object.defineProperty(process.stdin, 'isTTY', saved);
    else delete (process.stdin as { isTTY?: boolean }).isTTY;
  }
});

test('its part of the record is checked as its own, and user-rs records as before', () => {
  const rc = (entry: Record<string, unknown>) => JSON.stringify({ 'generator-ostoo': entry });
  assert.equal(parseRecord(rc({ flavor: fakeFlavorId, greetingFile: 'greeting.txt' }), '/f')?.flavor, fakeFlavorId);
  assert.throws(
    () => parseRecord(rc({ flavor: fakeFlavorId, greetingFile: '../elsewhere' }), '/f'),
    /generator-ostoo\.greetingFile: "\.\.\/elsewhere" is not a name/,
  );
  assert.throws(
    () => parseRecord(rc({ flavor: 'user-rs', os: 'a b' }), '/f'),
    /generator-ostoo\.os: "a b" is not a name/,
  );
});
