// `ostoo doctor --fix` in a user-rs workspace writes only inside the project (issue 23): a fix
// whose files lie outside it, or behind a link leading out of it (the musl sysroot directory
// the config's -L names, linked to a shared place; the cargo config itself linked out), is
// left to the owner, with the reason, and nothing is written there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, lstatSync, mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { ostooBin, tempDir } from '../helpers/paths.js';
import { realTrees } from '../helpers/real-trees.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';
import { snapshotBytes } from '../helpers/tree.js';

const { toolchain, skip } = toolchainOrSkip();
const ostoo = (args: string[], cwd: string) =>
  execa(process.execPath, [ostooBin, ...args], { cwd, reject: false, env: { RUSTC_BOOTSTRAP: '1' } });
const tc = () => ['--toolchain-path', toolchain!.root];

/** The seed's tree under `top`/k, its sysroot where the config's -L says: k/out/musl/lib. */
function seed(top: string): string {
  const root = path.join(top, 'k');
  cpSync(path.join(realTrees, 'ostoo-4500ed9'), root, { recursive: true });
  writeFileSync(
    path.join(root, 'user-rs', '.cargo', 'config.toml'),
    [
      'unstable.build-std = ["core", "alloc", "std", "panic_abort"]',
      'unstable.json-target-spec = true',
      '',
      '[build]',
      'target = "x86_64-ostoo-user.json"',
      'rustflags = ["-L", "native=../out/musl/lib"]',
      '',
    ].join('\n'),
  );
  return root;
}

test(
  'doctor --fix leaves the musl sysroot to the owner when its directory links out of the project',
  { skip },
  async () => {
    const top = tempDir('doctor-link-sysroot');
    const root = seed(top);
    const elsewhere = path.join(top, 'shared');
    mkdirSync(path.join(elsewhere, 'musl', 'lib'), { recursive: true });
    writeFileSync(path.join(elsewhere, 'README'), 'a shared sysroot\n');
    symlinkSync(elsewhere, path.join(root, 'out'));
    const before = snapshotBytes(elsewhere);
    const r = await ostoo(['doctor', '--fix', ...tc()], path.join(root, 'user-rs'));
    assert.equal(r.exitCode, 1, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /^ {8}fix: copy them from the local musl .* \(by hand: .*k\/out is a symlink to .*shared, outside the project .*k; --fix writes only inside the project\)$/m,
    );
    assert.match(
      r.stdout,
      /^ {8}fix: write the stub libunwind\.a .* \(by hand: .*k\/out is a symlink to .*shared, outside the project/m,
    );
    assert.doesNotMatch(r.stdout, /^fixed: added out\/musl/m);
    assert.match(r.stdout, /^\d+ left to fix by hand/m);
    assert.deepEqual(snapshotBytes(elsewhere), before, 'nothing written in the shared directory');
    assert.ok(lstatSync(path.join(root, 'out')).isSymbolicLink());
  },
);

test('doctor --fix leaves the cargo config to the owner when it links out of the project', { skip }, async () => {
  const top = tempDir('doctor-link-config');
  const root = seed(top);
  // Keys doctor would add: drop the linker and the vendored source from the config.
  const config = path.join(root, 'user-rs', '.cargo', 'config.toml');
  const outside = path.join(top, 'elsewhere', 'config.toml');
  mkdirSync(path.dirname(outside));
  renameSync(config, outside);
  symlinkSync(outside, config);
  const before = snapshotBytes(path.dirname(outside));
  const r = await ostoo(['doctor', '--fix', ...tc()], path.join(root, 'user-rs'));
  assert.match(r.stdout, /^MISSING /m, 'there is something to fix');
  assert.match(
    r.stdout,
    /\(by hand: .*user-rs\/\.cargo\/config\.toml is a symlink to .*elsewhere\/config\.toml, outside the project .*k; --fix writes only inside the project\)$/m,
  );
  assert.doesNotMatch(r.stdout, /^fixed: user-rs\/\.cargo\/config\.toml/m);
  assert.doesNotMatch(r.stderr, /^ostoo: /m, 'not an error: the fixes inside the project are made');
  assert.equal(r.exitCode, 1, r.stdout + r.stderr);
  assert.deepEqual(snapshotBytes(path.dirname(outside)), before, 'the config outside is untouched');
  assert.ok(lstatSync(config).isSymbolicLink());
});
