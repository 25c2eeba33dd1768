// `--musl docker` asks Docker first: no CLI or no daemon is a refusal with what to do, before
// anything is written (not half a workspace).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { dockerProblem } from '../../src/sysroot/docker.js';
import { ostooBin, tempDir } from '../helpers/paths.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';

const { toolchain, skip } = toolchainOrSkip();

/** `ostoo new k --musl docker` in `cwd`, with the `docker` in `bin` first on PATH. */
function newWithDocker(cwd: string, bin: string) {
  const args = [
    'new',
    'k',
    '--yes',
    '--toolchain-path',
    toolchain!.root,
    '--musl',
    'docker',
    '--docker-image',
    'musl-img',
  ];
  return execa(process.execPath, [ostooBin, ...args], {
    cwd,
    reject: false,
    env: { PATH: `${bin}:${process.env.PATH}`, NO_COLOR: '1' },
  });
}

/** A `docker` whose daemon is down: the CLI's own words on stderr, exit 1. */
function daemonlessDocker(): string {
  const bin = tempDir('docker-bin');
  const docker = path.join(bin, 'docker');
  writeFileSync(
    docker,
    '#!/bin/sh\necho "Client: 27.0.0" ; echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2\nexit 1\n',
  );
  chmodSync(docker, 0o755);
  return bin;
}

test('dockerProblem: no CLI, or a CLI whose daemon does not answer', async () => {
  const missing = path.join(tempDir('no-docker'), 'docker');
  assert.equal(await dockerProblem(missing), `${missing} is not installed`);
  assert.equal(
    await dockerProblem(path.join(daemonlessDocker(), 'docker')),
    'no Docker daemon answers (Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?)',
  );
});

test('ostoo new --musl docker without a daemon is refused with what to do, and writes nothing', { skip }, async () => {
  const cwd = tempDir('docker-new');
  const res = await newWithDocker(cwd, daemonlessDocker());
  assert.equal(res.exitCode, 1, res.stdout);
  assert.match(
    res.stderr,
    /^ostoo: --musl docker: no Docker daemon answers \(Cannot connect .*\) — start Docker and run this again, or pass --skip-sysroot .*scripts\/extract-musl-sysroot\.sh/,
  );
  assert.equal(res.stderr.trim().split('\n').length, 1, res.stderr);
  assert.deepEqual(readdirSync(cwd), []);
});

/**
 * A `docker` whose daemon answers and whose `cp` fails (the image lacks musl), or, with
 * `musl`, copies from that directory of this machine.
 */
function midwayDocker(musl?: string): string {
  const bin = tempDir('docker-bin');
  const copy = musl
    ? `cp -R "${musl}\${2#*:/usr/local/musl}" "$3"`
    : 'echo "Error: Could not find the file $2" >&2; exit 1';
  writeFileSync(
    path.join(bin, 'docker'),
    `#!/bin/sh\ncase "$1" in\n  version) echo 27.0 ;;\n  create) echo cid1 ;;\n  rm) ;;\n  cp) ${copy} ;;\n  *) exit 1 ;;\nesac\n`,
  );
  chmodSync(path.join(bin, 'docker'), 0o755);
  return bin;
}

test(
  'ostoo new --musl docker failing mid-way keeps the finished workspace and names the one command that completes it',
  { skip },
  async () => {
    const cwd = tempDir('docker-midway');
    const res = await newWithDocker(cwd, midwayDocker());
    assert.equal(res.exitCode, 1, res.stdout);
    const last = res.stderr.trim().split('\n').at(-1)!;
    assert.equal(
      last,
      'ostoo: the workspace is written, but scripts/extract-musl-sysroot.sh failed (exit status 1; its error is above) — fix that, then run k/scripts/extract-musl-sysroot.sh',
    );
    // Finished: every file of the plan and the record are there (nothing was removed).
    for (const f of ['.yo-rc.json', 'scripts/user-rs-build.sh', 'user-rs/Cargo.toml', 'user-rs/.cargo/config.toml'])
      assert.ok(existsSync(path.join(cwd, 'k', f)), `${f} is kept`);
    assert.ok(!existsSync(path.join(cwd, 'k', 'sysroot', 'musl-img')), 'no half sysroot');
    // The one command completes it, once Docker can copy.
    const musl = tempDir('musl-files');
    mkdirSync(path.join(musl, 'lib'));
    mkdirSync(path.join(musl, 'include'));
    for (const f of ['libc.a', 'crt1.o', 'crti.o', 'crtn.o']) writeFileSync(path.join(musl, 'lib', f), f);
    writeFileSync(path.join(musl, 'include', 'stdio.h'), '');
    await execa(path.join(cwd, 'k', 'scripts', 'extract-musl-sysroot.sh'), [], {
      cwd,
      env: { PATH: `${midwayDocker(musl)}:${process.env.PATH}` },
    });
    assert.ok(existsSync(path.join(cwd, 'k', 'sysroot', 'x86_64-ostoo-user', 'lib', 'libc.a')));
  },
);
