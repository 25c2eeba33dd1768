// Install errors name the artifact or path and say what is wrong, instead
// of raw system text (EEXIST … mkdir, ENAMETOOLONG, TAR_BAD_ARCHIVE without the artifact).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { installToolchain } from '../../src/provisioning/install.js';
import { fixture } from '../helpers/fixture.js';
import { DATE, fileName } from '../helpers/dist-server.js';
import { assertNothingLeft, goodInstallAfter } from '../helpers/hostile.js';

function plain(err: Error, re: RegExp): true {
  assert.match(err.message, re);
  assert.doesNotMatch(err.message, /^E[A-Z]+:|, mkdir '|, open '/, `no raw system text: ${err.message}`);
  assert.ok(!err.message.includes('\n'), 'one line');
  return true;
}

test('RUSTUP_HOME/toolchains being a file is named, in words', async () => {
  const f = await fixture();
  try {
    mkdirSync(f.rustupHome, { recursive: true });
    writeFileSync(path.join(f.rustupHome, 'toolchains'), 'not a directory\n');
    await assert.rejects(installToolchain(f.opts()), (err: Error) =>
      plain(
        err,
        /cannot create the directory .*toolchains.*: (something else is already there|a parent is a file, not a directory)/,
      ),
    );
  } finally {
    await f.cleanup();
  }
});

test('RUSTUP_HOME below a file is named, in words', async () => {
  const f = await fixture();
  try {
    writeFileSync(path.join(f.root, 'plainfile'), 'x');
    await assert.rejects(
      installToolchain(f.opts({ rustupHome: path.join(f.root, 'plainfile', 'rustup') })),
      (err: Error) => plain(err, /cannot create the directory .*plainfile.*: a parent is a file, not a directory/),
    );
  } finally {
    await f.cleanup();
  }
});

test('a cache path too long for the file system is named, in words', async () => {
  const f = await fixture();
  try {
    await assert.rejects(installToolchain(f.opts({ cacheDir: path.join(f.root, 'x'.repeat(300)) })), (err: Error) =>
      plain(err, /cannot (create|list) the directory .*xxxx.*: the path is too long for this file system/),
    );
  } finally {
    await f.cleanup();
  }
});

test('a gzip that is not a tar names the artifact', async () => {
  const f = await fixture();
  try {
    const p = `/dist/${DATE}/${fileName('cargo', f.host, 'gz')}`;
    f.server.files.set(p, zlib.gzipSync(Buffer.alloc(4096, 0x5a)));
    await assert.rejects(installToolchain(f.opts()), (err: Error) =>
      plain(err, /cargo.*not a valid tar archive|sha256 mismatch for .*cargo/),
    );
    assertNothingLeft(f, 'cargo');
    await goodInstallAfter(f);
  } finally {
    await f.cleanup();
  }
});
