// Trees ostoo did not write, end to end: the real seed-era ostoo tree (a copy) and a variant in
// ostoo's later shape (the kernel repo root is itself a cargo workspace with its own target
// JSON; a continued deploy loop; one `cargo build` per tier; user/bin). `ostoo doctor` names
// what is missing, `--fix` only adds, `ostoo program` runs from the repo root, and the owner's
// own build script then builds everything here; old and new programs run.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { ostooBin, tempDir } from '../helpers/paths.js';
import { realTrees } from '../helpers/real-trees.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';
import { snapshotTree } from '../helpers/tree.js';

const { toolchain, skip } = toolchainOrSkip();
const ostoo = (args: string[], cwd: string) =>
  execa(process.execPath, [ostooBin, ...args], { cwd, reject: false, env: { RUSTC_BOOTSTRAP: '1' } });
const seed = path.join(realTrees, 'ostoo-4500ed9');
// Each tree holds a build-std target dir (~160 MB); they go when the file's tests are done.
const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function copyOfSeed(): string {
  const root = path.join(tempDir('real'), 'ostoo');
  made.push(path.dirname(root));
  cpSync(seed, root, { recursive: true });
  return root;
}

/** Written here, in the shape of ostoo's later tree (not copied from it). */
function laterShape(): string {
  const root = path.join(tempDir('later'), 'kernel-repo');
  made.push(path.dirname(root));
  cpSync(path.join(seed, 'user-rs'), path.join(root, 'user-rs'), { recursive: true });
  // A second no_std program, so that the no_std build line names several packages.
  cpSync(path.join(seed, 'user-rs', 'hello-rs'), path.join(root, 'user-rs', 'hello-two'), { recursive: true });
  const files: Record<string, string> = {
    'user-rs/Cargo.toml':
      '[workspace]\nmembers = [\n    "rt",\n    "hello-rs",\n    "hello-std",\n    "hello-two",\n]\nresolver = "2"\n\n[profile.release]\nopt-level = "s"\nlto = true\npanic = "abort"\nstrip = true\n',
    'user-rs/hello-two/Cargo.toml':
      '[package]\nname = "hello-two"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nostoo-rt = { path = "../rt" }\n',
    'Cargo.toml': '[workspace]\nmembers = [\n    "kernel",\n]\nresolver = "2"\n',
    'kernel/Cargo.toml':
      '[package]\nname = "kernel"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nbootloader = "0.9"\n',
    'kernel/src/main.rs': '#![no_std]\n#![no_main]\n',
    'x86_64-os.json': '{\n  "llvm-target": "x86_64-unknown-none",\n  "arch": "x86_64"\n}\n',
    'scripts/user-rs-build.sh': `#!/bin/bash
# Build the Rust userspace into user/bin.
set -e
SCRIPT_DIR="$(cd "$(dirname "$0")" && pwd)"
PROJECT_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"
TARGET_DIR="$PROJECT_DIR/user-rs/target/x86_64-ostoo-user/release"
DEPLOY_DIR="$PROJECT_DIR/user/bin"
cd "$PROJECT_DIR/user-rs"
# One build per tier: the runtime's no_std feature must not be unified.
cargo build --release -p hello-rs -p hello-two "$@"
cargo build --release -p hello-std "$@"
mkdir -p "$DEPLOY_DIR"
for bin in "$TARGET_DIR"/hello-rs "$TARGET_DIR"/hello-two \\
           "$TARGET_DIR"/hello-std; do
    cp "$bin" "$DEPLOY_DIR/$(basename "$bin")"
done
`,
  };
  for (const [f, c] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), c, { mode: f.endsWith('.sh') ? 0o755 : 0o644 });
  }
  return root;
}

/** Every line the owner wrote is still there, in order: --fix and program only add. */
function assertOnlyAdded(before: Record<string, string>, after: Record<string, string>): void {
  for (const [file, text] of Object.entries(before)) {
    assert.ok(file in after, `${file} still exists`);
    const newLines = after[file]!.split('\n');
    let k = 0;
    for (const line of text.split('\n')) {
      while (k < newLines.length && newLines[k] !== line) k++;
      assert.ok(k < newLines.length, `${file}: the line ${JSON.stringify(line)} is kept`);
      k++;
    }
  }
}

async function run(file: string): Promise<string> {
  const res = await execa(file, [], { reject: false });
  assert.equal(res.exitCode, 0, `${file}: ${res.stderr}`);
  return res.stdout;
}

// The first tree's build, reused by the second (cargo's fingerprints decide what to rebuild):
// build-std's std is the same for both, and building it is most of the time.
let builtTarget: string | undefined;

