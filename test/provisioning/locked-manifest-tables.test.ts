// lockedManifestTables: the one table of locked artifacts behind both the manifest an install
// writes (synthesizedManifest) and the one a mirror serves (mirrorManifest).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'smol-toml';
import { mirrorManifest } from '../../src/provisioning/mirror-tree.js';
import { lockedManifestTables, synthesizedManifest } from '../../src/provisioning/rustup-meta.js';
import type { LockedArtifact, ToolchainEntry } from '../../src/lock/schema.js';

const H1 = 'x86_64-unknown-linux-gnu';
const H2 = 'aarch64-unknown-linux-gnu';
const file = (n: string) => ({
  url: `https://static.rust-lang.org/dist/2026-05-20/${n}`,
  sha256: n.length.toString(16).padStart(64, '0'),
});
const arts = (host: string): LockedArtifact[] => [
  {
    component: 'rustc',
    target: host,
    required: true,
    gz: file(`rustc-${host}.tar.gz`),
    xz: file(`rustc-${host}.tar.xz`),
  },
  { component: 'cargo', target: host, required: true, zst: file(`cargo-${host}.tar.zst`) },
  { component: 'rust-src', target: '*', required: true, gz: file('rust-src.tar.gz') },
  {
    component: 'llvm-tools-preview',
    target: host,
    requested_as: 'llvm-tools',
    required: false,
    gz: file(`llvm-${host}.tar.gz`),
  },
];
const entry: ToolchainEntry = {
  channel: 'nightly',
  date: '2026-05-20',
  rustc: '1.99.0-nightly (abc 2026-05-19)',
  cargo: '1.99.0-nightly (def 2026-05-18)',
  manifest_url: 'https://static.rust-lang.org/dist/2026-05-20/channel-rust-nightly.toml',
  manifest_sha256: null,
  required: [],
  optional: [],
  hosts: { [H1]: { artifacts: arts(H1), notes: [] }, [H2]: { artifacts: arts(H2), notes: [] } },
};

test('the rust package lists core components and extensions per host, and comes first', () => {
  const { pkg } = lockedManifestTables(entry, [{ host: H1, artifacts: arts(H1) }]);
  assert.equal(Object.keys(pkg)[0], 'rust');
  assert.deepEqual(pkg.rust, {
    version: entry.rustc,
    target: {
      [H1]: {
        available: false,
        components: [
          { pkg: 'rustc', target: H1 },
          { pkg: 'cargo', target: H1 },
        ],
        extensions: [
          { pkg: 'rust-src', target: '*' },
          { pkg: 'llvm-tools-preview', target: H1 },
        ],
      },
    },
  });
});

test("each artifact's package carries its URLs and hashes, cargo's version, and the renames", () => {
  const { pkg, renames } = lockedManifestTables(
    entry,
    [H1, H2].map((host) => ({ host, artifacts: arts(host) })),
  );
  const p = pkg as Record<string, { version: string; target: Record<string, unknown> }>;
  assert.deepEqual(p.rustc?.target[H1], {
    available: true,
    url: file(`rustc-${H1}.tar.gz`).url,
    hash: file(`rustc-${H1}.tar.gz`).sha256,
    xz_url: file(`rustc-${H1}.tar.xz`).url,
    xz_hash: file(`rustc-${H1}.tar.xz`).sha256,
    components: [],
    extensions: [],
  });
  assert.deepEqual(Object.keys(p.rustc?.target ?? {}), [H1, H2]);
  assert.equal(p.cargo?.version, entry.cargo);
  assert.deepEqual(p.cargo?.target[H2], {
    available: true,
    zst_url: file(`cargo-${H2}.tar.zst`).url,
    zst_hash: file(`cargo-${H2}.tar.zst`).sha256,
    components: [],
    extensions: [],
  });
  assert.deepEqual(renames, { 'llvm-tools': { to: 'llvm-tools-preview' } });
});

test('the installed and the mirrored manifest are built from the same table', () => {
  const installed = parse(synthesizedManifest(entry, arts(H1), H1)) as Record<string, unknown>;
  const mirrored = parse(mirrorManifest(entry, [H1])) as Record<string, unknown>;
  assert.deepEqual(installed.pkg, mirrored.pkg);
  assert.deepEqual(installed.renames, mirrored.renames);
  assert.deepEqual(JSON.parse(JSON.stringify(mirrored.profiles)), {
    minimal: ['rustc', 'cargo', 'rust-std'],
    default: ['rustc', 'cargo', 'rust-std'],
    complete: ['rustc', 'cargo', 'rust-std'],
  });
});
