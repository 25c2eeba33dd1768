// `ostoo toolchain bump` end to end, against a 127.0.0.1 dist server. Each date's toolchain
// wraps the real Debian rustc/cargo (so specs are really derived and the workspace really
// builds); 2026-05-22's rustc reports a different data-layout, 2026-05-24 lacks rust-src and
// 2026-05-26's rustc tarball is corrupt. 2026-05-20's manifest is the real nightly manifest of
// this machine with our host's artifacts swapped in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { parse, stringify } from 'smol-toml';
import { buildDist, serveDist, sha256, type DistServer, type FakeComponent } from '../helpers/dist-server.js';
import { ostooBin, tempDir } from '../helpers/paths.js';
import { snapshotTree } from '../helpers/tree.js';
import { ostooBinDir, sharedStdCache } from '../helpers/shared-std.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';
import { microkitOrSkip } from '../helpers/microkit.js';
import { detectHost } from '../../src/lock/toolchain-names.js';
import { lockToolchain } from '../../src/provisioning/lock-toolchain.js';

const { toolchain, skip: noToolchain } = toolchainOrSkip();
const { kit, skip: noKit } = microkitOrSkip();
const cargoBin = path.join(process.env.CARGO_HOME ?? path.join(os.homedir(), '.cargo'), 'bin');
const skip = noToolchain || (existsSync(path.join(cargoBin, 'rustup')) ? false : `no rustup in ${cargoBin}`);
const realNightly = path.join(
  os.homedir(),
  '.rustup/toolchains/nightly-x86_64-unknown-linux-gnu/lib/rustlib/multirust-channel-manifest.toml',
);
const host = detectHost();
const NEW_LAYOUT = 'e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128-Fn32';

function wrapped(date: string, opts: { layout?: string; noSrc?: boolean } = {}): FakeComponent[] {
  const real = toolchain?.root ?? '/usr';
  const spec = opts.layout
    ? `case "$*" in *target-spec-json*) "${real}/bin/rustc" "$@" | sed 's/"data-layout": "[^"]*"/"data-layout": "${opts.layout}"/'; exit ;; esac\n`
    : '';
  const comps: FakeComponent[] = [
    {
      pkg: 'rustc',
      target: host,
      files: {
        'bin/rustc': { content: `#!/bin/sh\n# nightly-${date}\n${spec}exec "${real}/bin/rustc" "$@"\n`, mode: 0o755 },
      },
    },
    {
      pkg: 'cargo',
      target: host,
      files: { 'bin/cargo': { content: `#!/bin/sh\nexec "${real}/bin/cargo" "$@"\n`, mode: 0o755 } },
    },
    {
      pkg: 'rust-std',
      target: host,
      files: { [`lib/rustlib/${host}/lib/placeholder.txt`]: 'std comes from the wrapped sysroot\n' },
    },
    {
      pkg: 'rust-src',
      target: '*',
      files: { 'lib/rustlib/src/rust/library/std/src/lib.rs': '// the wrapped sysroot has the real one\n' },
      manifest: ['dir:lib/rustlib/src/rust'],
    },
    // The optional components the lock asks for, so the real-derived manifest is served whole.
    {
      pkg: 'llvm-tools-preview',
      target: host,
      files: { [`lib/rustlib/${host}/bin/llvm-objdump`]: { content: '#!/bin/sh\n', mode: 0o755 } },
    },
    {
      pkg: 'rust-std',
      target: 'x86_64-unknown-linux-musl',
      files: { 'lib/rustlib/x86_64-unknown-linux-musl/lib/placeholder.txt': 'musl std\n' },
    },
  ];
  if (opts.noSrc) comps[3]!.unavailable = true;
  return comps;
}

const snapshotBump = (root: string) =>
  snapshotTree(root, (rel) => rel.startsWith('sysroot') || rel.includes('target/'));

let server: DistServer;
let home: string;
let dir: string;
let env: Record<string, string>;