async function doctorFixBuildRun(root: string, deploy: string): Promise<void> {
  const tc = ['--toolchain-path', toolchain!.root];
  const pristine = snapshotTree(root);
  const diag = await ostoo(['doctor', ...tc], root);
  assert.equal(diag.exitCode, 1, diag.stdout + diag.stderr);
  for (const missing of [
    /^MISSING json-target-spec: .*-Zjson-target-spec/m,
    /^MISSING offline std dependencies: .*crates\.io/m,
    /^MISSING musl sysroot: sysroot\/x86_64-ostoo-user\/lib lacks libc\.a/m,
    /^MISSING libunwind\.a/m,
  ]) {
    assert.match(diag.stdout, missing);
  }
  assert.match(diag.stdout, /^(ok {6}linker: rust-lld|MISSING linker: .*links with rust-lld)/m);
  assert.match(
    diag.stdout,
    /^ {8}fix \(--fix does this\): add `json-target-spec = true` to \[unstable\] in user-rs\/\.cargo\/config\.toml$/m,
  );
  assert.deepEqual(snapshotTree(root), pristine, 'doctor without --fix changes nothing');

  const fixed = await ostoo(['doctor', '--fix', ...tc], root);
  assert.equal(fixed.exitCode, 0, fixed.stdout + fixed.stderr);
  assert.match(fixed.stdout, /^fixed: user-rs\/\.cargo\/config\.toml: added json-target-spec = true to \[unstable\]$/m);
  assert.match(fixed.stdout, /^fixed: added sysroot\/x86_64-ostoo-user\/lib\/libc\.a \(from /m);
  assert.match(fixed.stdout, /^fixed: added sysroot\/x86_64-ostoo-user\/lib\/libunwind\.a/m);
  const afterFix = snapshotTree(root, (f) => f.startsWith('sysroot/'));
  assertOnlyAdded(pristine, afterFix);
  // Every change was printed: each changed or new file outside sysroot/ is named.
  for (const f of Object.keys(afterFix).filter((f) => afterFix[f] !== pristine[f] && afterFix[f] !== '<dir>'))
    assert.match(fixed.stdout, new RegExp(`fixed: ${f.replace(/[.]/g, '\\.')}`));
  const again = await ostoo(['doctor', ...tc], root);
  assert.equal(again.exitCode, 0, again.stdout);
  assert.doesNotMatch(again.stdout, /MISSING/);

  // From the kernel repository's root: the workspace is user-rs/, one level down.
  const beforeProgram = snapshotTree(root, (f) => f.startsWith('sysroot/'));
  for (const args of [
    ['program', 'tool'],
    ['program', 'tool-std', '--std'],
  ]) {
    const res = await ostoo(args, root);
    assert.equal(res.exitCode, 0, res.stderr);
  }
  const afterProgram = snapshotTree(root, (f) => f.startsWith('sysroot/'));
  const changed = Object.keys(afterProgram).filter(
    (f) => afterProgram[f] !== beforeProgram[f] && !/^user-rs\/tool(-std)?(\/|$)/.test(f),
  );
  assert.deepEqual(changed.sort(), ['scripts/user-rs-build.sh', 'user-rs/Cargo.toml']);
  const script = path.join(root, 'scripts', 'user-rs-build.sh');
  await execa('bash', ['-n', script]);
  const sc = await execa('shellcheck', [script], { reject: false });
  assert.equal(sc.exitCode, 0, sc.stdout);

  const target = path.join(root, 'user-rs', 'target');
  if (builtTarget) cpSync(builtTarget, target, { recursive: true, preserveTimestamps: true });
  // The owner's own build script, with this toolchain's cargo first on PATH.
  const build = await execa('bash', [script], {
    reject: false,
    env: { PATH: `${path.join(toolchain!.root, 'bin')}:${process.env.PATH}`, RUSTC_BOOTSTRAP: '1' },
  });
  assert.equal(build.exitCode, 0, build.stdout + build.stderr);
  builtTarget ??= target;
  const bin = (n: string) => path.join(root, deploy, n);
  assert.match(await run(bin('hello-rs')), /^Hello from Rust on ostoo!\nHeap works: 42$/);
  assert.match(await run(bin('hello-std')), /^Hello from Rust std on ostoo!\nHashMap works: \{"key": 42\}$/);
  if (deploy === 'user/bin') assert.match(await run(bin('hello-two')), /^Hello from Rust on ostoo!/);
  assert.match(await run(bin('tool')), /Hello from tool \(no_std\) on ostoo!/);
  assert.match(await run(bin('tool-std')), /Hello from tool-std \(std\) on ostoo!/);
}

test(
  'the real seed tree: doctor, doctor --fix, program from the repo root, its own build script',
  { skip, timeout: 20 * 60_000 },
  async () => {
    await doctorFixBuildRun(copyOfSeed(), 'user');
  },
);

test(
  'a later-shaped tree (kernel workspace at the root, continued loop, user/bin): the same',
  { skip, timeout: 20 * 60_000 },
  async () => {
    const root = laterShape();
    await doctorFixBuildRun(root, 'user/bin');
    // The program went into its tier's build line and onto a line of its own in the loop.
    const script = snapshotTree(root)['scripts/user-rs-build.sh']!;
    assert.match(snapshotTree(root)['user-rs/Cargo.toml']!, /"hello-two",\n {4}"tool",\n {4}"tool-std",\n\]/);
    assert.match(
      script,
      /^cargo build --release -p hello-rs -p hello-two -p tool "\$@"\ncargo build --release -p hello-std -p tool-std "\$@"\n/m,
    );
    assert.match(
      script,
      /"\$TARGET_DIR"\/hello-std \\\n {11}"\$TARGET_DIR"\/tool \\\n {11}"\$TARGET_DIR"\/tool-std; do/,
    );
  },
);
