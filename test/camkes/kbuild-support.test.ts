// ostoo's Rust support in a Kbuild checkout that lacks it: `ostoo camkes-component` adds it
// (tools/rust, tools/xargo, libs/libcompiler-rt, the Kconfig source lines, the record) along
// with the component and the app's rust_sysroot/libcompiler-rt prerequisites, once; and
// `ostoo doctor` finds what a tree written to the seL4 document lacks and --fix adds it.
// (The real 2018 tree builds and boots these in test/boot/kbuild.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { ostooBin, repoRoot, tempDir } from '../helpers/paths.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';
import { snapshotTree } from '../helpers/tree.js';
import { kbuildCheckout } from '../helpers/kbuild-checkout.js';
import { addKbuildPrerequisites, readKbuild } from '../../src/camkes/edit/kbuild.js';
import { planKbuildSupport } from '../../src/camkes/kbuild-support.js';
import { deriveSel4Specs } from '../../src/target-spec/sel4-spec.js';
import { resolveToolchain } from '../../src/toolchain/resolve.js';

const { toolchain, skip } = toolchainOrSkip();
const fixtures = path.join(repoRoot, 'test', 'fixtures');

/** A Kbuild-era checkout's shape: its Kconfig, camkes.mk, seL4_tools' rust_sysroot rule, one app. */
function fakeCheckout(): string {
  return kbuildCheckout(path.join(tempDir('kbuild-support'), 'checkout'));
}

const ostoo = (args: string[], cwd: string) =>
  execa(process.execPath, [ostooBin, ...args], { cwd, all: true, reject: false });