const ostoo = (args: string[], cwd = path.join(dir, 'user-rs')) =>
  execa(process.execPath, [ostooBin, ...args], { cwd, env, reject: false, all: true });

before(async () => {
  if (skip) return;
  const files = new Map<string, Buffer>();
  const dates: [string, FakeComponent[], string[]?][] = [
    ['2026-05-20', wrapped('2026-05-20')],
    ['2026-05-21', wrapped('2026-05-21')],
    ['2026-05-22', wrapped('2026-05-22', { layout: NEW_LAYOUT })],
    ['2026-05-24', wrapped('2026-05-24', { noSrc: true })],
    ['2026-05-26', wrapped('2026-05-26'), ['/dist/2026-05-26/rustc-nightly-' + host + '.tar.gz']],
  ];
  for (const [date, comps, corrupt] of dates) {
    for (const [p, b] of buildDist(comps, host, { date, xz: false, corrupt: corrupt ?? [] }).files) files.set(p, b);
  }
  // 2026-05-20: the real manifest, with this host's artifacts pointing at our tarballs.
  if (existsSync(realNightly)) {
    const real = parse(readFileSync(realNightly, 'utf8')) as {
      date: string;
      pkg: Record<string, { target: Record<string, unknown> }>;
    };
    const ours = parse(files.get('/dist/2026-05-20/channel-rust-nightly.toml')!.toString()) as typeof real;
    assert.equal(real.date, '2026-05-20');
    for (const [pkg, v] of Object.entries(ours.pkg)) {
      if (pkg === 'rust') continue;
      for (const [target, t] of Object.entries(v.target)) (real.pkg[pkg] ??= { target: {} }).target[target] = t;
    }
    const text = stringify(real) + '\n';
    files.set('/dist/2026-05-20/channel-rust-nightly.toml', Buffer.from(text));
    files.set(
      '/dist/2026-05-20/channel-rust-nightly.toml.sha256',
      Buffer.from(`${sha256(text)}  channel-rust-nightly.toml\n`),
    );
  }
  // `latest` is 2026-05-21.
  files.set('/dist/channel-rust-nightly.toml', files.get('/dist/2026-05-21/channel-rust-nightly.toml')!);
  files.set('/dist/channel-rust-nightly.toml.sha256', files.get('/dist/2026-05-21/channel-rust-nightly.toml.sha256')!);
  server = await serveDist(files);

  home = tempDir('bump-home');
  mkdirSync(path.join(home, 'rustup'));
  writeFileSync(path.join(home, 'rustup', 'settings.toml'), 'version = "12"\nprofile = "minimal"\n');
  env = {
    ...(process.env as Record<string, string>),
    PATH: `${cargoBin}:${process.env.PATH}`,
    RUSTUP_HOME: path.join(home, 'rustup'),
    RUSTUP_TOOLCHAIN: '',
    RUSTUP_DIST_SERVER: 'http://127.0.0.1:9',
    OSTOO_DIST_SERVER: server.url,
    OSTOO_CACHE_DIR: path.join(home, 'cache'),
  };
  delete env.RUSTUP_TOOLCHAIN;
  const lockfile = path.join(home, 'toolchains.lock');
  await lockToolchain({ name: 'nightly-2026-05-20', lockfile, distServer: server.url, hosts: [host] });
  dir = path.join(tempDir('bump'), 'kernel');
  const gen = await execa(
    process.execPath,
    [ostooBin, 'new', dir, '--yes', '--toolchain', 'nightly-2026-05-20', '--lockfile', lockfile],
    { env, reject: false, all: true },
  );
  assert.equal(gen.exitCode, 0, gen.all);
});

after(async () => {
  await server?.close();
});

