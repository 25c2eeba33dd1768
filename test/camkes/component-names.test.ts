// A CAmkES component named like the project's library crate is refused
// with the reason, and the tree is left byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ostooBin, repoRoot, tempDir } from '../helpers/paths.js';
import { snapshotBytes as snapshot } from '../helpers/tree.js';

const run = promisify(execFile);
const fixture = path.join(repoRoot, 'test', 'fixtures', 'camkes-samples-layout', 'pingpong');

for (const [lib, crate, component] of [
  ['libhello', 'hello', 'hello'],
  ['libmy-util', 'my-util', 'my_util'],
] as const) {
  test(`camkes-component ${component} is refused when libs/${lib} is the crate ${crate}`, async () => {
    const root = tempDir('camkes-names');
    cpSync(fixture, path.join(root, 'apps', 'pingpong'), { recursive: true });
    mkdirSync(path.join(root, 'libs', lib), { recursive: true });
    writeFileSync(path.join(root, 'libs', lib, 'Cargo.toml'), `[package]\nname = "${crate}"\nversion = "0.1.0"\n`);
    writeFileSync(
      path.join(root, '.yo-rc.json'),
      JSON.stringify({ 'generator-ostoo': { flavor: 'camkes', app: 'pingpong' } }),
    );
    const before = snapshot(root);
    await assert.rejects(
      run(process.execPath, [ostooBin, 'camkes-component', component, '--bindgen', 'none'], {
        cwd: path.join(root, 'apps', 'pingpong'),
      }),
      (err: { stderr: string }) => {
        assert.match(
          err.stderr,
          new RegExp(`component name '${component}' is the name of the library crate in libs/${lib}/Cargo.toml`),
        );
        return true;
      },
    );
    assert.deepEqual(snapshot(root), before, 'the tree is byte-identical');
  });
}
