// The rustup home is a parameter of toolchain resolution, not something it reads from process.env.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { candidateRequests } from '../../src/toolchain/resolve.js';
import { defaultRustupHome } from '../../src/toolchain/rustup-home.js';

test('candidateRequests lists the toolchains of the rustup home it is given, and says which home', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'ostoo-rustup-home-'));
  const other = mkdtempSync(path.join(os.tmpdir(), 'ostoo-rustup-other-'));
  const saved = process.env.RUSTUP_HOME;
  try {
    mkdirSync(path.join(home, 'toolchains', 'nightly-2026-05-20-x86_64-unknown-linux-gnu'), { recursive: true });
    mkdirSync(path.join(other, 'toolchains', 'stable-x86_64-unknown-linux-gnu'), { recursive: true });
    process.env.RUSTUP_HOME = other; // must not be consulted when a home is given
    const reqs = candidateRequests(undefined, home).filter((r) => r.name);
    assert.deepEqual(reqs, [{ name: 'nightly-2026-05-20-x86_64-unknown-linux-gnu', rustupHome: home }]);
    // Without one, the default home ($RUSTUP_HOME here), and requests that leave rustup to its environment.
    assert.deepEqual(
      candidateRequests().filter((r) => r.name),
      [{ name: 'stable-x86_64-unknown-linux-gnu' }],
    );
  } finally {
    if (saved === undefined) delete process.env.RUSTUP_HOME;
    else process.env.RUSTUP_HOME = saved;
    rmSync(home, { recursive: true, force: true });
    rmSync(other, { recursive: true, force: true });
  }
});

test('defaultRustupHome: $RUSTUP_HOME (made absolute), else ~/.rustup', () => {
  assert.equal(defaultRustupHome({ RUSTUP_HOME: 'rel/home' }), path.resolve('rel/home'));
  assert.equal(defaultRustupHome({}), path.join(os.homedir(), '.rustup'));
});