test('the generated workspace is pinned to the provisioned nightly, with its own lock entry', { skip }, () => {
  assert.match(
    readFileSync(path.join(dir, 'user-rs/rust-toolchain.toml'), 'utf8'),
    /^channel = "nightly-2026-05-20"$/m,
  );
  const lock = readFileSync(path.join(dir, 'user-rs/toolchains.lock'), 'utf8');
  assert.match(lock, /^\[toolchains\.nightly-2026-05-20\]$/m);
  assert.ok(existsSync(path.join(home, 'rustup/toolchains', `nightly-2026-05-20-${host}`, 'bin/rustc')));
});

test('a date lacking rust-src fails, names the nearest complete date, and changes nothing', { skip }, async () => {
  const before = snapshotBump(dir);
  const res = await ostoo(['toolchain', 'bump', '2026-05-24']);
  assert.notEqual(res.exitCode, 0);
  assert.match(res.all, /cannot bump to nightly-2026-05-24: .*rust-src/);
  assert.match(res.all, /nearest earlier nightly with all of them is nightly-2026-05-22/);
  assert.deepEqual(snapshotBump(dir), before);
});

test('a corrupt artifact fails the bump before any file changes', { skip }, async () => {
  const before = snapshotBump(dir);
  const res = await ostoo(['toolchain', 'bump', '2026-05-26']);
  assert.notEqual(res.exitCode, 0);
  assert.match(res.all, /sha256/);
  assert.deepEqual(snapshotBump(dir), before);
  assert.equal((await ostoo(['toolchain', 'bump', 'someday'])).exitCode, 1);
  assert.deepEqual(snapshotBump(dir), before);
});

test(
  'bump against a one-host mirror: per host, the missing component and the nearest complete date; with no lock entry it covers this host and succeeds',
  { skip },
  async () => {
    const before = snapshotBump(dir);
    const other = 'aarch64-unknown-linux-gnu';
    const res = await ostoo(['toolchain', 'bump', '2026-05-24', '--hosts', `${host},${other}`]);
    assert.notEqual(res.exitCode, 0);
    assert.match(
      res.all,
      new RegExp(
        `${host}: rust-src is not available for \\* on 2026-05-24; nearest complete for ${host}: nightly-2026-05-22`,
      ),
    );
    // Only 2026-05-20 (when it is this machine's real nightly manifest) has the other host.
    assert.match(
      res.all,
      new RegExp(
        `${other}: rustc has no build for ${other} on 2026-05-24; (nearest complete for ${other}: nightly-2026-05-20|none complete for ${other} in the 14 days before)`,
      ),
    );
    assert.deepEqual(snapshotBump(dir), before);

    // A workspace whose lock has no entry (the mirror carries only this host): the default is this machine's host.
    const copy = path.join(tempDir('bump-nolock'), 'kernel');
    cpSync(dir, copy, { recursive: true, filter: (src) => !src.includes(`${path.sep}target`) });
    writeFileSync(path.join(copy, 'user-rs/toolchains.lock'), 'version = 1\n');
    const failed = await ostoo(['toolchain', 'bump', '2026-05-24'], path.join(copy, 'user-rs'));
    assert.notEqual(failed.exitCode, 0);
    assert.match(
      failed.all,
      new RegExp(
        `${host}: rust-src is not available for \\* on 2026-05-24; nearest complete for ${host}: nightly-2026-05-22`,
      ),
    );
    assert.match(
      failed.all,
      /the nearest earlier nightly with all of them is nightly-2026-05-22 \(ostoo toolchain bump 2026-05-22\)/,
    );
    assert.doesNotMatch(failed.all, /apple-darwin/);
    const ok = await ostoo(['toolchain', 'bump', '2026-05-22'], path.join(copy, 'user-rs'));
    assert.equal(ok.exitCode, 0, ok.all);
    const lock = parse(readFileSync(path.join(copy, 'user-rs/toolchains.lock'), 'utf8')) as {
      toolchains: Record<string, { hosts: Record<string, unknown> }>;
    };
    assert.deepEqual(Object.keys(lock.toolchains['nightly-2026-05-22']!.hosts), [host]);
  },
);

