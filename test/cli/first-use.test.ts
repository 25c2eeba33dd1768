// A new user's first commands: unknown options, refusals, error lines, help, `verify` of a
// foreign binary. Everything runs the real `ostoo` bin; generator-side checks (what `yo` runs)
// are called directly, since yo itself is exercised by the packaging test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { ostooBin, repoRoot, tempDir } from '../helpers/paths.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';
import { appCommand, appDefinition } from '../../src/commands/app.js';
import { programDefinition } from '../../src/commands/program.js';
import { camkesComponentDefinition } from '../../src/commands/camkes-component.js';
import { toolchainDefinition, toolchainOptions } from '../../src/commands/toolchain.js';
import { checkGeneratorOptions, commandFor } from '../../src/command/commander.js';
import { formatError, useColor } from '../../src/cli/errors.js';
import { OstooError } from '../../src/errors.js';
import type { AnswersOf } from '../../src/command/model.js';

const { toolchain, skip } = toolchainOrSkip();
const ostoo = (args: string[], cwd: string, env: Record<string, string> = {}) =>
  execa(process.execPath, [ostooBin, ...args], { cwd, reject: false, env: { NO_COLOR: '', ...env } });

/** One line on stderr, `ostoo: <what> — <what to do>`, no colour when piped, exit 1. */
function assertOneLineError(res: { exitCode?: number; stderr: string }, message: RegExp): void {
  assert.equal(res.exitCode, 1, res.stderr);
  assert.match(res.stderr, /^ostoo: [^\n]+ — [^\n]+\n?$/, `one line: ${JSON.stringify(res.stderr)}`);
  assert.match(res.stderr, message);
  assert.ok(!res.stderr.includes('\x1b['), 'no colour when piped');
  assert.doesNotMatch(res.stderr, /An error occured|✖/);
}

test('unknown options are errors with the closest valid name, and nothing is written', async () => {
  const cwd = tempDir('unknown');
  assertOneLineError(
    await ostoo(['new', 'x', '--yes', '--flavour', 'camkes'], cwd),
    /unknown option '--flavour' — did you mean --flavor\?/,
  );
  assertOneLineError(await ostoo(['program', 'foo', '--sdt'], cwd), /unknown option '--sdt' — did you mean --std\?/);
  assertOneLineError(await ostoo(['camkes-component', 'c', '--instnce', 'i'], cwd), /did you mean --instance\?/);
  assertOneLineError(
    await ostoo(['toolchain', 'install', '--dist-sever', 'http://x'], cwd),
    /did you mean --dist-server\?/,
  );
  assertOneLineError(await ostoo(['new', 'x', '--zzzz'], cwd), /unknown option '--zzzz' — see `ostoo new --help`/);
  assert.deepEqual(readdirSync(cwd), []);
});

test('under yo, the generators reject unknown options from the same definition', () => {
  // yo hands over its parsed flags camelCased and kebab-cased, plus its own and the environment's keys.
  const yoKeys = (o: Record<string, unknown>) => ({
    env: {},
    resolved: '/x',
    namespace: 'ostoo:app',
    sharedData: {},
    skipInstall: true,
    help: false,
    ...o,
  });
  assert.throws(
    () => checkGeneratorOptions(appDefinition, yoKeys({ yes: true, y: true, flavour: 'camkes' }), []),
    (err: Error) =>
      err instanceof OstooError && /unknown option '--flavour' — did you mean --flavor\?/.test(err.message),
  );
  assert.throws(() => checkGeneratorOptions(programDefinition, yoKeys({ sdt: true }), ['foo']), /did you mean --std\?/);
  assert.throws(
    () => checkGeneratorOptions(toolchainDefinition, yoKeys({ distSever: 'u', 'dist-sever': 'u' }), []),
    /did you mean --dist-server\?/,
  );
  // What only `ostoo toolchain` has as a subcommand names that command, not a near option (--host).
  assert.throws(
    () => checkGeneratorOptions(toolchainDefinition, yoKeys({ list: true }), []),
    (err: Error) =>
      err instanceof OstooError && err.message === 'yo ostoo:toolchain has no --list — run `ostoo toolchain list`',
  );
  assert.throws(
    () => checkGeneratorOptions(toolchainDefinition, yoKeys({ verify: true }), []),
    /has no --verify — run `ostoo toolchain verify`/,
  );
  // Every declared option, in both spellings and negated, passes.
  checkGeneratorOptions(
    appDefinition,
    yoKeys({ toolchainPath: '/usr', 'toolchain-path': '/usr', optimizeForSize: false, intoExisting: true }),
    [],
  );
  checkGeneratorOptions(camkesComponentDefinition, yoKeys({ control: false, uses: ['A'] }), ['c']);
  checkGeneratorOptions(
    toolchainDefinition,
    yoKeys({ distServer: 'u', keepArchives: true, host: 'h', components: 'rustc' }),
    [],
  );
});

