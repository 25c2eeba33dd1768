// Options given on the command line are refused before any question, each with its own
// message and a hint: every option of every command that has choices or a rule, and the
// refusal as a user meets it (one line, nothing written).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { execa } from 'execa';
import { checkGivenOptions } from '../../src/command/given.js';
import { commandDefinitions } from '../../src/commands/index.js';
import type { OptionSpec } from '../../src/command/model.js';
import { OstooError } from '../../src/errors.js';
import { ostooBin, tempDir } from '../helpers/paths.js';

const refusal = (fn: () => void): OstooError => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof OstooError, `not an OstooError: ${String(err)}`);
    return err;
  }
  assert.fail('not refused');
};

test('every option with choices refuses a value outside them, naming them, with a hint', () => {
  let checked = 0;
  for (const def of commandDefinitions) {
    for (const spec of def.options as readonly OptionSpec[]) {
      if (spec.type !== 'string' || !spec.prompt?.choices) continue;
      const err = refusal(() =>
        checkGivenOptions(def.options, { [spec.name]: 'zzzz-not-a-choice' }, () => false, `ostoo ${def.cli}`),
      );
      assert.match(err.what, new RegExp(`^--${spec.name} must be one of .+ \\(got 'zzzz-not-a-choice'\\)$`));
      assert.ok(err.hint, `--${spec.name}: no hint`);
      checked++;
    }
  }
  assert.ok(checked >= 4, `only ${checked} options with choices`);
});

test('every option with a rule refuses a value with white space, with a hint', () => {
  let checked = 0;
  for (const def of commandDefinitions) {
    for (const spec of def.options as readonly OptionSpec[]) {
      if (spec.type !== 'string' || !spec.validate || spec.validate('has white space') === undefined) continue;
      const err = refusal(() =>
        checkGivenOptions(def.options, { [spec.name]: 'has white space' }, () => false, `ostoo ${def.cli}`),
      );
      assert.ok(err.hint, `--${spec.name}: '${err.message}' has no hint`);
      checked++;
    }
  }
  assert.ok(checked >= 1);
});

test('another name or a near miss of a choice is suggested', () => {
  const app = commandDefinitions[0];
  const arch = (value: string) =>
    refusal(() => checkGivenOptions(app.options, { arch: value }, () => false, 'ostoo new'));
  assert.equal(arch('arm64').hint, 'did you mean aarch64?');
  assert.equal(arch('x86-64').hint, 'did you mean x86_64?');
  const musl = refusal(() => checkGivenOptions(app.options, { musl: 'sytem' }, () => false, 'ostoo new'));
  assert.equal(musl.hint, 'did you mean system?');
});

test('ostoo new refuses a bad --musl in one line, not an internal error, and writes nothing', async () => {
  const cwd = tempDir('given-musl');
  const res = await execa(process.execPath, [ostooBin, 'new', 'k', '--yes', '--musl', 'glibc'], { cwd, reject: false });
  assert.equal(res.exitCode, 1);
  assert.equal(
    res.stderr,
    "ostoo: --musl must be one of auto, system, rust-std, docker, none (got 'glibc') — pick one of those (see `ostoo new --help`)",
  );
  assert.deepEqual(readdirSync(cwd), []);
});
