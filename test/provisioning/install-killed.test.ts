// A process killed mid-install: the next run recovers, and no half-installed toolchain
// is ever visible under $RUSTUP_HOME/toolchains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { installToolchain } from '../../src/provisioning/install.js';
import { verifyToolchain } from '../../src/provisioning/status.js';
import { fixture, type Fixture } from '../helpers/fixture.js';
import { NAME } from '../helpers/dist-server.js';
import { installArgs } from '../helpers/cli.js';
import { ostooBin } from '../helpers/paths.js';

const bin = ostooBin;

function spawnInstall(f: Fixture, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [bin, ...installArgs(f)], {
    env: { ...process.env, RUSTUP_HOME: f.rustupHome, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

async function toolchains(f: Fixture): Promise<string[]> {
  const d = path.join(f.rustupHome, 'toolchains');
  return existsSync(d) ? readdir(d) : [];
}

test('killed while a download stalls: nothing visible, the next run recovers', async () => {
  const f = await fixture();
  try {
    const p = [...f.server.files.keys()].find((k) => k.endsWith(`rustc-nightly-${f.host}.tar.gz`)) as string;
    f.server.faults.set(p, 'stall');
    const child = spawnInstall(f);
    await until(() => f.server.log.some((l) => l.startsWith(`GET ${p}`)), 'the stalled download');
    await new Promise((r) => setTimeout(r, 100));
    await kill(child);
    assert.deepEqual(await toolchains(f), []);
    assert.ok(
      (await readdir(path.join(f.rustupHome, 'tmp'))).some((n) => n.endsWith('.lock')),
      'the dead process left its lock',
    );
    const res = await installToolchain(f.opts());
    assert.equal(res.alreadyInstalled, false);
    assert.deepEqual(await toolchains(f), [`${NAME}-${f.host}`]);
    assert.deepEqual(await readdir(path.join(f.rustupHome, 'tmp')), []);
    assert.deepEqual(await readdir(path.join(f.cacheDir, 'tmp')), [], 'stale downloads cleaned');
    assert.deepEqual((await verifyToolchain(f.opts())).problems, []);
  } finally {
    await f.cleanup();
  }
});

test('killed with a complete staging directory: still not visible, the next run cleans it up', async () => {
  const f = await fixture();
  try {
    const child = spawnInstall(f, { OSTOO_TEST_PAUSE_BEFORE_RENAME: '60000' });
    let err = '';
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    await until(() => err.includes('ostoo-test: staged'), 'the staged toolchain');
    await kill(child);
    assert.deepEqual(await toolchains(f), []);
    const tmp = await readdir(path.join(f.rustupHome, 'tmp'));
    assert.ok(
      tmp.some((n) => n.startsWith('.ostoo-staging-')),
      `staging left: ${tmp.join(' ')}`,
    );
    const res = await installToolchain(f.opts());
    assert.equal(res.alreadyInstalled, false);
    assert.deepEqual(await readdir(path.join(f.rustupHome, 'tmp')), []);
    assert.deepEqual((await verifyToolchain(f.opts())).problems, []);
  } finally {
    await f.cleanup();
  }
});

test('the CLI reports progress as plain lines off a TTY, and nothing with --quiet', async () => {
  const f = await fixture();
  try {
    const run = async (args: string[]) => {
      const child = spawn(process.execPath, [bin, ...installArgs(f, { extra: args })], {
        env: { ...process.env, RUSTUP_HOME: f.rustupHome },
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c));
      child.stderr.on('data', (c: Buffer) => (out += c));
      const code = await new Promise((r) => child.once('exit', r));
      return { code, out };
    };
    const first = await run(['--prefix', path.join(f.root, 'a')]);
    assert.equal(first.code, 0, first.out);
    assert.match(first.out, /^downloading rustc-\S+ \(\d+\.\d MiB\)$/m);
    assert.match(first.out, /^downloaded rust-src /m);
    const quiet = await run(['--prefix', path.join(f.root, 'b'), '--quiet']);
    assert.equal(quiet.code, 0);
    assert.equal(quiet.out, '');
    const again = await run([]);
    assert.match(again.out, /installed/);
    const noop = await run([]);
    assert.match(noop.out, /is already installed/);
  } finally {
    await f.cleanup();
  }
});
