import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findRustStdMusl, findSystemMusl, resolveMuslSource } from '../../src/sysroot/musl.js';
import { tempDir } from '../helpers/paths.js';

function toolchainWithMusl(): string {
  const root = tempDir('musl-tc');
  const lib = path.join(root, 'lib/rustlib/x86_64-unknown-linux-musl/lib/self-contained');
  mkdirSync(lib, { recursive: true });
  for (const f of ['libc.a', 'crt1.o', 'crti.o', 'crtn.o']) writeFileSync(path.join(lib, f), f);
  return root;
}

test("rust-std: the self-contained musl of the toolchain's x86_64-unknown-linux-musl std", () => {
  const root = toolchainWithMusl();
  const src = resolveMuslSource({ kind: 'rust-std' }, { root, id: 'nightly-test' });
  assert.deepEqual(src, {
    kind: 'rust-std',
    lib: path.join(root, 'lib/rustlib/x86_64-unknown-linux-musl/lib/self-contained'),
  });
  assert.deepEqual(findRustStdMusl({ root }), src);
});

test('rust-std without that component is a clear error naming the fix', () => {
  const root = tempDir('musl-none');
  assert.throws(
    () => resolveMuslSource({ kind: 'rust-std' }, { root, id: 'nightly-test' }),
    /toolchain nightly-test has no rust-std for x86_64-unknown-linux-musl \(rustup target add x86_64-unknown-linux-musl\)/,
  );
});

test(
  'system: Debian musl-dev is found with its headers',
  { skip: findSystemMusl() ? false : 'musl-dev not installed' },
  () => {
    const src = resolveMuslSource({ kind: 'system' }, { root: '/nonexistent', id: 'x' });
    assert.equal(src.kind, 'system');
    assert.ok(src.lib.length > 0);
  },
);

test('--musl-path must hold libc.a; docker needs an image', () => {
  assert.throws(
    () => resolveMuslSource({ kind: 'system', path: tempDir('empty') }, { root: '/x', id: 'x' }),
    /has no libc\.a/,
  );
  assert.throws(
    () => resolveMuslSource({ kind: 'docker' }, { root: '/x', id: 'x' }),
    /--musl docker needs --docker-image IMAGE/,
  );
  assert.equal(
    resolveMuslSource({ kind: 'docker', image: 'ostoo-compiler' }, { root: '/x', id: 'x' }).image,
    'ostoo-compiler',
  );
});