test('bump follows a new data-layout, keeps the user edits, and reports what changed', { skip }, async () => {
  const specFile = path.join(dir, 'user-rs/x86_64-ostoo-user.json');
  const spec = JSON.parse(readFileSync(specFile, 'utf8'));
  const oldLayout = spec['data-layout'];
  // The user's own edits on top of the derived spec.
  spec['default-uwtable'] = false;
  delete spec['supports-xray'];
  writeFileSync(specFile, JSON.stringify(spec, null, 2) + '\n');

  const res = await ostoo(['toolchain', 'bump', '2026-05-22']);
  assert.equal(res.exitCode, 0, res.all);
  assert.match(res.stdout, /bumped nightly-2026-05-20 -> nightly-2026-05-22/);
  assert.match(
    res.stdout,
    new RegExp(`data-layout ${oldLayout.replace(/[-:]/g, '.')} -> ${NEW_LAYOUT.replace(/[-:]/g, '.')}`),
  );
  assert.match(res.stdout, /your edits reapplied: default-uwtable, supports-xray/);
  assert.match(res.stdout, /rustc: rustc .*\n\s+-> rustc /);
  assert.match(res.stdout, /changed: .*user-rs\/rust-toolchain\.toml/);

  const bumped = JSON.parse(readFileSync(specFile, 'utf8'));
  assert.equal(bumped['data-layout'], NEW_LAYOUT);
  assert.equal(bumped['default-uwtable'], false);
  assert.equal('supports-xray' in bumped, false);
  assert.match(
    readFileSync(path.join(dir, 'user-rs/rust-toolchain.toml'), 'utf8'),
    /^channel = "nightly-2026-05-22"$/m,
  );
  const lock = readFileSync(path.join(dir, 'user-rs/toolchains.lock'), 'utf8');
  assert.match(lock, /^\[toolchains\.nightly-2026-05-22\]$/m);
  assert.doesNotMatch(lock, /nightly-2026-05-20\]/, 'the old entry is dropped without --keep');
  const rc = JSON.parse(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))['generator-ostoo'];
  assert.deepEqual(rc.specOverlays['user-rs/x86_64-ostoo-user.json'], {
    'default-uwtable': false,
    'supports-xray': null,
  });
  assert.equal(rc.toolchain.id, 'nightly-2026-05-22');
});

test(
  'an update after a bump keeps the bump: the lock, the pin, the re-derived spec and the record',
  { skip },
  async () => {
    const copy = path.join(tempDir('bump-update'), 'kernel');
    cpSync(dir, copy, { recursive: true, filter: (src) => !src.includes(`${path.sep}target`) });
    const rel = ['user-rs/toolchains.lock', 'user-rs/rust-toolchain.toml', 'user-rs/x86_64-ostoo-user.json'];
    const bumped = rel.map((f) => readFileSync(path.join(copy, f)));
    const rcBefore = JSON.parse(readFileSync(path.join(copy, '.yo-rc.json'), 'utf8'))['generator-ostoo'];
    assert.equal(rcBefore.toolchain.id, 'nightly-2026-05-22', 'the bump before ran');
    const res = await ostoo(['update', '--yes'], copy);
    assert.equal(res.exitCode, 0, res.all);
    assert.doesNotMatch(
      res.all,
      /toolchains\.lock|rust-toolchain\.toml|CONFLICT/,
      'the lock and the pin are not in the plan',
    );
    rel.forEach((f, i) => assert.deepEqual(readFileSync(path.join(copy, f)), bumped[i], `${f} as the bump left it`));
    assert.match(
      readFileSync(path.join(copy, 'user-rs/rust-toolchain.toml'), 'utf8'),
      /^channel = "nightly-2026-05-22"$/m,
    );
    const rc = JSON.parse(readFileSync(path.join(copy, '.yo-rc.json'), 'utf8'))['generator-ostoo'];
    assert.deepEqual(rc.toolchain, rcBefore.toolchain);
    assert.deepEqual(rc.derivedSpecs, rcBefore.derivedSpecs);
    assert.deepEqual(rc.specOverlays, rcBefore.specOverlays);
  },
);

