// Finding the user-rs workspace from wherever the owner stands: its own directories, the kernel
// repository's root (which may itself be a cargo workspace with its own target JSON), or deep in
// the kernel's sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { detectWorkspace, WorkspaceError } from '../../src/workspace/detect.js';
import { memberTier } from '../../src/workspace/program.js';
import { tempDir } from '../helpers/paths.js';
import { realTrees } from '../helpers/real-trees.js';

function write(root: string, files: Record<string, string>): void {
  for (const [f, c] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), c);
  }
}

const kernelWorkspace = {
  'Cargo.toml': '[workspace]\nmembers = ["kernel", "libkernel"]\n',
  'kernel/Cargo.toml':
    '[package]\nname = "kernel"\nversion = "0.1.0"\n\n[dependencies]\nlibkernel = { path = "../libkernel" }\n',
  'kernel/src/main.rs': '#![no_std]\n',
  'libkernel/Cargo.toml': '[package]\nname = "libkernel"\nversion = "0.1.0"\n',
  'x86_64-os.json': '{ "llvm-target": "x86_64-unknown-none", "arch": "x86_64" }\n',
};

test('the seed tree: found from its root, from user-rs/ and from a program directory', () => {
  const root = path.join(tempDir('detect'), 'ostoo');
  cpSync(path.join(realTrees, 'ostoo-4500ed9'), root, { recursive: true });
  for (const start of [
    root,
    path.join(root, 'user-rs'),
    path.join(root, 'user-rs', 'hello-std', 'src'),
    path.join(root, 'scripts'),
  ]) {
    const ws = detectWorkspace(start);
    assert.equal(ws.dir, path.join(root, 'user-rs'), start);
    assert.equal(ws.runtime.name, 'ostoo-rt');
    assert.equal(ws.runtime.feature, 'no_std');
    assert.equal(ws.buildScript, path.join(root, 'scripts', 'user-rs-build.sh'));
  }
});

test('a kernel root that is itself a cargo workspace with a target JSON: user-rs/ one level down wins', () => {
  const root = path.join(tempDir('detect-kernel'), 'repo');
  write(root, kernelWorkspace);
  cpSync(path.join(realTrees, 'ostoo-4500ed9', 'user-rs'), path.join(root, 'user-rs'), { recursive: true });
  mkdirSync(path.join(root, '.git'));
  for (const start of [root, path.join(root, 'kernel', 'src'), path.join(root, 'user-rs', 'rt')]) {
    const ws = detectWorkspace(start);
    assert.equal(ws.dir, path.join(root, 'user-rs'), start);
    assert.equal(ws.target, 'x86_64-ostoo-user');
  }
});

test('a kernel workspace without a user-rs/: the runtime error names the kernel workspace', () => {
  const root = path.join(tempDir('detect-none'), 'repo');
  write(root, kernelWorkspace);
  assert.throws(
    () => detectWorkspace(root),
    (err: Error) =>
      err instanceof WorkspaceError && /cannot tell which crate in .*repo is the runtime/.test(err.message),
  );
});

test("a member's tier: #![no_std] (also under cfg_attr), else std", () => {
  const root = path.join(tempDir('detect-tier'), 'ostoo');
  cpSync(path.join(realTrees, 'ostoo-4500ed9'), root, { recursive: true });
  const ws = detectWorkspace(root);
  const read = (f: string) => readFileSync(f, 'utf8');
  assert.equal(memberTier(ws, 'hello-rs', read), 'nostd');
  assert.equal(memberTier(ws, 'hello-std', read), 'std');
  writeFileSync(path.join(ws.dir, 'hello-rs', 'src', 'main.rs'), '#![cfg_attr(not(test), no_std)]\n#![no_main]\n');
  assert.equal(memberTier(ws, 'hello-rs', read), 'nostd');
});
