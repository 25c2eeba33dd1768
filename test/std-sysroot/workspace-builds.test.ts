// Real builds of generated workspaces through scripts/user-rs-build.sh: with ostoo on PATH, std
// is built once per key (here: once for the whole test suite, in the shared cache) and linked
// by every workspace with that key; without ostoo, or with OSTOO_BUILD_STD=1, the script builds
// std from source as a plain `cargo build` does, and the programs are the same size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { ostooBin, tempDir } from '../helpers/paths.js';
import { pathWithoutOstoo, sharedStdEnv, stdCompiles } from '../helpers/shared-std.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';

const { toolchain, skip } = toolchainOrSkip();

async function newWorkspace(name: string): Promise<string> {
  const dir = path.join(tempDir('sysroot-ws'), name);
  await execa(process.execPath, [ostooBin, 'new', dir, '--yes', '--toolchain-path', toolchain!.root]);
  return dir;
}

async function build(dir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const res = await execa('bash', [path.join(dir, 'scripts/user-rs-build.sh')], { env, all: true, reject: false });
  assert.equal(res.exitCode, 0, res.all);
  return res.all;
}

async function runs(dir: string): Promise<{ rs: number; std: number }> {
  assert.equal((await execa(path.join(dir, 'user/hello-rs'))).stdout, 'Hello from Rust on ostoo!\nHeap works: 42');
  assert.equal(
    (await execa(path.join(dir, 'user/hello-std'))).stdout,
    'Hello from Rust std on ostoo!\nHashMap works: {"key": 42}',
  );
  return { rs: statSync(path.join(dir, 'user/hello-rs')).size, std: statSync(path.join(dir, 'user/hello-std')).size };
}

let sysrootSizes: { rs: number; std: number } | undefined;

test(
  'two workspaces with one key: std is compiled at most once, the second compiles none',
  { skip, timeout: 20 * 60_000 },
  async () => {
    const [a, b] = [await newWorkspace('first'), await newWorkspace('second')];
    const outA = await build(a, sharedStdEnv());
    const outB = await build(b, sharedStdEnv());
    const [ca, cb] = [stdCompiles(outA), stdCompiles(outB)];
    assert.ok(ca <= 1, `first workspace: std compiled ${ca} times`);
    assert.equal(cb, 0, `second workspace compiled std:\n${outB}`);
    // When the first one built std, it said so (progress), and where it put it.
    if (ca === 1) assert.match(outA, /ostoo: building std for x86_64-ostoo-user once \(key [0-9a-f]{12}\)/);
    assert.doesNotMatch(outB, /building std/);
    // Each workspace's own crates are still compiled in its own target directory.
    assert.match(outB, /Compiling hello-std v0\.1\.0/);
    sysrootSizes = await runs(a);
    assert.deepEqual(await runs(b), sysrootSizes);
    assert.match(outB, /hello-std: ok {3}entry/);
  },
);

test(
  'without ostoo on PATH, and with OSTOO_BUILD_STD=1, the script builds std itself',
  { skip, timeout: 20 * 60_000 },
  async () => {
    const dir = await newWorkspace('no-ostoo');
    const env = sharedStdEnv();
    const out = await build(dir, { ...env, PATH: pathWithoutOstoo() });
    assert.equal(stdCompiles(out), 1, out);
    assert.doesNotMatch(out, /ostoo:/);
    assert.doesNotMatch(out, / ok {3}entry/, 'no ostoo verify without ostoo');
    const sizes = await runs(dir);
    // The same programs as with the prebuilt std (LTO sees std's bitcode either way).
    if (sysrootSizes) assert.deepEqual(sizes, sysrootSizes);

    // Forced: ostoo is on PATH but not asked; cargo finds its own build-std output up to date.
    const forced = await build(dir, { ...env, OSTOO_BUILD_STD: '1' });
    assert.doesNotMatch(forced, /ostoo: (building|no prebuilt)/);
    assert.equal(stdCompiles(forced), 0);
    assert.doesNotMatch(forced, /Compiling hello-std/, 'same command as the fallback: nothing to rebuild');
    assert.match(forced, /hello-std: ok {3}entry/);
  },
);