test('camkes-component in a checkout without the Rust support adds it, once', { skip }, async () => {
  const root = fakeCheckout();
  const kbuildBefore = readFileSync(path.join(root, 'apps/pingpong/Kbuild'), 'utf8');
  const tc = ['--toolchain-path', toolchain!.root, '--bindgen', 'none'];
  const first = await ostoo(['camkes-component', 'counter', '--app', 'apps/pingpong', ...tc], root);
  assert.equal(first.exitCode, 0, first.all);
  assert.match(first.all!, /added ostoo's Rust support to \S+: tools\/rust\/, tools\/xargo\/, libs\/libcompiler-rt\//);
  for (const f of [
    'tools/rust/rust.mk',
    'tools/rust/xargo.mk',
    'tools/rust/toolchain.sh',
    'tools/rust/targets/i686-sel4.json',
    'tools/xargo/Cargo.toml',
    'tools/xargo/src/main.rs',
    'libs/libcompiler-rt/Makefile',
  ])
    assert.ok(statSync(path.join(root, f)).isFile(), f);
  assert.equal(statSync(path.join(root, 'tools/rust/xargo')).mode & 0o111, 0o111, 'xargo is executable');
  const kconfig = readFileSync(path.join(root, 'Kconfig'), 'utf8');
  assert.match(kconfig, /source "libs\/libmuslc\/Kconfig"\n {4}source "libs\/libcompiler-rt\/Kconfig"\n/);
  assert.match(kconfig, /source "tools\/rust\/Kconfig"\nsource "tools\/camkes\/Kconfig"/);
  const record = JSON.parse(readFileSync(path.join(root, '.yo-rc.json'), 'utf8'))['generator-ostoo'];
  assert.equal(record.flavor, 'camkes');
  assert.equal(record.toolchain.root, toolchain!.root);
  // The app: its <component>_RUST line, and the document's prerequisites, on a line of their own.
  assert.match(readFileSync(path.join(root, 'apps/pingpong/Makefile'), 'utf8'), /^counter_RUST := counter$/m);
  const kbuild = readFileSync(path.join(root, 'apps/pingpong/Kbuild'), 'utf8');
  assert.ok(kbuild.startsWith(kbuildBefore.replace(/\n$/, '')), 'the Kbuild only gains lines at its end');
  assert.match(kbuild, /\npingpong: rust_sysroot libcompiler-rt\n$/);

  // A second component: the support is there, the prerequisites too.
  const support = snapshotTree(path.join(root, 'tools'));
  const second = await ostoo(['camkes-component', 'gauge', '--app', 'apps/pingpong', ...tc], root);
  assert.equal(second.exitCode, 0, second.all);
  assert.doesNotMatch(second.all!, /added ostoo's Rust support/);
  assert.deepEqual(snapshotTree(path.join(root, 'tools')), support);
  assert.equal(readFileSync(path.join(root, 'apps/pingpong/Kbuild'), 'utf8'), kbuild);
  assert.match(readFileSync(path.join(root, 'apps/pingpong/Makefile'), 'utf8'), /^gauge_RUST := gauge$/m);
});

test(
  'doctor: a library written to the seL4 document gets the support; --fix adds it, then all is ok',
  { skip },
  async () => {
    const root = fakeCheckout();
    cpSync(path.join(fixtures, 'kbuild-document', 'libbtreemap'), path.join(root, 'libs', 'libbtreemap'), {
      recursive: true,
    });
    const makefile = readFileSync(path.join(root, 'libs/libbtreemap/Makefile'), 'utf8');
    const tc = ['--toolchain-path', toolchain!.root];
    const before = snapshotTree(root);
    const check = await ostoo(['doctor', ...tc], root);
    assert.equal(check.exitCode, 1, check.all);
    assert.match(check.all!, /^seL4 Kbuild checkout /m);
    assert.match(check.all!, /^MISSING Rust support: no tools\/rust\//m);
    assert.deepEqual(snapshotTree(root), before, 'doctor without --fix changes nothing');

    const fix = await ostoo(['doctor', '--fix', ...tc], root);
    assert.equal(fix.exitCode, 0, fix.all);
    assert.match(fix.all!, /^fixed: added tools\/rust\/xargo$/m);
    assert.equal(
      readFileSync(path.join(root, 'libs/libbtreemap/Makefile'), 'utf8'),
      makefile,
      'its Makefile unchanged',
    );
    const again = await ostoo(['doctor', ...tc], root);
    assert.equal(again.exitCode, 0, again.all);
    assert.doesNotMatch(again.all!, /MISSING/);
    assert.match(again.all!, /^ok {6}tools\/xargo: /m);
  },
);

test(
  "ostoo's support is the same whichever way it comes (new --into-existing, doctor --fix, camkes-component): a hand-written library is left as the page wrote it, and doctor finds nothing missing",
  { skip },
  async () => {
    // test/boot/kbuild.test.ts builds and boots a tree whose support came from doctor --fix; the
    // other two ways must add exactly those files for that proof to cover them.
    const tc = ['--toolchain-path', toolchain!.root, '--bindgen', 'none'];
    const ways: [string, string[]][] = [
      [
        'new --into-existing',
        ['new', '.', '--flavor', 'camkes', '--yes', '--into-existing', '--cbindgen', 'none', ...tc],
      ],
      ['doctor --fix', ['doctor', '--fix', '--toolchain-path', toolchain!.root]],
      ['camkes-component', ['camkes-component', 'counter', '--app', 'apps/pingpong', ...tc]],
    ];
    const support: Record<string, Record<string, string>> = {};
    for (const [way, args] of ways) {
      const root = fakeCheckout();
      const lib = path.join(root, 'libs', 'libbtreemap');
      cpSync(path.join(fixtures, 'kbuild-document', 'libbtreemap'), lib, { recursive: true });
      const page = snapshotTree(lib);
      const lacking = await ostoo(['doctor', '--toolchain-path', toolchain!.root], root);
      assert.equal(lacking.exitCode, 1, `${way}: before, ${lacking.all}`);
      const added = await ostoo(args, root);
      assert.equal(added.exitCode, 0, `${way}: ${added.all}`);
      assert.deepEqual(snapshotTree(lib), page, `${way}: the library is as the page wrote it`);
      const check = await ostoo(['doctor', '--toolchain-path', toolchain!.root], root);
      assert.equal(check.exitCode, 0, `${way}: after, ${check.all}`);
      assert.doesNotMatch(check.all!, /MISSING/, way);
      assert.match(readFileSync(path.join(root, 'Kconfig'), 'utf8'), /source "libs\/libcompiler-rt\/Kconfig"/, way);
      assert.equal(statSync(path.join(root, 'tools/rust/xargo')).mode & 0o111, 0o111, `${way}: xargo is executable`);
      support[way] = {
        ...snapshotTree(path.join(root, 'tools')),
        ...Object.fromEntries(
          Object.entries(snapshotTree(path.join(root, 'libs', 'libcompiler-rt'))).map(([f, t]) => [`crt/${f}`, t]),
        ),
      };
    }
    assert.ok(support['doctor --fix']!['xargo/src/main.rs'], 'tools/xargo is part of it');
    assert.deepEqual(support['new --into-existing'], support['doctor --fix']);
    assert.deepEqual(support['camkes-component'], support['doctor --fix']);
  },
);

test('the Kbuild editor adds only missing prerequisites, on one line after the last', () => {
  const text = 'apps-$(CONFIG_APP_A) += a\na: libsel4 \\\n    rust_sysroot\n# end\n';
  assert.equal(
    addKbuildPrerequisites(text, ['rust_sysroot', 'libcompiler-rt']),
    'apps-$(CONFIG_APP_A) += a\na: libsel4 \\\n    rust_sysroot\n' +
      '# Rust (the seL4 document): rust_sysroot for every module that uses Rust, libcompiler-rt for every app.\n' +
      'a: libcompiler-rt\n# end\n',
  );
  assert.equal(addKbuildPrerequisites(text, ['rust_sysroot']), text);
  assert.match(
    addKbuildPrerequisites('libs-$(CONFIG_LIB_X) += libx\nlibx: common\n', ['rust_sysroot'], 'libs'),
    /\nlibx: rust_sysroot\n$/,
  );
});

test("the Kbuild reader sees prerequisites in the app's own lists (sel4test-era `<app>: kernel_elf $(<app>-y)`)", () => {
  const text =
    'apps-$(CONFIG_APP_P) += p\np-y = common libsel4 $(libc) \\\n    rust_sysroot\np-y += ${more}\nmore := libcompiler-rt\np: kernel_elf $(p-y)\n';
  assert.deepEqual(
    [...readKbuild(text).prerequisites],
    ['kernel_elf', 'common', 'libsel4', '$(libc)', 'rust_sysroot', 'libcompiler-rt'],
  );
  assert.equal(addKbuildPrerequisites(text, ['rust_sysroot', 'libcompiler-rt']), text, 'nothing to add');
  // A list the app does not use, or one without them, does not count.
  const other = 'apps-$(CONFIG_APP_P) += p\nq-y = rust_sysroot libcompiler-rt\np-y = common\np: $(p-y) $(q-y\n';
  assert.deepEqual([...readKbuild(other).prerequisites], ['common', '$(q-y']);
  assert.match(addKbuildPrerequisites(other, ['rust_sysroot']), /\np: rust_sysroot\n$/);
});

test('the Kbuild reader reads lists named by a configuration option as on (libsel4utils, capdl-loader-app)', () => {
  // The shapes of seL4_libs' libsel4utils/Kbuild and capdl-loader-app/Kbuild (camkes-3.2.0).
  const lib =
    'libs-$(CONFIG_LIB_SEL4_UTILS) += libx\nrust-$(CONFIG_LIB_X_RUST) := rust_sysroot\nvka-${CONFIG_LIB_SEL4_VKA} := libsel4vka\nlibx: $(rust-y) ${vka-y} common\n';
  assert.deepEqual([...readKbuild(lib, 'libs').prerequisites], ['rust_sysroot', 'libsel4vka', 'common']);
  assert.equal(addKbuildPrerequisites(lib, ['rust_sysroot'], 'libs'), lib, 'nothing to add');
  const app =
    'apps-$(CONFIG_APP_P) += p\np-y = common libsel4\nifdef CONFIG_P_RUST\np-y += rust_sysroot libcompiler-rt\nelse\np-y += libsel4simple-default\nendif\np: $(p-y)\n';
  assert.deepEqual(
    [...readKbuild(app).prerequisites],
    ['common', 'libsel4', 'rust_sysroot', 'libcompiler-rt', 'libsel4simple-default'],
  );
  // An option-named list the module does not use still does not count.
  const unused = 'apps-$(CONFIG_APP_P) += p\nrust-$(CONFIG_R) := rust_sysroot\np: common\n';
  assert.match(addKbuildPrerequisites(unused, ['rust_sysroot']), /\np: rust_sysroot\n$/);
});

test(
  'doctor: the non-CAmkES app written to the seL4 document (RUST_TARGET, its Kbuild list naming rust_sysroot and libcompiler-rt) needs nothing more',
  { skip },
  async () => {
    const root = fakeCheckout();
    const app = path.join(root, 'apps', 'rustprimes');
    cpSync(path.join(fixtures, 'kbuild-document', 'rustprimes'), app, { recursive: true });
    const kbuild = readFileSync(path.join(app, 'Kbuild'), 'utf8');
    const tc = ['--toolchain-path', toolchain!.root];
    const fix = await ostoo(['doctor', '--fix', ...tc], root);
    assert.equal(fix.exitCode, 0, fix.all);
    assert.doesNotMatch(fix.all!, /rustprimes/, 'nothing about the app to fix');
    assert.equal(readFileSync(path.join(app, 'Kbuild'), 'utf8'), kbuild, 'its Kbuild unchanged');
    const again = await ostoo(['doctor', ...tc], root);
    assert.equal(again.exitCode, 0, again.all);
    assert.doesNotMatch(again.all!, /MISSING/);
    // Without them in its list, doctor says so.
    writeFileSync(path.join(app, 'Kbuild'), kbuild.replace(' rust_sysroot libcompiler-rt', ''));
    const lacking = await ostoo(['doctor', ...tc], root);
    assert.equal(lacking.exitCode, 1, lacking.all);
    assert.match(
      lacking.all!,
      /^MISSING apps\/rustprimes Kbuild: rustprimes uses Rust but does not depend on rust_sysroot and libcompiler-rt$/m,
    );
  },
);

test(
  'tools/rust/xargo: the arguments of the seL4 rules, mapped to the pinned cargo; anything else refused in one line',
  { skip },
  async () => {
    const root = path.join(tempDir('xargo'), 'checkout');
    const tc = await resolveToolchain({ path: toolchain!.root });
    const specs = new Map([...(await deriveSel4Specs(tc))].map(([info, spec]) => [info.target, spec] as const));
    for (const [file, contents] of planKbuildSupport(tc, specs)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), contents, { mode: file === 'tools/rust/xargo' ? 0o755 : 0o644 });
    }
    // A cargo that prints what it was given: its arguments, and the environment xargo set.
    const fake = path.join(root, 'fake-cargo');
    writeFileSync(
      fake,
      '#!/bin/sh\nprintf "CC=%s RUSTC_BOOTSTRAP=%s MAKEFLAGS=%s\\n" "${CC-unset}" "${RUSTC_BOOTSTRAP-}" "${MAKEFLAGS-unset}"\nprintf "%s\\n" "$*"\n',
      { mode: 0o755 },
    );
    const crate = path.join(root, 'libs', 'libbtreemap');
    cpSync(path.join(fixtures, 'kbuild-document', 'libbtreemap'), crate, { recursive: true });
    const xargo = path.join(root, 'tools', 'rust', 'xargo');
    const run = (args: string[], env: Record<string, string> = {}, cwd?: string) =>
      execa(xargo, args, {
        reject: false,
        env: { RUST_CARGO: fake, CC: 'gcc -m32', MAKEFLAGS: ' -j2 --jobserver-auth=97,98', ...env },
        extendEnv: true,
        ...(cwd ? { cwd } : {}),
      });
    const kbuildEnv = {
      BUILD_ROOT: path.join(root, 'build'),
      ARCH: 'x86',
      PLAT: 'pc99',
      RUST_TARGET_PATH: '/nowhere/',
    };
    const build = await run(
      ['build', '--lib', '--release', '--manifest-path', path.join(crate, 'Cargo.toml'), '--target=x86-sel4-linux-gnu'],
      kbuildEnv,
    );
    assert.equal(build.exitCode, 0, build.stderr);
    const [envLine, argLine] = build.stdout.split('\n');
    assert.equal(envLine, 'CC=unset RUSTC_BOOTSTRAP=1 MAKEFLAGS=unset', 'no target CC; no closed jobserver');
    assert.equal(
      argLine,
      [
        `build --lib --manifest-path ${crate}/Cargo.toml --target ${root}/tools/rust/targets/i686-sel4.json`,
        `--target-dir ${root}/build/x86/pc99/rust/target -Z build-std=core,alloc,compiler_builtins`,
        `--config ${root}/tools/rust/cargo-config.toml --release --config profile.release.lto=true`,
        ...(tc.vendorDir ? ['--offline'] : []),
        `-Z unstable-options --artifact-dir ${crate}/target/x86-sel4-linux-gnu/release`,
      ].join(' '),
    );
    // Run by make in a module's build directory (BUILD_DIR), the archive is also left there:
    // seL4_tools' common.mk links an app's RUST_TARGET from it (OBJFILES) and stages it only in
    // $(STAGE_DIR)/lib/. Anywhere else, or when cargo fails, nothing is copied.
    const artifacts = path.join(crate, 'target', 'x86-sel4-linux-gnu', 'release');
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(path.join(artifacts, 'libbtreemap.a'), '!<arch>\nbtreemap\n');
    const buildDir = path.join(root, 'build', 'x86', 'pc99', 'someapp');
    const elsewhere = path.join(root, 'elsewhere');
    mkdirSync(buildDir, { recursive: true });
    mkdirSync(elsewhere, { recursive: true });
    const buildArgs = ['build', '--lib', '--release', '--manifest-path', path.join(crate, 'Cargo.toml')];
    const inBuildDir = await run(
      [...buildArgs, '--target=x86-sel4-linux-gnu'],
      { ...kbuildEnv, BUILD_DIR: buildDir },
      buildDir,
    );
    assert.equal(inBuildDir.exitCode, 0, inBuildDir.stderr);
    assert.match(inBuildDir.stdout, /--artifact-dir \S+\/target\/x86-sel4-linux-gnu\/release$/m);
    assert.equal(readFileSync(path.join(buildDir, 'libbtreemap.a'), 'utf8'), '!<arch>\nbtreemap\n');
    const notThere = await run(
      [...buildArgs, '--target=x86-sel4-linux-gnu'],
      { ...kbuildEnv, BUILD_DIR: buildDir },
      elsewhere,
    );
    assert.equal(notThere.exitCode, 0, notThere.stderr);
    const failing = path.join(root, 'failing-cargo');
    writeFileSync(failing, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
    rmSync(path.join(buildDir, 'libbtreemap.a'));
    const failed = await run(
      [...buildArgs, '--target=x86-sel4-linux-gnu'],
      { ...kbuildEnv, BUILD_DIR: buildDir, RUST_CARGO: failing },
      buildDir,
    );
    assert.equal(failed.exitCode, 101, "cargo's status");
    assert.deepEqual(readdirSync(buildDir), [], 'nothing copied after a failed build');
    assert.deepEqual(readdirSync(elsewhere), [], 'nothing copied outside the build directory');

    const specOf = async (target: string, env: Record<string, string> = {}) => {
      const res = await run(['sysroot', '--quiet', `--target=${target}`], { ...kbuildEnv, ...env });
      assert.equal(res.exitCode, 0, res.stderr);
      assert.match(res.stdout, new RegExp(` --manifest-path ${root}/tools/rust/sysroot/Cargo.toml `));
      assert.doesNotMatch(res.stdout, /--artifact-dir|--release/);
      return /--target \S+\/targets\/(\S+)\.json/.exec(res.stdout)![1];
    };
    assert.equal(await specOf('x86_64-sel4-linux-gnu'), 'x86_64-sel4');
    assert.equal(await specOf('arm-sel4-linux-gnueabi', { RUST_CPU: 'cortex-a9' }), 'armv7-sel4');
    assert.equal(await specOf('arm-sel4-linux-gnueabi', { RUST_CPU: 'arm1136jf-s' }), 'armv6-sel4');
    assert.equal(await specOf('-sel4-linux-gnueabi', { SEL4_ARCH: 'aarch64' }), 'aarch64-sel4');
    assert.equal(await specOf('riscv64imac-sel4'), 'riscv64imac-sel4');

    for (const [args, message] of [
      [[], /^xargo: no command — this drop-in takes: build --lib/],
      [['doc'], /^xargo: unknown command 'doc' — /],
      [
        ['build', '--lib', '--features', 'x', '--target=x86-sel4-linux-gnu'],
        /^xargo: unknown argument '--features' for 'xargo build' — this drop-in takes what seL4_tools' and camkes-tool's rules pass: /,
      ],
      [
        ['build', '--manifest-path', `${crate}/Cargo.toml`, '--target=x86-sel4-linux-gnu'],
        /^xargo: 'xargo build' without --lib — /,
      ],
      [['build', '--lib', '--target=x86-sel4-linux-gnu'], /^xargo: 'xargo build' without --manifest-path — /],
      [['sysroot', '--lib', '--target=x86-sel4-linux-gnu'], /^xargo: '--lib' is for 'xargo build' — /],
      [
        ['sysroot', '--target=mips-sel4-linux-gnu'],
        /^xargo: unknown target 'mips-sel4-linux-gnu' — known: x86-sel4-linux-gnu, x86_64-sel4-linux-gnu, arm-sel4-linux-gnueabi, aarch64-sel4, /,
      ],
      [['sysroot', '--target=-sel4-linux-gnueabi'], /^xargo: unknown target '-sel4-linux-gnueabi' — /],
      [['sysroot', '--target=../targets/i686-sel4'], /^xargo: unknown target/],
      [['sysroot'], /^xargo: no --target=NAME — /],
    ] as const) {
      const res = await run([...args]);
      assert.equal(res.exitCode, 2, `${args.join(' ')}: ${res.stdout}${res.stderr}`);
      assert.equal(res.stdout, '', `${args.join(' ')}: cargo does not run`);
      assert.equal(res.stderr.split('\n').length, 1, `${args.join(' ')}: one line`);
      assert.match(res.stderr, message, args.join(' '));
    }
  },
);

test(
  "doctor: an earlier tools/rust/xargo is found and --fix replaces it with this version's, keeping the old one beside it",
  { skip },
  async () => {
    const root = fakeCheckout();
    const tc = ['--toolchain-path', toolchain!.root];
    const first = await ostoo(['doctor', '--fix', ...tc], root);
    assert.equal(first.exitCode, 0, first.all);
    const xargo = path.join(root, 'tools/rust/xargo');
    const current = readFileSync(xargo);
    assert.deepEqual(current, readFileSync(path.join(repoRoot, 'templates/camkes/tools/rust/xargo')));

    // The wrapper as it was before it left the archive in the build directory: its last command an exec.
    const text = current.toString('utf8');
    const earlier = Buffer.from(
      `${text.slice(0, text.lastIndexOf('\n# seL4_tools'))}\nexec "\${cargo[@]}" "\${args[@]}"\n`,
    );
    assert.notDeepEqual(earlier, current);
    writeFileSync(xargo, earlier);
    const before = snapshotTree(root);
    const check = await ostoo(['doctor', ...tc], root);
    assert.equal(check.exitCode, 1, check.all);
    assert.match(check.all!, /^MISSING tools\/rust\/xargo: not this ostoo's .*RUST_TARGET/m);
    assert.match(check.all!, /replace it with this version's, keeping yours as tools\/rust\/xargo\.orig/);
    assert.deepEqual(snapshotTree(root), before, 'doctor without --fix changes nothing');

    const fix = await ostoo(['doctor', '--fix', ...tc], root);
    assert.equal(fix.exitCode, 0, fix.all);
    assert.match(fix.all!, /^fixed: added tools\/rust\/xargo\.orig$/m);
    assert.match(fix.all!, /^fixed: edited tools\/rust\/xargo$/m);
    assert.deepEqual(readFileSync(xargo), current, "this version's wrapper");
    assert.equal(statSync(xargo).mode & 0o111, 0o111, 'still executable');
    assert.deepEqual(readFileSync(`${xargo}.orig`), earlier, 'the replaced one is kept');
    const again = await ostoo(['doctor', ...tc], root);
    assert.equal(again.exitCode, 0, again.all);
    assert.doesNotMatch(again.all!, /MISSING/);

    // An edited one is replaced too, and an earlier .orig is not overwritten.
    const edited = Buffer.concat([current, Buffer.from('# mine \xff\n', 'latin1')]);
    writeFileSync(xargo, edited);
    const second = await ostoo(['doctor', '--fix', ...tc], root);
    assert.equal(second.exitCode, 0, second.all);
    assert.match(second.all!, /^fixed: added tools\/rust\/xargo\.orig\.1$/m);
    assert.deepEqual(readFileSync(`${xargo}.orig`), earlier);
    assert.deepEqual(readFileSync(`${xargo}.orig.1`), edited, 'every byte kept');
    assert.deepEqual(readFileSync(xargo), current);
  },
);
