// `--musl docker` asks Docker first: no CLI or no daemon is a refusal with what to do, before
// anything is written (not half a workspace).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { dockerProblem } from '../../src/sysroot/docker.js';
import { ostooBin, tempDir } from '../helpers/paths.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';

const { toolchain, skip } = toolchainOrSkip();

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
  const res = await execa(
    process.execPath,
    [
      ostooBin,
      'new',
      'k',
      '--yes',
      '--toolchain-path',
      toolchain!.root,
      '--musl',
      'docker',
      '--docker-image',
      'musl-img',
    ],
    { cwd, reject: false, env: { PATH: `${daemonlessDocker()}:${process.env.PATH}` } },
  );
  assert.equal(res.exitCode, 1, res.stdout);
  assert.match(
    res.stderr,
    /^ostoo: --musl docker: no Docker daemon answers \(Cannot connect .*\) — start Docker and run this again, or pass --skip-sysroot .*scripts\/extract-musl-sysroot\.sh/,
  );
  assert.equal(res.stderr.trim().split('\n').length, 1, res.stderr);
  assert.deepEqual(readdirSync(cwd), []);
});
