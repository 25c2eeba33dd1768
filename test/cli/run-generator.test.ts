import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { runGenerator } from '../../src/cli/run-generator.js';
import { fixture } from '../helpers/fixture.js';
import { NAME } from '../helpers/dist-server.js';

test('yo ostoo:toolchain installs from the workspace lock through the same core', async () => {
  const f = await fixture();
  const saved = { ...process.env };
  try {
    const ws = path.join(f.root, 'ws');
    await mkdir(ws);
    await copyFile(f.lockfile, path.join(ws, 'toolchains.lock'));
    process.env.RUSTUP_HOME = f.rustupHome;
    process.env.OSTOO_HOST = f.host;
    await runGenerator('toolchain', ['--server', f.server.url, '--cache', f.cacheDir, '--quiet'], ws);
    assert.ok(existsSync(path.join(f.toolchainDir, 'bin/rustc')));
    assert.ok(existsSync(path.join(f.toolchainDir, 'lib/rustlib/multirust-config.toml')));
    await runGenerator(
      'toolchain',
      ['--toolchain', NAME, '--offline', '--cache', f.cacheDir, '--quiet', '--prefix', 'plain'],
      ws,
    );
    assert.ok(existsSync(path.join(ws, 'plain/bin/cargo')));
  } finally {
    process.env = saved;
    await f.cleanup();
  }
});
