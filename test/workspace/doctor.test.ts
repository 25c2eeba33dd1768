// `ostoo doctor` without building: a generated workspace is healthy, refusals change nothing,
// and --fix on another config shape (build.rustflags with a split `-L`, the legacy
// `.cargo/config` name, keys it cannot add as lines) only adds. Building fixed trees for real
// is in existing-trees-e2e.test.ts (beside this one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { parse as parseToml } from 'smol-toml';
import { ostooBin, tempDir } from '../helpers/paths.js';
import { realTrees } from '../helpers/real-trees.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';
import { snapshotTree } from '../helpers/tree.js';
import { which } from '../../src/util/which.js';
import { detectWorkspace } from '../../src/workspace/detect.js';
import { diagnose, formatFinding } from '../../src/workspace/doctor.js';
import { resolveToolchain } from '../../src/toolchain/resolve.js';

const { toolchain, skip } = toolchainOrSkip();
const ostoo = (args: string[], cwd: string) =>
  execa(process.execPath, [ostooBin, ...args], { cwd, reject: false, env: { RUSTC_BOOTSTRAP: '1' } });
const tc = () => ['--toolchain-path', toolchain!.root];

function seedCopy(): string {
  const root = path.join(tempDir('doctor'), 'k');
  cpSync(path.join(realTrees, 'ostoo-4500ed9'), root, { recursive: true });
  return root;
}

test('a workspace ostoo generated needs nothing', { skip }, async () => {
  const dir = path.join(tempDir('doctor-gen'), 'k');
  const made = await ostoo(['new', dir, '--yes', ...tc()], process.cwd());
  assert.equal(made.exitCode, 0, made.stderr);
  // Judged as its build script runs cargo: without RUSTC_BOOTSTRAP in the caller's environment.
  const { RUSTC_BOOTSTRAP: _, ...plainEnv } = process.env;
  const res = await execa(process.execPath, [ostooBin, 'doctor', ...tc()], {
    cwd: path.join(dir, 'user-rs', 'hello-rs'),
    reject: false,
    env: plainEnv,
    extendEnv: false,
  });
  assert.equal(res.exitCode, 0, res.stdout + res.stderr);
  assert.doesNotMatch(res.stdout, /MISSING/);
  if (!/nightly/.test((await execa(toolchain!.rustc, ['-V'])).stdout))
    assert.match(res.stdout, /^ok {6}nightly features: .* scripts\/user-rs-build\.sh sets RUSTC_BOOTSTRAP=1/m);
  for (const what of ['json-target-spec', 'offline std dependencies', 'linker', 'musl sysroot', 'libunwind.a'])
    assert.match(res.stdout, new RegExp(`^ok {6}${what}: `, 'm'));
});

test('refusals leave the tree byte-identical', { skip }, async () => {
  const root = seedCopy();
  const before = snapshotTree(root);
  const bad = await ostoo(['doctor', '--fix', '--musl', 'docker', ...tc()], root);
  assert.equal(bad.exitCode, 1);
  assert.match(bad.stderr, /^ostoo: --musl must be auto, system or rust-std, not 'docker' — pass one of those$/m);
  const nowhere = await ostoo(['doctor', '--fix', ...tc()], tempDir('doctor-outside'));
  assert.equal(nowhere.exitCode, 1);
  assert.match(nowhere.stderr, /is not inside a user-rs workspace/);
  assert.deepEqual(snapshotTree(root), before);
});

test(
  'another config shape: split -L in build.rustflags, legacy .cargo/config, a key it cannot add as a line',
  { skip },
  async () => {
    const root = seedCopy();
    const ws = path.join(root, 'user-rs');
    renameSync(path.join(ws, '.cargo', 'config.toml'), path.join(ws, '.cargo', 'config'));
    const config = [
      '# mine',
      'unstable.build-std = ["core", "alloc", "std", "panic_abort"]',
      '',
      '[build]',
      'target = "x86_64-ostoo-user.json"',
      'rustflags = ["-L", "native=../out/musl/lib"]   # where my sysroot lives',
      '',
    ].join('\n');
    writeFileSync(path.join(ws, '.cargo', 'config'), config);
    const diag = await ostoo(['doctor', ...tc()], ws);
    assert.equal(diag.exitCode, 1);
    assert.match(
      diag.stdout,
      /^MISSING musl sysroot: out\/musl\/lib lacks libc\.a, crt1\.o, crti\.o, crtn\.o \(scripts\/extract-musl-sysroot\.sh copies it out of a Docker image/m,
    );
    // [unstable] is defined by a dotted key; a new [unstable] table would be invalid TOML.
    assert.match(
      diag.stdout,
      /^ {8}fix: add `json-target-spec = true` to \[unstable\] in user-rs\/\.cargo\/config \(by hand: --fix cannot add it to user-rs\/\.cargo\/config as a new line\)$/m,
    );

    const fixed = await ostoo(['doctor', '--fix', ...tc()], ws);
    assert.equal(fixed.exitCode, 1, 'one fix is left to do by hand');
    assert.match(fixed.stdout, /^1 left to fix by hand/m);
    assert.match(fixed.stdout, /^fixed: added out\/musl\/lib\/libc\.a /m);
    assert.match(fixed.stdout, /^fixed: added out\/musl\/lib\/libunwind\.a /m);
    // The doctor prefers ld.lld when it is on PATH and falls back to GNU ld.
    const linker = which('ld.lld', process.env.PATH) ? 'ld.lld' : 'ld';
    assert.ok(
      fixed.stdout
        .split('\n')
        .includes(`fixed: user-rs/.cargo/config: added linker = "${linker}" to [target.x86_64-ostoo-user]`),
      fixed.stdout,
    );
    assert.equal(existsSync(path.join(ws, '.cargo', 'config.toml')), false, 'the legacy file is the one edited');
    const text = readFileSync(path.join(ws, '.cargo', 'config'), 'utf8');
    assert.ok(text.startsWith(config.trimEnd()), "only lines after the owner's");
    const parsed = parseToml(text) as {
      source: Record<string, Record<string, string>>;
      target: Record<string, { linker?: string }>;
    };
    assert.equal(parsed.source['crates-io']!['replace-with'], 'rust-src-vendor');
    assert.equal(
      parsed.source['rust-src-vendor']!.directory,
      path.join(toolchain!.root, 'lib', 'rustlib', 'src', 'rust', 'library', 'vendor'),
    );
    assert.equal(parsed.target['x86_64-ostoo-user']!.linker, linker);

    // Once the owner adds that key by hand, nothing is missing.
    writeFileSync(
      path.join(ws, '.cargo', 'config'),
      text.replace('panic_abort"]\n', 'panic_abort"]\nunstable.json-target-spec = true\n'),
    );
    const clean = await ostoo(['doctor', ...tc()], ws);
    assert.equal(clean.exitCode, 0, clean.stdout);
  },
);

test(
  'tools the build script runs are looked up on PATH: without `file` the seed would deploy nothing',
  { skip },
  async () => {
    const root = seedCopy();
    const tcInfo = await resolveToolchain({ path: toolchain!.root });
    const lines = (env: NodeJS.ProcessEnv) =>
      diagnose(detectWorkspace(root), { toolchain: tcInfo, env }).flatMap(formatFinding);
    assert.ok(
      lines({ PATH: '/nonexistent', RUSTC_BOOTSTRAP: '1' }).includes(
        'MISSING file command: scripts/user-rs-build.sh runs file, which is not on PATH',
      ),
    );
    assert.ok(!lines({ PATH: process.env.PATH, RUSTC_BOOTSTRAP: '1' }).some((l) => l.includes('file command')));
  },
);