test(
  'bump latest (with --keep), then the workspace still builds and its programs run',
  { skip, timeout: 15 * 60_000 },
  async () => {
    const res = await ostoo(['toolchain', 'bump', 'latest', '--keep']);
    assert.equal(res.exitCode, 0, res.all);
    assert.match(res.stdout, /bumped nightly-2026-05-22 -> nightly-2026-05-21/);
    const lock = readFileSync(path.join(dir, 'user-rs/toolchains.lock'), 'utf8');
    assert.match(lock, /^\[toolchains\.nightly-2026-05-21\]$/m);
    assert.match(lock, /^\[toolchains\.nightly-2026-05-22\]$/m);
    const spec = JSON.parse(readFileSync(path.join(dir, 'user-rs/x86_64-ostoo-user.json'), 'utf8'));
    assert.notEqual(spec['data-layout'], NEW_LAYOUT, 'the real layout is back');
    assert.equal(spec['default-uwtable'], false, 'user edits survive a second bump');

    // With ostoo on PATH and the suite's shared std cache, std is not compiled again.
    const build = await execa('bash', [path.join(dir, 'scripts/user-rs-build.sh')], {
      env: { ...env, PATH: `${ostooBinDir()}:${env.PATH}`, OSTOO_CACHE_DIR: sharedStdCache() },
      reject: false,
      all: true,
    });
    assert.equal(build.exitCode, 0, build.all);
    assert.equal((await execa(path.join(dir, 'user/hello-rs'))).stdout, 'Hello from Rust on ostoo!\nHeap works: 42');
    assert.equal(
      (await execa(path.join(dir, 'user/hello-std'))).stdout,
      'Hello from Rust std on ostoo!\nHashMap works: {"key": 42}',
    );
  },
);

test('yo ostoo:toolchain --bump runs the same core (re-pinning to the current date is refused)', { skip }, async () => {
  const { default: helpers } = await import('yeoman-test');
  const { generatorPath } = await import('../helpers/paths.js');
  const before = snapshotBump(dir);
  await assert.rejects(
    helpers
      .run(generatorPath('toolchain'))
      .cd(path.join(dir, 'user-rs'))
      .withOptions({ bump: '2026-05-21' } as unknown as Record<string, never>),
    /already pinned to nightly-2026-05-21/,
  );
  assert.deepEqual(snapshotBump(dir), before);
});