test('a refused ostoo new leaves nothing behind, not even DIR or its parents', async () => {
  const cwd = tempDir('refused');
  assertOneLineError(
    await ostoo(['new', 'a/b/kernel', '--yes', '--os', 'My OS', '--toolchain-path', '/nonexistent'], cwd),
    /OS name 'My OS' contains white space/,
  );
  assertOneLineError(
    await ostoo(['new', 'k', '--yes', '--toolchain-path', path.join(cwd, 'missing')], cwd),
    /has no rustc/,
  );
  assert.deepEqual(readdirSync(cwd), []);
});

test("an unknown --toolchain is said plainly, in one line, without rustup's backtrace", async () => {
  const cwd = tempDir('unknown-tc');
  const res = await ostoo(['new', 'k', '--yes', '--toolchain', 'nightly-2099-01-01'], cwd, { RUST_BACKTRACE: '1' });
  assertOneLineError(res, /nightly-2099-01-01.*(not installed|rustup is not installed).*ostoo toolchain install/);
  assert.doesNotMatch(res.stderr, /backtrace/i);
  // Pinned in the shipped lock, not installed, installing off: ostoo's own install is named.
  const pinned = await ostoo(['new', 'k', '--yes', '--toolchain', 'nightly-2026-05-20', '--skip-install'], cwd, {
    RUST_BACKTRACE: '1',
    RUSTUP_HOME: tempDir('no-rustup'),
  });
  assertOneLineError(
    pinned,
    /toolchain 'nightly-2026-05-20' is pinned in the lock but not installed — run `ostoo toolchain install nightly-2026-05-20`/,
  );
  assert.deepEqual(readdirSync(cwd), []);
});

