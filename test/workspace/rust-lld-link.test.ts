// The rust-lld flavour of the workspace (what a rustup nightly gets: its rust-lld runs), built
// for real. Debian's rust-lld is a dangling link, so the compiler is Debian's and the linker is
// a rustup toolchain's rust-lld, given to cargo as the target's linker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { findSystemMusl } from '../../src/sysroot/musl.js';
import { resolveToolchain } from '../../src/toolchain/resolve.js';
import {
  deriveSpecFor,
  executableFiles,
  planUserRs,
  seedPrograms,
  userTargetName,
} from '../../src/workspace/user-rs.js';
import { tempDir } from '../helpers/paths.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';

const { toolchain, skip: noToolchain } = toolchainOrSkip();
const toolchains = path.join(process.env.RUSTUP_HOME ?? path.join(os.homedir(), '.rustup'), 'toolchains');
const lld = existsSync(toolchains)
  ? readdirSync(toolchains)
      .map((t) => path.join(toolchains, t, 'lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld'))
      .find((p) => existsSync(p))
  : undefined;
const musl = findSystemMusl();
const skip = noToolchain || (!lld && 'no rustup toolchain with rust-lld') || (!musl && 'no system musl');

test('a rust-lld spec links both tiers and the programs run', { skip, timeout: 10 * 60_000 }, async () => {
  const tc = { ...(await resolveToolchain({ path: toolchain!.root })), rustLld: lld! };
  const spec = await deriveSpecFor(tc, 'ostoo');
  assert.equal(spec['linker'], 'rust-lld');
  const dir = tempDir('lld');
  const files = planUserRs({
    os: 'ostoo',
    target: userTargetName('ostoo'),
    deployDir: 'user',
    toolchain: tc,
    spec,
    musl: musl!,
    programs: seedPrograms,
    panic: 'message',
    optimizeForSize: true,
  });
  for (const [f, c] of files) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), c);
    if (executableFiles.includes(f)) chmodSync(path.join(dir, f), 0o755);
  }
  await execa('bash', [path.join(dir, 'scripts/extract-musl-sysroot.sh')]);
  const build = await execa(
    path.join(toolchain!.root, 'bin/cargo'),
    ['build', '--release', '--config', `target.x86_64-ostoo-user.linker="${lld}"`],
    {
      cwd: path.join(dir, 'user-rs'),
      env: { RUSTC_BOOTSTRAP: '1', RUSTC: path.join(toolchain!.root, 'bin/rustc') },
      reject: false,
      all: true,
    },
  );
  assert.equal(build.exitCode, 0, build.all);
  const out = path.join(dir, 'user-rs/target/x86_64-ostoo-user/release');
  assert.equal((await execa(path.join(out, 'hello-rs'))).stdout, 'Hello from Rust on ostoo!\nHeap works: 42');
  assert.equal(
    (await execa(path.join(out, 'hello-std'))).stdout,
    'Hello from Rust std on ostoo!\nHashMap works: {"key": 42}',
  );
  const sizes = { rs: statSync(path.join(out, 'hello-rs')).size, std: statSync(path.join(out, 'hello-std')).size };
  console.log(`rust-lld sizes: hello-rs ${sizes.rs} bytes, hello-std ${sizes.std} bytes`);
  // Generous bounds only; the size goals are bench/sizes.ts's business.
  assert.ok(sizes.rs < 64 * 1024, `hello-rs ${sizes.rs} bytes`);
  assert.ok(sizes.std < 1024 * 1024, `hello-std ${sizes.std} bytes`);
  const { stdout } = await execa('file', [path.join(out, 'hello-std')]);
  assert.match(stdout, /statically linked/);
});