test(
  'a CAmkES project: bump re-derives all five seL4 specs and re-pins make, then x86_64 still builds',
  { skip, timeout: 15 * 60_000 },
  async () => {
    const { createHarness } = await import('../helpers/camkes-harness.js');
    const project = path.join(tempDir('bump-camkes'), 'proj');
    const lockfile = path.join(home, 'toolchains.lock');
    const gen = await execa(
      process.execPath,
      [
        ostooBin,
        'new',
        project,
        '--flavor',
        'camkes',
        '--yes',
        '--toolchain',
        'nightly-2026-05-20',
        '--lockfile',
        lockfile,
      ],
      { env, reject: false, all: true },
    );
    assert.equal(gen.exitCode, 0, gen.all);
    assert.match(readFileSync(path.join(project, 'toolchains.lock'), 'utf8'), /^\[toolchains\.nightly-2026-05-20\]$/m);
    const targets = ['x86_64-sel4', 'i686-sel4', 'armv7-sel4', 'aarch64-sel4', 'riscv64imac-sel4'];
    const layouts = Object.fromEntries(
      targets.map((t) => [
        t,
        JSON.parse(readFileSync(path.join(project, `tools/rust/targets/${t}.json`), 'utf8'))['data-layout'],
      ]),
    );

    const failed = await ostoo(['toolchain', 'bump', '2026-05-24'], project);
    assert.match(failed.all, /nearest earlier nightly with all of them is nightly-2026-05-22/);

    const res = await ostoo(['toolchain', 'bump', '2026-05-22'], path.join(project, 'apps'));
    assert.equal(res.exitCode, 0, res.all);
    for (const t of targets) {
      assert.match(
        res.stdout,
        new RegExp(`tools/rust/targets/${t}\\.json: data-layout \\S+ -> ${NEW_LAYOUT.replace(/[-:]/g, '.')}`),
      );
      assert.equal(
        JSON.parse(readFileSync(path.join(project, `tools/rust/targets/${t}.json`), 'utf8'))['data-layout'],
        NEW_LAYOUT,
      );
    }
    const mk = readFileSync(path.join(project, 'tools/rust/toolchain.mk'), 'utf8');
    assert.match(mk, /^RUST_TOOLCHAIN \?= nightly-2026-05-22$/m);
    assert.match(mk, /^RUST_CARGO \?= cargo \+\$\(RUST_TOOLCHAIN\)$/m);
    assert.match(readFileSync(path.join(project, 'rust-toolchain.toml'), 'utf8'), /^channel = "nightly-2026-05-22"$/m);

    const back = await ostoo(['toolchain', 'bump', '2026-05-21'], project);
    assert.equal(back.exitCode, 0, back.all);
    for (const t of targets) {
      assert.equal(
        JSON.parse(readFileSync(path.join(project, `tools/rust/targets/${t}.json`), 'utf8'))['data-layout'],
        layouts[t],
        `${t}: the real layout is back`,
      );
    }
    // The bumped project builds its x86_64 library and component through rustup's cargo proxy.
    const harness = createHarness(project, path.dirname(project));
    const out = path.join(path.dirname(project), 'out');
    const build = await execa('make', harness.makeArgs(out, 'hellorust_x86_64_defconfig'), {
      env,
      all: true,
      reject: false,
    });
    assert.equal(build.exitCode, 0, build.all);
    assert.ok(existsSync(path.join(out, 'stage/lib/libhello.a')));
    assert.ok(existsSync(path.join(out, 'build/hellorust/rust-libs/librust_client.a')));
  },
);

test(
  'an aarch64 workspace: bump re-derives its spec from aarch64-unknown-linux-musl, not x86_64',
  { skip },
  async () => {
    const lockfile = path.join(home, 'toolchains.lock');
    const a64 = path.join(tempDir('bump-aarch64'), 'kernel');
    const gen = await execa(
      process.execPath,
      [
        ostooBin,
        'new',
        a64,
        '--yes',
        '--arch',
        'aarch64',
        '--skip-sysroot',
        '--toolchain',
        'nightly-2026-05-20',
        '--lockfile',
        lockfile,
      ],
      { env, reject: false, all: true },
    );
    assert.equal(gen.exitCode, 0, gen.all);
    const specFile = path.join(a64, 'user-rs/aarch64-ostoo-user.json');
    const before = JSON.parse(readFileSync(specFile, 'utf8'));
    const res = await ostoo(['toolchain', 'bump', '2026-05-21'], path.join(a64, 'user-rs'));
    assert.equal(res.exitCode, 0, res.all);
    const after = JSON.parse(readFileSync(specFile, 'utf8'));
    assert.equal(after.arch, 'aarch64');
    assert.equal(after['llvm-target'], 'aarch64-unknown-linux-musl');
    assert.equal(after['data-layout'], before['data-layout']);
    assert.equal(after.linker, before.linker, 'still the cross linker');
    assert.equal(existsSync(path.join(a64, 'user-rs/x86_64-ostoo-user.json')), false);
  },
);

