// yo ostoo:toolchain --mirror / --gc / --cache-write run the same core as the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import helpers from 'yeoman-test';
import { installToolchain } from '../../src/provisioning/install.js';
import { fixture } from '../helpers/fixture.js';
import { generatorPath } from '../helpers/paths.js';
import { DATE, NAME } from '../helpers/dist-server.js';

test('yo ostoo:toolchain --mirror writes the dist tree, --cache-write keeps --cache unwritten, --gc cleans', async () => {
  const f = await fixture();
  // The generator installs where $RUSTUP_HOME says: never the real ~/.rustup.
  const saved = process.env.RUSTUP_HOME;
  process.env.RUSTUP_HOME = f.rustupHome;
  try {
    const out = path.join(f.root, 'mirror');
    await helpers
      .run(generatorPath('toolchain'))
      .cd(f.root)
      .withOptions({ mirror: out, lockfile: f.lockfile, server: f.server.url, quiet: true } as unknown as Record<
        string,
        never
      >);
    assert.ok(existsSync(path.join(out, `dist/${DATE}/channel-rust-nightly.toml.sha256`)));

    const mine = path.join(f.root, 'mine');
    await helpers
      .run(generatorPath('toolchain'))
      .cd(f.root)
      .withOptions({
        toolchain: NAME,
        lockfile: f.lockfile,
        server: out,
        cache: path.join(f.root, 'empty'),
        'cache-write': mine,
        quiet: true,
      } as unknown as Record<string, never>);
    assert.ok(!existsSync(path.join(f.root, 'empty')), 'the read-only cache was not created');
    assert.equal((await readdir(path.join(mine, 'trees/sha256'))).length, 6);
    assert.ok(existsSync(path.join(f.toolchainDir, 'bin/rustc')));

    // An entry no lock references goes.
    const stray = path.join(mine, 'trees/sha256', 'f'.repeat(64));
    await mkdir(stray);
    await writeFile(path.join(stray, '0'), 'x');
    await installToolchain(f.opts({ cacheDir: mine, rustupHome: path.join(f.root, 'h2') }));
    await helpers
      .run(generatorPath('toolchain'))
      .cd(f.root)
      .withOptions({ gc: true, cache: mine, lockfile: f.lockfile } as unknown as Record<string, never>);
    assert.ok(!existsSync(stray));
    assert.equal((await readdir(path.join(mine, 'trees/sha256'))).length, 6);
  } finally {
    if (saved === undefined) delete process.env.RUSTUP_HOME;
    else process.env.RUSTUP_HOME = saved;
    await f.cleanup();
  }
});
