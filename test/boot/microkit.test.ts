// Microkit systems with Rust PDs, built with the real SDK (../shared/microkit) and booted in
// QEMU: the generated demo (every line appears; an unchanged tree builds nothing; an edited PD
// rebuilds only itself; a changed .system is refused until microkit-sync), and microkit-pd on
// the kit's hello-c (Microkit's example/hello), whose C PD must still print. The cases share
// one cargo build directory, so core is built once per toolchain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { demoLines } from '../../src/microkit/new-system.js';
import { ostooBin, tempDir } from '../helpers/paths.js';
import { microkitOrSkip, sharedCargoTarget } from '../helpers/microkit.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';

const { toolchain, skip: noToolchain } = toolchainOrSkip();
const { kit, skip: noKit } = microkitOrSkip();
const skip = noToolchain || noKit;
const timeout = 15 * 60_000;

const rustcVersion = toolchain ? (await execa(toolchain.rustc, ['-vV'])).stdout : '';
const env = { CARGO_TARGET_DIR: sharedCargoTarget(rustcVersion) };

const ostoo = async (args: string[], cwd: string) => {
  const res = await execa(process.execPath, [ostooBin, ...args], { cwd, reject: false, all: true });
  assert.equal(res.exitCode, 0, res.all);
  return res;
};

const make = (dir: string, args: string[] = []) =>
  execa('make', ['-C', dir, ...args], { env, reject: false, all: true, stdin: 'ignore' });

/** `make run` until every line has appeared on the console (then QEMU is stopped), or 60 s. */
async function bootWithMake(dir: string, want: readonly string[]): Promise<string> {
  // Its own process group, so QEMU (make's child) is stopped with make and nothing else.
  const child = spawn('make', ['-C', dir, 'run'], {
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const seen = () => want.every((l) => out.includes(l));
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 60_000);
    const onData = (d: Buffer) => {
      out += d.toString().replace(/\r/g, '');
      if (seen()) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
  for (const line of want) assert.ok(out.includes(line), `'${line}' on the console:\n${out.slice(-3000)}`);
  return out;
}

test(
  'the generated system builds with make and boots with every demo line; rebuilds are incremental and checked',
  { skip, timeout },
  async () => {
    const dir = path.join(tempDir('microkit'), 'demo');
    await ostoo(
      ['new', dir, '--flavor', 'microkit', '--yes', '--toolchain-path', toolchain!.root, '--microkit-sdk', kit!.sdk],
      path.dirname(dir),
    );
    const started = Date.now();
    const built = await make(dir);
    assert.equal(built.exitCode, 0, built.all);
    const out = await bootWithMake(dir, demoLines);
    // The lines come in the order the two PDs take turns in.
    const at = demoLines.map((l) => out.indexOf(l));
    assert.deepEqual(
      [...at].sort((x, y) => x - y),
      at,
      out,
    );
    console.log(`# demo system built and booted in ${Math.round((Date.now() - started) / 1000)} s`);

    const again = await make(dir);
    assert.match(again.stdout, /Nothing to be done for 'all'/, 'an unchanged tree builds nothing');
    assert.doesNotMatch(again.all, /cargo build/);

    const lib = path.join(dir, 'rust/client/src/lib.rs');
    writeFileSync(lib, readFileSync(lib, 'utf8').replace('client: hello from Rust', 'client: hello again from Rust'));
    const edited = await make(dir);
    assert.equal(edited.exitCode, 0, edited.all);
    assert.match(edited.stdout, /cargo build --release -p client /);
    assert.doesNotMatch(edited.stdout, /-p server/, 'the untouched PD is not rebuilt');
    assert.match(edited.stdout, /-o build\/client\.elf/);
    assert.doesNotMatch(edited.stdout, /-o build\/server\.elf/, 'nor relinked');
    await bootWithMake(dir, ['client: hello again from Rust', demoLines[4]!]);

    // A hand-edited .system: the build refuses until the APIs are regenerated.
    const system = path.join(dir, 'demo.system');
    writeFileSync(system, readFileSync(system, 'utf8').replace('priority="100"', 'priority="150"'));
    const stale = await make(dir);
    assert.notEqual(stale.exitCode, 0);
    assert.match(
      stale.stderr,
      /demo\.system changed since the Rust PDs' src\/system\.rs were generated: run ostoo microkit-sync/,
    );
    await ostoo(['microkit-sync'], dir);
    const synced = await make(dir);
    assert.equal(synced.exitCode, 0, synced.all);
  },
);

test(
  "microkit-pd on the kit's hello-c (Microkit's example/hello): the C PD still prints, and the Rust PD prints its line",
  { skip, timeout },
  async () => {
    const dir = path.join(tempDir('microkit'), 'hello-c');
    cpSync(path.join(kit!.examples, 'hello-c'), dir, { recursive: true });
    const c = readFileSync(path.join(dir, 'hello.c'), 'utf8');
    await ostoo(
      ['microkit-pd', 'greeter', '--channel', 'hello', '--toolchain-path', toolchain!.root, '--microkit-sdk', kit!.sdk],
      dir,
    );
    assert.equal(readFileSync(path.join(dir, 'hello.c'), 'utf8'), c, 'the C PD is untouched');
    const res = await execa(kit!.runSystem, [dir, 'greeter: hello from Rust', '60'], {
      env,
      reject: false,
      all: true,
      stdin: 'ignore',
    });
    assert.equal(res.exitCode, 0, res.all);
    assert.match(res.stdout, /^hello, world$/m);
    assert.match(res.stdout, /^greeter: hello from Rust$/m);
  },
);

test(
  "microkit-pd on the SDK's own example/hello: its Makefile includes rust/microkit.mk and builds both PDs into one image",
  { skip, timeout },
  async () => {
    const dir = path.join(tempDir('microkit'), 'hello');
    cpSync(path.join(kit!.sdk, 'example', 'hello'), dir, { recursive: true });
    await ostoo(['microkit-pd', 'greeter', '--toolchain-path', toolchain!.root, '--microkit-sdk', kit!.sdk], dir);
    assert.match(
      readFileSync(path.join(dir, 'Makefile'), 'utf8'),
      /^IMAGES := hello\.elf\ninclude rust\/microkit\.mk\n/m,
    );
    // Microkit's example Makefiles expect BUILD_DIR to exist (their READMEs make it first).
    const build = path.join(dir, 'build');
    mkdirSync(build);
    // Microkit's Makefile names aarch64-none-elf; Debian's cross tools are aarch64-linux-gnu.
    const vars = [
      `BUILD_DIR=${build}`,
      `MICROKIT_SDK=${kit!.sdk}`,
      'MICROKIT_BOARD=qemu_virt_aarch64',
      'MICROKIT_CONFIG=debug',
      'TOOLCHAIN=aarch64-linux-gnu',
    ];
    const made = await make(dir, vars);
    assert.equal(made.exitCode, 0, made.all);
    assert.match(made.stdout, /aarch64-linux-gnu-ld .*libgreeter\.a/);
    const res = await execa(kit!.runSystem, [dir, 'greeter: hello from Rust', '60'], {
      env: { ...env, OUT_DIR: build },
      reject: false,
      all: true,
      stdin: 'ignore',
    });
    assert.equal(res.exitCode, 0, res.all);
    assert.match(res.stdout, /^hello, world$/m);
  },
);
