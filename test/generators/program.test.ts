import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { ostooBin, tempDir } from '../helpers/paths.js';
import { snapshotTree } from '../helpers/tree.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';
import { addWorkspaceMember } from '../../src/workspace/program.js';

const { toolchain, skip } = toolchainOrSkip();

const ostoo = (args: string[], cwd: string) => execa(process.execPath, [ostooBin, ...args], { cwd, reject: false });

async function generated(): Promise<string> {
  const dir = path.join(tempDir('prog'), 'k');
  const res = await ostoo(['new', dir, '--yes', '--toolchain-path', toolchain!.root, '--skip-sysroot'], process.cwd());
  assert.equal(res.exitCode, 0, res.stderr);
  return dir;
}

/** A workspace in the seed's shape, written by hand: one-line members, a no_std feature, -p builds. */
function seedShaped(script?: string): string {
  const root = tempDir('seed');
  const ws = path.join(root, 'user-rs');
  const files: Record<string, string> = {
    'user-rs/Cargo.toml':
      '[workspace]\nmembers = ["rt", "hello-rs", "hello-std"]\nresolver = "2"\n\n[profile.release]\nopt-level = "s"\n',
    'user-rs/x86_64-ostoo-user.json': '{\n  "arch": "x86_64",\n  "llvm-target": "x86_64-unknown-linux-musl"\n}\n',
    'user-rs/rt/Cargo.toml':
      '[package]\nname = "ostoo-rt"\nversion = "0.1.0"\nedition = "2021"\n\n[features]\ndefault = ["no_std"]\nno_std = []\n',
    'user-rs/hello-rs/Cargo.toml':
      '[package]\nname = "hello-rs"\nversion = "0.1.0"\n\n[dependencies]\nostoo-rt = { path = "../rt" }\n',
    'user-rs/hello-std/Cargo.toml':
      '[package]\nname = "hello-std"\nversion = "0.1.0"\n\n[dependencies]\nostoo-rt = { path = "../rt", default-features = false }\n',
    'scripts/user-rs-build.sh':
      script ??
      '#!/bin/bash\nset -e\nTARGET_DIR="$PWD/target"\n# separate builds\ncargo build --release -p hello-rs "$@"\ncargo build --release -p hello-std "$@"\n\nfor bin in "$TARGET_DIR"/hello-rs "$TARGET_DIR"/hello-std; do\n    cp "$bin" /deploy/\ndone\n',
  };
  for (const [f, c] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), c);
  }
  void ws;
  return root;
}

test('refusals leave the workspace byte-identical', { skip }, async () => {
  const dir = await generated();
  const ws = path.join(dir, 'user-rs');
  const before = snapshotTree(dir);
  const cases: [string[], RegExp][] = [
    [['program', ''], /program name is empty/],
    [['program', 'fn'], /Rust keyword/],
    [['program', '2fast'], /starts with a digit/],
    [['program', 'my tool'], /program name 'my tool' contains white space — choose another name/],
    [['program', 'bin/tool'], /path separator/],
    [['program', 'MyTool'], /uppercase/],
    [['program', 'hello-rs'], /program 'hello-rs' already exists/],
    [['program', 'ostoo-rt'], /already exists/],
  ];
  for (const [args, message] of cases) {
    const res = await ostoo(args, ws);
    assert.notEqual(res.exitCode, 0, `${args.join(' ')} must fail`);
    assert.match(res.stderr, message);
  }
  const outside = await ostoo(['program', 'tool'], tempDir('outside'));
  assert.notEqual(outside.exitCode, 0);
  assert.match(
    outside.stderr,
    /is not inside a user-rs workspace [^\n]* — run this inside one [^\n]*, or create one with `ostoo new DIR`/,
  );
  assert.deepEqual(snapshotTree(dir), before);

  // Re-running the same command is an error, not a silent overwrite.
  assert.equal((await ostoo(['program', 'tool'], ws)).exitCode, 0);
  const afterFirst = snapshotTree(dir);
  const again = await ostoo(['program', 'tool'], ws);
  assert.notEqual(again.exitCode, 0);
  assert.match(again.stderr, /program 'tool' already exists/);
  assert.deepEqual(snapshotTree(dir), afterFirst);
});

test(
  'a riscv64 workspace without musl: a no_std program is added, a std one refused with the tree unchanged',
  { skip },
  async () => {
    const dir = path.join(tempDir('prog-rv'), 'k');
    const gen = await ostoo(
      [
        'new',
        dir,
        '--yes',
        '--arch',
        'riscv64',
        '--musl',
        'none',
        '--toolchain-path',
        toolchain!.root,
        '--skip-sysroot',
      ],
      process.cwd(),
    );
    assert.equal(gen.exitCode, 0, gen.stderr);
    const ws = path.join(dir, 'user-rs');
    const before = snapshotTree(dir);
    const std = await ostoo(['program', 'tool-std', '--std'], ws);
    assert.notEqual(std.exitCode, 0);
    assert.match(
      std.stderr,
      /no musl sysroot \(--musl none\), so std programs cannot link — .*regenerate the workspace with --musl-path DIR/,
    );
    assert.deepEqual(snapshotTree(dir), before);
    assert.equal((await ostoo(['program', 'tool'], ws)).exitCode, 0);
    assert.match(snapshotTree(dir)['user-rs/Cargo.toml']!, /"tool"/);
  },
);

