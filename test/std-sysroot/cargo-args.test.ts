// Reading a cargo command line: what decides its std, and the same command without build-std.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCargoArgs } from '../../src/std-sysroot/cargo-args.js';

test('build-std flags in every spelling are taken out, everything else is kept', () => {
  const a = parseCargoArgs([
    'cargo',
    '+nightly-2026-05-20',
    'build',
    '--release',
    '--manifest-path',
    'user-rs/Cargo.toml',
    '--config',
    'user-rs/.cargo/common.toml',
    '--config=profile.release.lto=true',
    '-Z',
    'build-std=core,alloc',
    '-Zbuild-std-features=optimize_for_size',
    '-Z',
    'lockfile-path',
    '--target-dir',
    'out',
    '--target=x.json',
  ]);
  assert.equal(a.toolchain, 'nightly-2026-05-20');
  assert.equal(a.subcommand, 'build');
  assert.equal(a.profile, 'release');
  assert.equal(a.manifestPath, 'user-rs/Cargo.toml');
  assert.equal(a.target, 'x.json');
  assert.deepEqual(a.configs, ['user-rs/.cargo/common.toml', 'profile.release.lto=true']);
  assert.deepEqual(a.buildStd, ['core', 'alloc']);
  assert.deepEqual(a.buildStdFeatures, ['optimize_for_size']);
  assert.deepEqual(a.withoutBuildStd, [
    'cargo',
    '+nightly-2026-05-20',
    'build',
    '--release',
    '--manifest-path',
    'user-rs/Cargo.toml',
    '--config',
    'user-rs/.cargo/common.toml',
    '--config=profile.release.lto=true',
    '-Z',
    'lockfile-path',
    '--target-dir',
    'out',
    '--target=x.json',
  ]);
});

test('-Zbuild-std without a list, --profile NAME, and arguments after -- pass through', () => {
  const a = parseCargoArgs(['cargo', 'rustc', '-Zbuild-std', '--profile', 'small', '--', '-Zbuild-std=core']);
  assert.deepEqual(a.buildStd, []);
  assert.equal(a.profile, 'small');
  assert.deepEqual(a.withoutBuildStd, ['cargo', 'rustc', '--profile', 'small', '--', '-Zbuild-std=core']);
  assert.equal(parseCargoArgs(['cargo', 'build']).buildStd, undefined);
});

test('what would make the key wrong is refused', () => {
  assert.throws(() => parseCargoArgs(['cargo', '-C', 'elsewhere', 'build']), /-C DIR is not supported/);
  assert.throws(() => parseCargoArgs(['cargo', 'build', '--target', 'a.json', '--target', 'b.json']), /one --target/);
  assert.throws(() => parseCargoArgs(['cargo', 'build', '--manifest-path']), /needs a value/);
  assert.throws(() => parseCargoArgs([]), /no cargo command/);
});
