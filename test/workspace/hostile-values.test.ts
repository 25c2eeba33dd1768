// Hostile values in a user-rs workspace: values that reach generated shell scripts and TOML
// files are data, never code. Each option is given shell metacharacters; the generated scripts
// are then run for real (cargo and docker are stubs on PATH that record what they were given)
// and the test asserts that nothing was executed and that each value arrived byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse as parseToml } from 'smol-toml';
import { ostooBin, tempDir } from '../helpers/paths.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';

const run = promisify(execFile);
const { toolchain, skip } = toolchainOrSkip();

// Each would run `touch pwned-N` (in the working directory) if it reached a shell unquoted.
const hostile = [
  'a$(touch pwned-1)b',
  'a`touch pwned-2`b',
  'a;touch pwned-3;b',
  `it's "quoted" & so 'on'`,
  'a#b c&&touch pwned-5',
  'dollar $HOME ${PATH} $$ \\ end',
  '&amp; <tag> %s {x}',
];

const stubCargo = `#!/bin/sh
# Records how it was called, then lays out what a release build would produce.
printf '%s\\0' "$0" "$RUSTC" "$PWD" >> "$OSTOO_TEST_LOG/cargo"
# The target directory is beside the --manifest-path given, as cargo's is.
dir=.
while [ $# -gt 0 ]; do
  if [ "$1" = --manifest-path ]; then dir=$(dirname "$2"); fi
  shift
done
mkdir -p "$dir/target/x86_64-ostoo-user/release"
for p in hello-rs hello-std; do printf 'built\\n' > "$dir/target/x86_64-ostoo-user/release/$p"; done
`;

// `docker create IMAGE` prints an id; `docker cp ID:SRC DST` copies SRC from this machine.
const stubDocker = `#!/bin/sh
printf '%s\\0' "$@" >> "$OSTOO_TEST_LOG/docker"
printf '\\n' >> "$OSTOO_TEST_LOG/docker"
case "$1" in
  create) echo stub-container ;;
  cp) cp -R "\${2#stub-container:}" "$3" ;;
  rm) ;;
esac
`;

function pwned(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (/^pwned(-\d)?$/.test(e.name)) found.push(path.join(d, e.name));
      if (e.isDirectory()) walk(path.join(d, e.name));
    }
  };
  walk(dir);
  return found;
}

function records(file: string): string[][] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l)
    .map((l) => l.split('\0').slice(0, -1));
}

/** A toolchain directory named `name` whose rustc is the real one and whose cargo is the stub. */
function makeToolchain(parent: string, name: string, rustc: string): string {
  const dir = path.join(parent, name);
  mkdirSync(path.join(dir, 'bin'), { recursive: true });
  symlinkSync(rustc, path.join(dir, 'bin', 'rustc'));
  writeFileSync(path.join(dir, 'bin', 'cargo'), stubCargo, { mode: 0o755 });
  return dir;
}

/** A musl directory named `name`: lib/ with links to the system's libc.a and CRT objects, include/. */
function makeMusl(parent: string, name: string): string {
  const dir = path.join(parent, name);
  mkdirSync(path.join(dir, 'lib'), { recursive: true });
  mkdirSync(path.join(dir, 'include'), { recursive: true });
  for (const f of ['libc.a', 'crt1.o', 'crti.o', 'crtn.o'])
    symlinkSync(path.join('/usr/lib/x86_64-linux-musl', f), path.join(dir, 'lib', f));
  writeFileSync(path.join(dir, 'include', 'marker.h'), '/* marker */\n');
  return path.join(dir, 'lib');
}