test('a seed-shaped workspace: detects runtime and feature, edits members, -p builds and the deploy loop', async () => {
  const root = seedShaped();
  const before = snapshotTree(root);
  const res = await ostoo(['program', 'tool-std', '--std'], path.join(root, 'user-rs'));
  assert.equal(res.exitCode, 0, res.stderr);
  const after = snapshotTree(root);
  assert.equal(
    after['user-rs/Cargo.toml'],
    before['user-rs/Cargo.toml']!.replace('"hello-std"]', '"hello-std", "tool-std"]'),
  );
  assert.equal(
    after['scripts/user-rs-build.sh'],
    before['scripts/user-rs-build.sh']!.replace(
      '-p hello-std "$@"\n',
      '-p hello-std "$@"\ncargo build --release -p tool-std "$@"\n',
    ).replace('"$TARGET_DIR"/hello-std; do', '"$TARGET_DIR"/hello-std "$TARGET_DIR"/tool-std; do'),
  );
  assert.match(
    after['user-rs/tool-std/Cargo.toml']!,
    /^ostoo-rt = \{ path = "\.\.\/rt", default-features = false \}$/m,
  );
  assert.match(
    after['user-rs/tool-std/src/main.rs']!,
    /#!\[feature\(restricted_std\)\]\n#!\[no_main\][^]*extern crate ostoo_rt;[^]*#\[no_mangle\]\nfn main\(\) -> i32 \{[^]*Hello from tool-std \(std\) on ostoo!/,
  );
  // The seed's runtime starts std programs without std's start-up, and the user is told so.
  assert.match(
    res.stderr,
    /Note: ostoo-rt does not answer std's start-up `poll` \(a kernel without poll aborts an ordinary `fn main\(\)`\), so tool-std has the seed's shape \(`#!\[no_main\]`, `#\[no_mangle\] fn main\(\) -> i32`\): std::env::args\(\) is empty in it; std::env::vars\(\) works/,
  );
  // Nothing else changed, and no .yo-rc.json was invented.
  const changed = Object.keys(after)
    .filter((f) => after[f] !== before[f])
    .sort();
  assert.deepEqual(changed, [
    'scripts/user-rs-build.sh',
    'user-rs/Cargo.toml',
    'user-rs/tool-std',
    'user-rs/tool-std/Cargo.toml',
    'user-rs/tool-std/src',
    'user-rs/tool-std/src/main.rs',
  ]);
});

test('--std in a generated workspace: an ordinary fn main() program, which sees its arguments', { skip }, async () => {
  const dir = await generated();
  const res = await ostoo(['program', 'tool-std', '--std'], path.join(dir, 'user-rs'));
  assert.equal(res.exitCode, 0, res.stderr);
  const main = snapshotTree(dir)['user-rs/tool-std/src/main.rs']!;
  assert.match(
    main,
    /^extern crate ostoo_rt;\n\nfn main\(\) \{\n {4}println!\("Hello from tool-std \(std\) on ostoo!"\);\n\}\n$/m,
  );
  assert.doesNotMatch(main, /no_main|no_mangle|restricted_std/);
  assert.doesNotMatch(res.stderr, /Note:/);
});

test(
  '--std where the std runtime lacks the start-up poll answer (an older rt-std): the seed shape, with the note',
  { skip },
  async () => {
    const dir = await generated();
    const lib = path.join(dir, 'user-rs', 'rt-std', 'src', 'lib.rs');
    writeFileSync(lib, '#![no_std]\npub use sys::*;\n');
    const res = await ostoo(['program', 'tool-std', '--std'], path.join(dir, 'user-rs'));
    assert.equal(res.exitCode, 0, res.stderr);
    assert.match(
      snapshotTree(dir)['user-rs/tool-std/src/main.rs']!,
      /#!\[no_main\][^]*#\[no_mangle\]\nfn main\(\) -> i32/,
    );
    assert.match(res.stderr, /Note: ostoo-rt-std does not answer std's start-up `poll`/);
  },
);

test('an unrecognised deploy script: prints the lines to add and changes nothing', async () => {
  const root = seedShaped('#!/bin/bash\ncargo metadata --format-version 1 | deploy-all\n');
  const before = snapshotTree(root);
  const res = await ostoo(['program', 'tool'], path.join(root, 'user-rs'));
  assert.notEqual(res.exitCode, 0);
  assert.match(res.stderr, /cannot edit this workspace safely; nothing was changed/);
  // The script has no variables of its own to name, so the advice spells the release path out.
  assert.match(
    res.stderr,
    /user-rs-build\.sh: deploy it like the other programs, e\.g\.: cp user-rs\/target\/x86_64-ostoo-user\/release\/tool YOUR_DEPLOY_DIR\/tool/,
  );
  assert.doesNotMatch(res.stderr, /\$root|\$deploy/);
  assert.deepEqual(snapshotTree(root), before);
});

test('addWorkspaceMember keeps the list layout, comments and trailing commas', () => {
  assert.equal(
    addWorkspaceMember('[workspace]\nmembers = ["a", "b"]\n', 'c'),
    '[workspace]\nmembers = ["a", "b", "c"]\n',
  );
  assert.equal(addWorkspaceMember('[workspace]\nmembers = []\n', 'c'), '[workspace]\nmembers = ["c"]\n');
  assert.equal(
    addWorkspaceMember('[workspace]\nmembers = [\n    "a", # core\n    "b"\n]\n', 'c'),
    '[workspace]\nmembers = [\n    "a", # core\n    "b",\n    "c",\n]\n',
  );
  assert.equal(
    addWorkspaceMember('[workspace]\nmembers = [\n  "a",\n]\n', 'c'),
    '[workspace]\nmembers = [\n  "a",\n  "c",\n]\n',
  );
  assert.equal(
    addWorkspaceMember('[workspace]\nmembers = ["a", "b",]\n', 'c'),
    '[workspace]\nmembers = ["a", "b", "c"]\n',
  );
  // A members list we cannot see as a literal array is left alone.
  assert.equal(addWorkspaceMember('[workspace]\nmembers.workspace = true\n', 'c'), undefined);
});
