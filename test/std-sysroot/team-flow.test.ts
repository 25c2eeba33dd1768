// The team flow, for real: one machine pins its prebuilt std in the workspace's lock and
// mirrors it; a runner with an empty cache (here: holding a copy with one flipped byte) builds
// with OSTOO_DIST_SERVER pointing at the mirror, refuses the damaged copy, fetches the pinned
// one verified, and compiles no std. A tampered archive is refused; gc keeps only pinned sysroots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { readLock } from '../../src/lock/file.js';
import { ostooBin, tempDir } from '../helpers/paths.js';
import { sharedStdCache, sharedStdEnv, stdCompiles } from '../helpers/shared-std.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';

const { toolchain, skip } = toolchainOrSkip();

function flipByte(file: string, at: number): void {
  const mode = statSync(file).mode & 0o7777;
  chmodSync(file, 0o644);
  const fd = openSync(file, 'r+');
  const buf = Buffer.alloc(1);
  readSync(fd, buf, 0, 1, at);
  writeSync(fd, Buffer.from([buf[0]! ^ 0xff]), 0, 1, at);
  closeSync(fd);
  chmodSync(file, mode);
}

test(
  'pin, mirror, and a runner that builds no std; damaged copies and archives are refused',
  { skip, timeout: 20 * 60_000 },
  async () => {
    const dir = path.join(tempDir('team'), 'ws');
    await execa(process.execPath, [ostooBin, 'new', dir, '--yes', '--toolchain-path', toolchain!.root]);
    const script = path.join(dir, 'scripts/user-rs-build.sh');
    const lockfile = path.join(dir, 'user-rs/toolchains.lock');

    // The machine that has the std (the suite's shared cache) pins it.
    const pinned = await execa('bash', [script], { env: sharedStdEnv({ OSTOO_PIN_STD: '1' }), all: true });
    assert.match(pinned.all, /ostoo: pinned std [0-9a-f]{64} \(archive sha256 [0-9a-f]{64}\) in .*toolchains\.lock/);
    const lock = await readLock(lockfile);
    const [key, pin] = Object.entries(lock.sysroots ?? {})[0]!;
    assert.equal(pin.target, 'x86_64-ostoo-user');
    assert.equal(pin.host, 'x86_64-unknown-linux-gnu');

    const mirror = tempDir('team-mirror');
    const m = await execa(process.execPath, [
      ostooBin,
      'toolchain',
      'mirror',
      mirror,
      '--lockfile',
      lockfile,
      '--cache',
      sharedStdCache(),
    ]);
    assert.match(m.stdout, /mirrored 1 sysroot into/);
    const archive = path.join(mirror, 'ostoo-sysroots', `${key}.tar.gz`);
    assert.equal(statSync(archive).size, pin.archive.size);

    // A runner whose cache holds a copy of that std with one flipped byte.
    const runnerCache = tempDir('team-runner');
    const copy = path.join(runnerCache, 'sysroots', key);
    cpSync(path.join(sharedStdCache(), 'sysroots', key), copy, { recursive: true });
    const lib = path.join(copy, 'lib/rustlib/x86_64-ostoo-user/lib');
    flipByte(
      path.join(
        lib,
        readdirSync(lib).find((n) => n.startsWith('libcore-'))!,
      ),
      4096,
    );
    const runnerEnv = sharedStdEnv({ OSTOO_CACHE_DIR: runnerCache, OSTOO_DIST_SERVER: mirror });
    const built = await execa('bash', [script], { env: runnerEnv, all: true });
    assert.match(
      built.all,
      /the prebuilt std at .* is refused \(lib\/rustlib\/x86_64-ostoo-user\/lib\/libcore-[0-9a-f]+\.rlib does not match its sha256\)/,
    );
    assert.match(built.all, /downloading std for x86_64-ostoo-user/);
    assert.match(built.all, /fetched the pinned std for x86_64-ostoo-user/);
    assert.equal(stdCompiles(built.all), 0, built.all);
    assert.equal(
      (await execa(path.join(dir, 'user/hello-std'))).stdout,
      'Hello from Rust std on ostoo!\nHashMap works: {"key": 42}',
    );

    // `ostoo sysroot install` from a mirror serving another (well-formed) archive: refused by
    // its sha256, nothing kept.
    const other = tempDir('team-other');
    mkdirSync(path.join(other, key));
    writeFileSync(path.join(other, key, 'ostoo-sysroot.json'), '{}');
    const tar = await import('tar');
    await tar.create({ file: archive, gzip: true, cwd: other }, [key]);
    const emptyCache = tempDir('team-empty');
    const bad = await execa(
      process.execPath,
      [ostooBin, 'sysroot', 'install', '--lockfile', lockfile, '--dist-server', mirror, '--cache', emptyCache],
      { reject: false, all: true },
    );
    assert.equal(bad.exitCode, 1);
    assert.match(bad.all, new RegExp(`ostoo: sha256 mismatch for .*${key}\\.tar\\.gz: expected ${pin.archive.sha256}`));
    assert.ok(!existsSync(path.join(emptyCache, 'sysroots', key)), 'nothing published');

    // gc: the pinned std stays; with a lock that pins nothing it goes, with its archive.
    const keep = await execa(process.execPath, [
      ostooBin,
      'toolchain',
      'gc',
      '--lockfile',
      lockfile,
      '--cache',
      runnerCache,
    ]);
    assert.match(keep.stdout, /kept 2 entries/);
    assert.ok(existsSync(path.join(runnerCache, 'sysroots', key)));
    const empty = path.join(tempDir('team-lock'), 'toolchains.lock');
    writeFileSync(empty, 'version = 1\n');
    const gone = await execa(process.execPath, [
      ostooBin,
      'toolchain',
      'gc',
      '--lockfile',
      empty,
      '--cache',
      runnerCache,
    ]);
    assert.match(gone.stdout, new RegExp(`removed sysroots/${key}`));
    assert.match(gone.stdout, new RegExp(`removed blobs/sha256/${pin.archive.sha256}`));
    assert.ok(!existsSync(path.join(runnerCache, 'sysroots', key)));
  },
);