test(
  'a CMake CAmkES app (camkes-cmake): bump re-derives the specs in ostoo-rust/ and re-pins toolchain.cmake; its library still builds',
  { skip, timeout: 15 * 60_000 },
  async () => {
    const parent = tempDir('bump-cmake');
    const app = path.join(parent, 'cmakeapp');
    const lockfile = path.join(home, 'toolchains.lock');
    const gen = await execa(
      process.execPath,
      [
        ostooBin,
        'new',
        app,
        '--flavor',
        'camkes-cmake',
        '--yes',
        '--toolchain',
        'nightly-2026-05-20',
        '--lockfile',
        lockfile,
      ],
      { env, reject: false, all: true },
    );
    assert.equal(gen.exitCode, 0, gen.all);
    assert.match(
      readFileSync(path.join(app, 'ostoo-rust/toolchains.lock'), 'utf8'),
      /^\[toolchains\.nightly-2026-05-20\]$/m,
    );
    assert.match(
      readFileSync(path.join(app, 'ostoo-rust/toolchain.cmake'), 'utf8'),
      /set\(OSTOO_RUST_TOOLCHAIN "nightly-2026-05-20"\)/,
    );
    const targets = ['x86_64-sel4', 'i686-sel4', 'armv7-sel4', 'aarch64-sel4', 'riscv64imac-sel4'];
    const spec = (t: string) => JSON.parse(readFileSync(path.join(app, `ostoo-rust/targets/${t}.json`), 'utf8'));
    const layouts = Object.fromEntries(targets.map((t) => [t, spec(t)['data-layout']]));

    const res = await ostoo(['toolchain', 'bump', '2026-05-22'], path.join(app, 'components'));
    assert.equal(res.exitCode, 0, res.all);
    for (const t of targets) {
      assert.match(
        res.stdout,
        new RegExp(`ostoo-rust/targets/${t}\\.json: data-layout \\S+ -> ${NEW_LAYOUT.replace(/[-:]/g, '.')}`),
      );
      assert.equal(spec(t)['data-layout'], NEW_LAYOUT);
    }
    assert.match(
      readFileSync(path.join(app, 'ostoo-rust/toolchain.cmake'), 'utf8'),
      /set\(OSTOO_RUST_TOOLCHAIN "nightly-2026-05-22"\)/,
    );
    assert.match(
      readFileSync(path.join(app, 'ostoo-rust/toolchains.lock'), 'utf8'),
      /^\[toolchains\.nightly-2026-05-22\]$/m,
    );
    assert.equal(
      JSON.parse(readFileSync(path.join(app, '.yo-rc.json'), 'utf8'))['generator-ostoo'].toolchain.id,
      'nightly-2026-05-22',
    );
    // An update after the bump keeps it: the pin, the lock and the re-derived specs stay.
    const pinned = ['ostoo-rust/toolchain.cmake', 'ostoo-rust/cargo-config.toml', 'ostoo-rust/toolchains.lock'].map(
      (f) => readFileSync(path.join(app, f)),
    );
    const upd = await ostoo(['update', '--yes'], app);
    assert.equal(upd.exitCode, 0, upd.all);
    assert.doesNotMatch(upd.all, /toolchain|targets\/|CONFLICT/, 'the pin, the lock and the specs are not in the plan');
    assert.deepEqual(
      ['ostoo-rust/toolchain.cmake', 'ostoo-rust/cargo-config.toml', 'ostoo-rust/toolchains.lock'].map((f) =>
        readFileSync(path.join(app, f)),
      ),
      pinned,
    );
    for (const t of targets) assert.equal(spec(t)['data-layout'], NEW_LAYOUT);

    const back = await ostoo(['toolchain', 'bump', '2026-05-21'], app);
    assert.equal(back.exitCode, 0, back.all);
    for (const t of targets) assert.equal(spec(t)['data-layout'], layouts[t], `${t}: the real layout is back`);

    // The re-pinned rust.cmake builds the library through rustup's cargo proxy (RUSTUP_TOOLCHAIN).
    const host = path.join(parent, 'host');
    mkdirSync(host);
    writeFileSync(
      path.join(host, 'CMakeLists.txt'),
      `cmake_minimum_required(VERSION 3.16.0)\nproject(host C)\nset(KernelSel4Arch x86_64)\ninclude("${app}/ostoo-rust/rust.cmake")\n` +
        `RustAddLibrary(hello SOURCE_DIR "${app}/libs/hello" LIB_FILENAME libhello.a)\nadd_custom_target(all_rust ALL DEPENDS hello_cargo)\n`,
    );
    const configure = await execa('cmake', ['-G', 'Ninja', '-S', host, '-B', path.join(host, 'build')], {
      env,
      reject: false,
      all: true,
    });
    assert.equal(configure.exitCode, 0, configure.all);
    const build = await execa('nice', ['ninja', '-C', path.join(host, 'build')], { env, reject: false, all: true });
    assert.equal(build.exitCode, 0, build.all);
    assert.ok(existsSync(path.join(host, 'build/ostoo-rust/target/x86_64-sel4/release/libhello.a')));
  },
);