test('errors are coloured only on a TTY, and never with NO_COLOR', () => {
  const saved = process.env.NO_COLOR;
  try {
    delete process.env.NO_COLOR;
    assert.equal(useColor({ isTTY: true }), true);
    assert.equal(useColor({ isTTY: false }), false);
    assert.equal(useColor({}), false);
    process.env.NO_COLOR = '1';
    assert.equal(useColor({ isTTY: true }), false);
  } finally {
    if (saved === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = saved;
  }
  assert.equal(formatError(new OstooError('what', 'what to do')), 'ostoo: what — what to do\n');
  assert.equal(formatError(new OstooError('what', 'fix'), true), '\x1b[31mostoo:\x1b[39m what — fix\n');
});

test('interactive answers are checked as they are typed', () => {
  const os = appCommand.find((s) => s.name === 'os')!;
  assert.match(os.validate!('My OS') ?? '', /contains white space/);
  assert.equal(os.validate!('toyos'), undefined);
  const deploy = appCommand.find((s) => s.name === 'deploy-dir')!;
  assert.match(deploy.validate!('../out') ?? '', /must be a relative path/);
  const lib = appCommand.find((s) => s.name === 'library')!;
  assert.match(lib.validate!('My Lib') ?? '', /not a C identifier/);
});

test('help is complete: DIR, verify, every crate --os renames, --no-control, no empty defaults', async () => {
  const cwd = tempDir('help');
  const top = (await ostoo(['--help'], cwd)).stdout;
  assert.match(top, /^\s+new \[options\] \[DIR\]/m);
  const verify = (await ostoo(['verify', '--help'], cwd)).stdout;
  assert.match(verify, /ET_EXEC/);
  const app = (await ostoo(['new', '--help'], cwd)).stdout;
  assert.match(app.replace(/\s+/g, ' '), /--os <value> .*<os>-rt, <os>-rt-std and <os>-sys/);
  assert.match(app, /^ {2}--skip-install\s+Do not provision a --toolchain pinned in the lock/m);
  const comp = (await ostoo(['camkes-component', '--help'], cwd)).stdout;
  assert.match(comp, /^ {2}--no-control\b/m);
  assert.doesNotMatch(comp, /\(default: \)/);
  // yo's help is drawn from the same definitions.
  const yoApp = commandFor(appDefinition, 'yo').helpInformation();
  assert.match(yoApp, /^Usage: yo ostoo \[options\]/);
  assert.match(yoApp, /^ {2}--skip-install\s+Do not provision/m);
  assert.deepEqual(readdirSync(cwd), []);
});

test('yo ostoo:toolchain has every option of ostoo toolchain install, lock and bump, by the same names', async () => {
  const cwd = tempDir('tc-help');
  const yoHelp = commandFor(toolchainDefinition, 'yo').helpInformation();
  assert.match(yoHelp, /--dist-server <value>/);
  for (const sub of ['install', 'lock', 'bump'] as const) {
    const cli = (await ostoo(['toolchain', sub, '--help'], cwd)).stdout;
    for (const flag of cli.match(/--[a-z][a-z-]+/g) ?? []) {
      if (flag === '--help') continue;
      assert.ok(yoHelp.includes(flag), `yo ostoo:toolchain has ${flag} (from ostoo toolchain ${sub})`);
    }
    for (const spec of toolchainOptions[sub]) assert.match(cli, new RegExp(`--${spec.name}\\b`));
  }
});

test('the README lists every option of every command', () => {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const tables = [
    ...[appDefinition, programDefinition, camkesComponentDefinition].map((d) => d.options),
    ...Object.values(toolchainOptions),
  ];
  for (const table of tables) {
    for (const spec of table) assert.ok(readme.includes(`--${spec.name}`), `README mentions --${spec.name}`);
  }
});

test('ostoo verify reports a check that could not run as skip, not ok', async () => {
  const res = await ostoo(['verify', '/bin/ls'], tempDir('verify'));
  assert.equal(res.exitCode, 1);
  assert.match(res.stdout, /^\/bin\/ls: skip entry: /m);
  assert.doesNotMatch(res.stdout, /ok {3}entry: skipped/);
});

test('ostoo program reports its new files as create, edited ones as update (never force)', { skip }, async () => {
  const dir = path.join(tempDir('create'), 'k');
  const gen = await ostoo(['new', dir, '--yes', '--toolchain-path', toolchain!.root, '--skip-sysroot'], process.cwd());
  assert.equal(gen.exitCode, 0, gen.stderr);
  const res = await ostoo(['program', 'tool'], path.join(dir, 'user-rs'));
  assert.equal(res.exitCode, 0, res.stderr);
  const out = res.stdout + res.stderr;
  assert.match(out, /create tool\/Cargo\.toml/);
  assert.match(out, /create tool\/src\/main\.rs/);
  assert.match(out, /update Cargo\.toml/);
  assert.doesNotMatch(out, /force /);
});

test('ostoo toolchain options keep their defaults through the shared table (--sizes on unless --no-sizes)', async () => {
  const { buildProgram } = await import('../../src/cli/main.js');
  const parsed = (argv: string[]) => {
    const program = buildProgram();
    const lock = program.commands.find((c) => c.name() === 'toolchain')!.commands.find((c) => c.name() === 'lock')!;
    let seen: Record<string, unknown> = {};
    lock.action((_name: string, o: Record<string, unknown>) => {
      seen = o;
    });
    program.parse(['node', 'ostoo', 'toolchain', 'lock', 'nightly-2026-05-20', ...argv]);
    return seen;
  };
  assert.deepEqual(parsed([]), { lockfile: 'toolchains.lock', sizes: true });
  assert.deepEqual(parsed(['--no-sizes', '--hosts', 'a,b', '--hosts', 'c']), {
    lockfile: 'toolchains.lock',
    sizes: false,
    hosts: ['a', 'b', 'c'],
  });
});

test('answers are typed from the definition (checked by tsc, which npm test runs first)', () => {
  const ok: AnswersOf<typeof appCommand> = {
    flavor: 'camkes',
    os: 'toyos',
    'optimize-for-size': false,
    panic: 'location',
  };
  // @ts-expect-error -- not one of --flavor's choices
  const badFlavor: AnswersOf<typeof appCommand> = { flavor: 'zephyr' };
  // @ts-expect-error -- --into-existing is a boolean
  const badType: AnswersOf<typeof appCommand> = { 'into-existing': 'yes' };
  // @ts-expect-error -- no such option
  const unknown: AnswersOf<typeof appCommand> = { flavour: 'camkes' };
  assert.ok(ok && badFlavor && badType && unknown);
});