// Alternating musl sources keeps the test short: both paths through the sysroot script are covered.
hostile.forEach((value, i) => {
  {
    const musl = i % 2 === 0 ? 'system' : 'docker';
    test(
      `user-rs options carry ${JSON.stringify(value)} intact (musl ${musl})`,
      {
        skip:
          skip ||
          (!existsSync('/usr/lib/x86_64-linux-musl/libc.a') &&
            process.env.OSTOO_REQUIRE_TOOLCHAIN !== '1' &&
            'no musl-dev'),
      },
      async () => {
        const top = tempDir('inject');
        const log = path.join(top, 'log');
        const stubs = path.join(top, 'stubs');
        mkdirSync(log);
        mkdirSync(stubs);
        writeFileSync(path.join(stubs, 'docker'), stubDocker, { mode: 0o755 });
        const tc = makeToolchain(top, `tc ${value}`, toolchain!.rustc);
        const muslLib = makeMusl(top, `musl ${value}`);
        const ws = path.join(top, 'ws');
        // A backslash is refused in --deploy-dir (see below), and carried in every other path.
        const deployDir = `out/${value.replace(/\\/g, '')}`;
        const args = [
          ostooBin,
          'new',
          ws,
          '--yes',
          '--skip-sysroot',
          '--toolchain-path',
          tc,
          '--deploy-dir',
          deployDir,
          '--musl',
          musl,
          '--musl-path',
          muslLib,
        ];
        if (musl === 'docker') args.push('--docker-image', `img ${value}`);
        await run(process.execPath, args, { cwd: top });

        const pinned = parseToml(readFileSync(path.join(ws, 'user-rs/rust-toolchain.toml'), 'utf8')) as {
          toolchain: { path: string };
        };
        assert.equal(pinned.toolchain.path, tc, 'rust-toolchain.toml holds the path as given');

        const env = { PATH: `${stubs}:/usr/bin:/bin`, HOME: top, OSTOO_TEST_LOG: log };
        const res = await run('bash', [path.join(ws, 'scripts/user-rs-build.sh')], { cwd: top, env });
        assert.deepEqual(pwned(top), [], 'no command in a value ran');

        const [cargoCall] = records(path.join(log, 'cargo'));
        assert.deepEqual(
          cargoCall,
          [path.join(tc, 'bin/cargo'), path.join(tc, 'bin/rustc'), ws],
          'the pinned cargo and rustc',
        );
        for (const p of ['hello-rs', 'hello-std']) {
          assert.equal(readFileSync(path.join(ws, deployDir, p), 'utf8'), 'built\n', `${p} deployed into ${deployDir}`);
        }
        assert.match(res.stdout, /hello-rs\s+6 bytes/);
        const sysroot = path.join(ws, 'sysroot/x86_64-ostoo-user');
        assert.ok(
          existsSync(path.join(sysroot, 'lib/libc.a')) && existsSync(path.join(sysroot, 'lib/libunwind.a')),
          'sysroot from the given musl',
        );
        assert.ok(existsSync(path.join(sysroot, 'include/marker.h')), 'headers from the given include dir');
        const docker = records(path.join(log, 'docker'));
        if (musl === 'docker') {
          assert.deepEqual(docker[0], ['create', `img ${value}`], 'the image name as given');
          assert.deepEqual(docker[1], [
            'cp',
            `stub-container:${muslLib}/libc.a`,
            path.join(path.dirname(docker[1]![2]!), 'libc.a'),
          ]);
        } else assert.deepEqual(docker, [], 'docker is not used');
      },
    );
  }
});

const unsafeValues: [string, string][] = [
  ['--deploy-dir', 'out\nrm -rf ~'],
  ['--deploy-dir', 'out\r'],
  ['--deploy-dir', 'out\\win'],
  ['--docker-image', 'img\ntouch pwned'],
  ['--musl-path', '/tmp/musl\n/lib'],
  ['--toolchain-path', '/usr\n'],
];

for (const [option, value] of unsafeValues) {
  test(`${option} ${JSON.stringify(value)} is refused with nothing written`, { skip }, async () => {
    const top = tempDir('inject-refused');
    const ws = path.join(top, 'ws');
    const args = [ostooBin, 'new', ws, '--yes', '--skip-sysroot', option, value];
    if (option !== '--toolchain-path') args.push('--toolchain-path', toolchain!.root);
    if (option === '--docker-image') args.push('--musl', 'docker');
    await assert.rejects(run(process.execPath, args, { cwd: top }), (err: { stderr: string }) => {
      assert.match(err.stderr, /cannot be written safely|newline|control character|backslash/i);
      assert.ok(err.stderr.trim().split('\n').length <= 2, `a short error, got:\n${err.stderr}`);
      return true;
    });
    // Not even an empty DIR is left.
    assert.equal(existsSync(ws), false, 'nothing written, DIR not created');
    assert.deepEqual(pwned(top), []);
  });
}

for (const os of ['a$(touch pwned)', 'a;b', "o's", 'a b', 'a\nb', 'a&b', 'a#b', 'a`id`']) {
  test(`--os ${JSON.stringify(os)} is refused with nothing written`, async () => {
    const top = tempDir('inject-os');
    const ws = path.join(top, 'ws');
    await assert.rejects(
      run(process.execPath, [ostooBin, 'new', ws, '--yes', '--skip-sysroot', '--os', os], { cwd: top }),
      (err: { stderr: string }) => {
        assert.match(err.stderr, /OS name/);
        return true;
      },
    );
    assert.equal(existsSync(ws), false, 'nothing written, DIR not created');
    assert.deepEqual(pwned(top), []);
  });
}

test('a path with quotes and & reaches .cargo/config.toml and the bump block unescaped', { skip }, async () => {
  const { rewriteToolchainBlock, repointVendor } = await import('../../src/project/repin.js');
  const root = `/opt/it's "a" & $(x) \\ dir`;
  const block = rewriteToolchainBlock('pre\n# >>> toolchain\nold\n# <<< toolchain\npost\n', {
    kind: 'path',
    id: root,
    root,
    versionLine: 'rustc 1.0',
    needsBootstrap: false,
  } as never);
  const out = await run('bash', ['-c', `${block}\nprintf '%s' "$RUSTC"`], { env: { PATH: '/usr/bin:/bin' } });
  assert.equal(out.stdout, `${root}/bin/rustc`);
  const config = `[x]\n\n# This toolchain's rust-src vendors std\n[source.rust-src-vendor]\ndirectory = "/old"\n`;
  const once = repointVendor(config, root);
  const twice = repointVendor(once, `${root}/2`);
  assert.equal(
    (parseToml(once) as { source: { 'rust-src-vendor': { directory: string } } }).source['rust-src-vendor'].directory,
    root,
  );
  assert.equal(
    (parseToml(twice) as { source: { 'rust-src-vendor': { directory: string } } }).source['rust-src-vendor'].directory,
    `${root}/2`,
  );
});