test(
  'a Microkit system: bump re-derives rust/aarch64-sel4-microkit.json and re-pins toolchain.mk; its PDs still build',
  { skip: skip || noKit, timeout: 15 * 60_000 },
  async () => {
    const parent = tempDir('bump-microkit');
    const sys = path.join(parent, 'sys');
    const lockfile = path.join(home, 'toolchains.lock');
    const gen = await execa(
      process.execPath,
      [
        ostooBin,
        'new',
        sys,
        '--flavor',
        'microkit',
        '--yes',
        '--microkit-sdk',
        kit!.sdk,
        '--toolchain',
        'nightly-2026-05-20',
        '--lockfile',
        lockfile,
      ],
      { env, reject: false, all: true },
    );
    assert.equal(gen.exitCode, 0, gen.all);
    const mk = () => readFileSync(path.join(sys, 'rust/toolchain.mk'), 'utf8');
    assert.match(mk(), /^MICROKIT_RUST_TOOLCHAIN \?= nightly-2026-05-20$/m);
    assert.match(readFileSync(path.join(sys, 'rust/toolchains.lock'), 'utf8'), /^\[toolchains\.nightly-2026-05-20\]$/m);
    const spec = () => JSON.parse(readFileSync(path.join(sys, 'rust/aarch64-sel4-microkit.json'), 'utf8'));
    const layout = spec()['data-layout'];

    const res = await ostoo(['toolchain', 'bump', '2026-05-22'], path.join(sys, 'rust', 'client'));
    assert.equal(res.exitCode, 0, res.all);
    assert.match(res.stdout, /rust\/aarch64-sel4-microkit\.json: data-layout \S+ -> /);
    assert.equal(spec()['data-layout'], NEW_LAYOUT);
    assert.match(mk(), /^MICROKIT_RUST_TOOLCHAIN \?= nightly-2026-05-22$/m);
    assert.match(mk(), /^MICROKIT_RUST_ENV \?= RUSTUP_TOOLCHAIN=\$\(MICROKIT_RUST_TOOLCHAIN\)/m);
    assert.match(readFileSync(path.join(sys, 'rust/rust-toolchain.toml'), 'utf8'), /^channel = "nightly-2026-05-22"$/m);
    assert.match(readFileSync(path.join(sys, 'rust/toolchains.lock'), 'utf8'), /^\[toolchains\.nightly-2026-05-22\]$/m);

    const back = await ostoo(['toolchain', 'bump', '2026-05-21'], sys);
    assert.equal(back.exitCode, 0, back.all);
    assert.equal(spec()['data-layout'], layout, 'the real layout is back');
    // The re-pinned microkit.mk builds and links the PDs through rustup's cargo proxy.
    const build = await execa(
      'nice',
      ['make', '-C', sys, '-f', 'rust/microkit.mk', 'BUILD_DIR=build', 'microkit-rust-pds'],
      {
        env,
        reject: false,
        all: true,
      },
    );
    assert.equal(build.exitCode, 0, build.all);
    assert.ok(existsSync(path.join(sys, 'build/client.elf')) && existsSync(path.join(sys, 'build/server.elf')));
  },
);
