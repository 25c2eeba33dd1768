// The seL4 document's make interface in the real thing: the last Kbuild/Kconfig seL4 + CAmkES
// tree (camkes-manifest camkes-3.2.0, ../shared/sel4-kbuild). One fresh tree gets, in order:
// a library and a C component written to the document by hand (libbtreemap, with the page's
// own Makefile, used by a C component Mapper added to upstream's adder); ostoo's Rust support
// through `ostoo doctor --fix`; a Rust component in adder through `ostoo camkes-component`
// (its `rusty_RUST` line); and the generated app through `ostoo new --into-existing`. The
// generated app's ia32 configuration and adder (upstream's x86_adder_defconfig, as is) are
// built by the tree's own rules (RUST_TARGET, rust_sysroot, and rust.mk's <component>_RUST for
// this camkes-tool 3.x) and booted in QEMU; the aarch32 (ARMv7 and ARMv6), aarch64 and
// riscv64 Rust parts are configured and built in the same tree. Last, the document's third
// usage, a non-CAmkES app with RUST_TARGET := lib<crate>.a (rustprimes, written by hand), is
// built by the tree's <app>-image rule and booted. The cases share the tree (ccache, cargo's
// target directories), so they run in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cpSync,
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { printInOrder } from '../helpers/camkes-print-order.js';
import { ostooBin, repoRoot, tempDir } from '../helpers/paths.js';
import { rustAdderBody } from '../helpers/rust-adder.js';
import { sharedOrSkip } from '../helpers/shared.js';
import { sharedStdEnv } from '../helpers/shared-std.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';

const tc = toolchainOrSkip();
const { dir: kbuild, skip: noKbuild } = sharedOrSkip('sel4-kbuild');
const cache = process.env.SEL4_KBUILD_CACHE ?? path.join(os.homedir(), '.cache', 'ostoo-sel4-kbuild');
const ready = existsSync(cache) && readdirSync(cache).some((f) => f.startsWith('.ready-'));
if (!ready && !noKbuild && process.env.OSTOO_REQUIRE_TOOLCHAIN === '1')
  throw new Error(`the seL4 Kbuild environment is not set up in ${cache}: run ${kbuild}/setup.sh`);
const skip =
  tc.skip || noKbuild || (ready ? false : `the seL4 Kbuild environment is not set up (run ${kbuild}/setup.sh)`);
const documentFixture = path.join(repoRoot, 'test', 'fixtures', 'kbuild-document');

let ws = '';
/** A command in the tree, with the environment (PATH, python, ccache) of env.sh. */
const inTree = (script: string, timeoutMin = 10, env: Record<string, string> = {}) =>
  execa(
    'bash',
    ['-c', `source ${JSON.stringify(path.join(kbuild, 'env.sh'))} && cd ${JSON.stringify(ws)} && ${script}`],
    // ostoo on PATH: core/alloc/compiler_builtins come from the suite's shared prebuilt std.
    { all: true, reject: false, timeout: timeoutMin * 60_000, env: sharedStdEnv(env) },
  );
/** run-app.sh: build DEFCONFIG in the tree and boot it until every line has appeared. */
const boot = (defconfig: string, lines: string[]) =>
  inTree(`${JSON.stringify(path.join(kbuild, 'run-app.sh'))} . ${defconfig} "$WANT" 120`, 40, {
    WANT: lines.join('\n'),
  });
const ruleBlock = (db: string, target: string) => {
  const lines = db.split('\n');
  const at = lines.findIndex((l) => l.startsWith(`${target}:`) && !l.includes(':='));
  assert.ok(at >= 0, `make -pn knows ${target}`);
  const out = [lines[at]!];
  for (let i = at + 1; i < lines.length && lines[i] !== ''; i++) if (!lines[i]!.startsWith('#')) out.push(lines[i]!);
  return out.join('\n');
};
/** seL4_tools' own xargo-based rules at the top level, as make expands them. */
const topLevel = async () => {
  // (In a tree not built yet the dry run stops at a sub-make of libmuslc; make prints its
  // database all the same.)
  const db = await inTree('make -pn rust_sysroot 2>&1');
  assert.match(db.all!, /^# Make data base/m, db.all);
  const runonce = /^(\S*\/runonce):/m.exec(db.all!)![1]!;
  const xargo = /^XARGO = (.*)$/m.exec(db.all!)?.[1];
  return { rust_sysroot: ruleBlock(db.all!, 'rust_sysroot'), runonce: ruleBlock(db.all!, runonce), xargo };
};
/** Lines added by hand before the first line matching `before` (or at the end). */
const addLines = (file: string, lines: string[], before?: RegExp) => {
  const text = readFileSync(file, 'utf8').split('\n');
  const at = before ? text.findIndex((l) => before.test(l)) : text.length - 1;
  assert.ok(at >= 0, `${file}: ${before}`);
  text.splice(at, 0, ...lines);
  writeFileSync(file, text.join('\n'));
};

test(
  "a library and a C component written to the document, ostoo's support (doctor --fix), a Rust component (camkes-component) and the generated app (new --into-existing), in a real Kbuild checkout",
  { skip, timeout: 15 * 60_000 },
  async () => {
    ws = path.join(tempDir('sel4-kbuild'), 'ws');
    await execa(path.join(kbuild, 'new-workspace.sh'), [ws]);
    const configured = await inTree('make x86_adder_defconfig');
    assert.equal(configured.exitCode, 0, configured.all);
    const topBefore = await topLevel();
    const top = (f: string) => realpathSync(path.join(ws, f));
    const before = Object.fromEntries(['Makefile', 'Kbuild', 'Kconfig'].map((f) => [f, readFileSync(top(f), 'utf8')]));

    // Written by hand, as the seL4 document says: the library, and a C component in adder that
    // calls it (adder's Makefile, Kbuild and assembly get the lines any C component needs, its
    // Kbuild the library and libcompiler-rt, as the page asks of an app that uses Rust).
    cpSync(path.join(documentFixture, 'libbtreemap'), path.join(ws, 'libs', 'libbtreemap'), { recursive: true });
    cpSync(path.join(documentFixture, 'Mapper'), path.join(ws, 'apps', 'adder', 'components', 'Mapper'), {
      recursive: true,
    });
    const adder = path.join(ws, 'apps', 'adder');
    addLines(
      path.join(adder, 'Makefile'),
      [
        'Mapper_CFILES := $(patsubst ${SOURCE_DIR}/%,%,$(wildcard ${SOURCE_DIR}/components/Mapper/src/*.c))',
        'Mapper_LIBS := btreemap',
        '',
      ],
      /^include .*camkes\.mk/,
    );
    addLines(path.join(adder, 'Kbuild'), ['adder: libbtreemap libcompiler-rt']);
    addLines(path.join(adder, 'adder.camkes'), ['import "components/Mapper/Mapper.camkes";'], /^assembly/);
    addLines(path.join(adder, 'adder.camkes'), ['        component Mapper mapper;'], /component Client client;/);
    addLines(top('Kconfig'), ['    source "libs/libbtreemap/Kconfig"'], /source "libs\/rumprun\/Kconfig"/);
    const libMakefile = readFileSync(path.join(ws, 'libs/libbtreemap/Makefile'), 'utf8');

    // ostoo's support, by doctor --fix: the tree lacks it, then has it.
    const tcArgs = ['--toolchain-path', tc.toolchain!.root];
    const doctor = (...args: string[]) =>
      execa(process.execPath, [ostooBin, 'doctor', ...args, ...tcArgs], { cwd: ws, all: true, reject: false });
    const lacking = await doctor();
    assert.equal(lacking.exitCode, 1, lacking.all);
    assert.match(lacking.all!, /^MISSING Rust support: no tools\/rust\//m);
    const fixed = await doctor('--fix');
    assert.equal(fixed.exitCode, 0, fixed.all);
    assert.match(fixed.all!, /^fixed: added tools\/xargo\/Cargo\.toml$/m);

    // A Rust component in adder: its rusty_RUST line, and the app's rust_sysroot.
    const added = await execa(
      process.execPath,
      [ostooBin, 'camkes-component', 'rusty', '--app', 'apps/adder', ...tcArgs],
      { cwd: ws, all: true },
    );
    assert.match(
      added.all!,
      /Rust component rusty added to apps\/adder \(instance rusty_obj; edited Makefile, Kbuild, adder\.camkes\)/,
    );
    assert.doesNotMatch(added.all!, /added ostoo's Rust support/, 'the support is there already');
    assert.match(readFileSync(path.join(adder, 'Makefile'), 'utf8'), /^rusty_RUST := rusty$/m);
    assert.match(readFileSync(path.join(adder, 'Kbuild'), 'utf8'), /\nadder: rust_sysroot\n$/);

    // The C Adder ported to Rust in the same app (one build, one boot): --replace adder, then
    // the Rust bodies the stubs leave to the user.
    const replaced = await execa(
      process.execPath,
      [ostooBin, 'camkes-component', 'rustadder', '--app', 'apps/adder', '--replace', 'adder', ...tcArgs],
      { cwd: ws, all: true, reject: false },
    );
    assert.equal(replaced.exitCode, 0, replaced.all);
    const stub = path.join(adder, 'components/rustadder/src/a.rs');
    assert.match(readFileSync(stub, 'utf8'), /unimplemented!\("a\.calculate \(Addition\)"\)/);
    writeFileSync(stub, rustAdderBody);
    assert.match(readFileSync(path.join(adder, 'adder.camkes'), 'utf8'), /^\s+component rustadder adder;$/m);
    assert.match(readFileSync(path.join(adder, 'Makefile'), 'utf8'), /^rustadder_RUST := rustadder$/m);

    // The generated app beside them, keeping the support it finds.
    const run = await execa(
      process.execPath,
      [ostooBin, 'new', ws, '--flavor', 'camkes', '--yes', ...tcArgs, '--into-existing'],
      { all: true },
    );
    assert.match(run.all!, /Added source lines to \S+projects\/camkes\/Kconfig/);
    assert.match(run.all!, /tools\/rust, tools\/xargo, libs\/libcompiler-rt are there already: kept as they are/);
    assert.match(
      run.all!,
      /has no riscv64 \(RV64IMAC\), Spike/,
      'the 2018 kernel has no RISC-V: said, and no defconfig',
    );
    for (const label of ['ia32', 'x86_64', 'sabre', 'kzm', 'tx1'])
      assert.ok(existsSync(path.join(ws, 'configs', `hellorust_${label}_defconfig`)), label);
    assert.ok(!existsSync(path.join(ws, 'configs', 'hellorust_spike_defconfig')));
    const healthy = await doctor();
    assert.equal(healthy.exitCode, 0, healthy.all);

    // The checkout's top level: still links, Makefile and Kbuild unchanged, Kconfig only gained source lines.
    for (const f of ['Makefile', 'Kbuild', 'Kconfig'])
      assert.ok(lstatSync(path.join(ws, f)).isSymbolicLink(), `${f} is still a link`);
    for (const f of ['Makefile', 'Kbuild']) assert.equal(readFileSync(top(f), 'utf8'), before[f], f);
    const kconfig = readFileSync(top('Kconfig'), 'utf8').split('\n');
    const old = before['Kconfig']!.split('\n');
    assert.deepEqual(
      kconfig.filter((l) => !old.includes(l)),
      [
        '    source "libs/libbtreemap/Kconfig"',
        '    source "libs/libcompiler-rt/Kconfig"',
        '    source "libs/libhello/Kconfig"',
        '    source "apps/hellorust/Kconfig"',
        'source "tools/rust/Kconfig"',
      ],
    );
    assert.deepEqual(
      kconfig.filter((l) => old.includes(l)),
      old,
      'every line of the Kconfig is still there, in order',
    );
    assert.equal(
      readFileSync(path.join(ws, 'libs/libbtreemap/Makefile'), 'utf8'),
      libMakefile,
      "the Makefile is the page's",
    );

    // seL4_tools' rust_sysroot and its XARGO are as they were; its RUNONCE no longer runs
    // multirust with no version in a configuration without CONFIG_USE_RUST (libcompiler-rt's Kbuild).
    const configuredAgain = await inTree('make x86_adder_defconfig');
    assert.equal(configuredAgain.exitCode, 0, configuredAgain.all);
    const topAfter = await topLevel();
    assert.equal(topAfter.rust_sysroot, topBefore.rust_sysroot);
    assert.equal(topAfter.xargo, topBefore.xargo);
    assert.match(topBefore.runonce, /multirust override/);
    assert.equal(
      topAfter.runonce,
      topBefore.runonce
        .split('\n')
        .filter((l) => !/multirust|toolchain override/.test(l))
        .join('\n'),
    );
  },
);

test(
  "the generated app, ia32: built by the tree's own make and booted in QEMU, every demo line appears",
  { skip, timeout: 40 * 60_000 },
  async (t) => {
    assert.ok(ws, 'the tree of the first case');
    const want = [
      'client: hello from Rust',
      'server: hello, seL4 + CAmkES + Rust!',
      'client: greeter answered 0x',
      'server_rs: greeting seL4 + CAmkES + Rust',
      'client: server_rs answered "hello, seL4 + CAmkES + Rust!"',
      'client: emitting ready',
      "server_rs: the client's note: a note through a dataport",
    ];
    const started = Date.now();
    const run = await boot('hellorust_ia32_defconfig', want);
    t.diagnostic(`hellorust ia32: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    assert.equal(run.exitCode, 0, run.all);
    for (const line of want) assert.ok(run.stdout.includes(line), line);
    t.diagnostic(
      run.stdout
        .split('\n')
        .filter((l) => /^(client|server|server_rs):/.test(l))
        .join(' | '),
    );
  },
);

test(
  "adder (upstream's x86_adder_defconfig) with the Rust component and the hand-written library's C component: every line appears",
  { skip, timeout: 40 * 60_000 },
  async (t) => {
    assert.ok(ws, 'the tree of the first case');
    const want = [
      'adder: Adding 342',
      'adder: Adding 534',
      'client: result was 1270',
      'rusty: hello from Rust',
      'mapper: btreemap holds 5 keys: 37 74 283 342 534',
      'mapper: 283 was number 2',
    ];
    // mapper and rusty print at start-up as the client does: one after another, each line whole.
    printInOrder(path.join(ws, 'apps', 'adder', 'adder.camkes'), ['mapper', 'rusty_obj']);
    const started = Date.now();
    const run = await boot('x86_adder_defconfig', want);
    t.diagnostic(`adder ia32: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    assert.equal(run.exitCode, 0, run.all);
    for (const line of want) assert.ok(run.stdout.includes(line), line);
    t.diagnostic(
      run.stdout
        .split('\n')
        .filter((l) => /^(client|rusty|mapper|adder):/.test(l))
        .join(' | '),
    );
    // Built by seL4_tools' RUST_TARGET rule through the drop-in xargo, and the component by rust.mk.
    const log = readFileSync(path.join(ws, '.run-app', 'build.log'), 'utf8');
    assert.match(log, / \[RS\] libbtreemap\.a\n/);
    assert.match(log, / \[RS\] rusty \(rusty\)\n/);
    // The adder instance is the Rust port (rust.mk built it, with its C glue).
    assert.match(log, / \[RS\] rustadder \(rustadder\)\n/);
    // seL4_tools' own "Building local xargo" rule (a recipe without `+`) may warn before it
    // compiles xargo, or before it finds tools/xargo already built; any other warning is ours.
    assert.doesNotMatch(
      log,
      /failed to connect to jobserver[^\n]*\n(?![^\n]*(?:Compiling xargo|Finished))/,
      'no jobserver warnings from xargo',
    );
  },
);

/** The stage directory the last build went into (stage/<arch>/<plat>): its libhello.a is newest. */
function stageOf(arch: string): string {
  const dir = path.join(ws, 'stage', arch);
  const stages = readdirSync(dir)
    .map((p) => path.join(dir, p))
    .filter((p) => existsSync(path.join(p, 'lib', 'libhello.a')));
  assert.ok(stages.length, `libhello.a staged for ${arch}`);
  return stages.sort(
    (a, b) => statSync(path.join(b, 'lib', 'libhello.a')).mtimeMs - statSync(path.join(a, 'lib', 'libhello.a')).mtimeMs,
  )[0]!;
}

test(
  'aarch32 (ARMv7 sabre, ARMv6 kzm), aarch64 and riscv64: configured in the tree, their Rust parts built for the right CPU',
  { skip, timeout: 30 * 60_000 },
  async (t) => {
    assert.ok(ws, 'the tree of the first case');
    const readelf = async (file: string, flag: string) => (await execa('readelf', [flag, file])).stdout;
    /**
     * The library (seL4_tools' RUST_TARGET rule), libcompiler-rt (the tree's make) and the app's
     * Rust component (rust.mk's client_RUST rule). rust_sysroot is left out (-o): it would build
     * the configuration's libmuslc first, which these Rust parts do not need.
     */
    const buildRust = async (defconfig: string, extra = '') => {
      const started = Date.now();
      const conf = await inTree(`make ${defconfig} >/dev/null && make silentoldconfig >/dev/null`);
      assert.equal(conf.exitCode, 0, `${defconfig}: ${conf.all}`);
      const libs = await inTree(`make -o rust_sysroot libhello libcompiler-rt ${extra} 2>&1`, 15);
      assert.equal(libs.exitCode, 0, `${defconfig}: ${libs.all}`);
      const config = readFileSync(path.join(ws, '.config'), 'utf8');
      const arch = /^CONFIG_ARCH_ARM=y$/m.test(config) ? 'arm' : 'x86';
      const stage = stageOf(arch);
      const appBuild = path.join(ws, 'build', arch, path.basename(stage), 'hellorust');
      const component = await inTree(
        `mkdir -p ${appBuild} && make -C ${appBuild} -f ${ws}/.config -f ${ws}/tools/rust/rust.mk client_RUST=client ` +
          `SOURCE_DIR=${ws}/apps/hellorust BUILD_DIR=${appBuild} RUST_CARGO_FLAGS=--release ${extra} librust_client.a 2>&1`,
        15,
      );
      assert.equal(component.exitCode, 0, `${defconfig}: ${component.all}`);
      t.diagnostic(`${defconfig}${extra ? ` ${extra}` : ''}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
      return {
        config,
        archives: [
          path.join(stage, 'lib', 'libhello.a'),
          path.join(stage, 'lib', 'libcompiler-rt.a'),
          path.join(appBuild, 'rust-libs', 'librust_client.a'),
        ],
      };
    };

    const kzm = await buildRust('hellorust_kzm_defconfig');
    assert.match(kzm.config, /^CONFIG_ARM1136JF_S=y$/m);
    assert.match(kzm.config, /^CONFIG_PLAT_KZM=y$/m);
    for (const a of kzm.archives) {
      const attrs = await readelf(a, '-A');
      assert.match(attrs, /Tag_CPU_arch: v6\b/, `${path.basename(a)}: ARMv6 code for the ARM1136`);
      assert.doesNotMatch(attrs, /Tag_CPU_arch: v7|Thumb-2/, `${path.basename(a)}: no ARMv7 or Thumb-2 code`);
    }
    const sabre = await buildRust('hellorust_sabre_defconfig');
    assert.match(sabre.config, /^CONFIG_PLAT_SABRE=y$/m);
    for (const a of sabre.archives)
      assert.match(await readelf(a, '-A'), /Tag_CPU_arch: v7\b/, `${path.basename(a)}: ARMv7`);
    const tx1 = await buildRust('hellorust_tx1_defconfig');
    assert.match(tx1.config, /^CONFIG_ARCH_AARCH64=y$/m);
    for (const a of tx1.archives) assert.match(await readelf(a, '-h'), /Machine:\s+AArch64/, path.basename(a));
    // This 2018 kernel has no RISC-V, so no defconfig: the spec is chosen on the command line
    // (seL4_tools' target name, and rust.mk's own for the component).
    const riscv = await buildRust(
      'hellorust_tx1_defconfig',
      'RUST_CUSTOM_TARGET=riscv64imac-sel4 RUST_SEL4_TARGET=riscv64imac-sel4',
    );
    for (const a of riscv.archives) {
      const header = await readelf(a, '-h');
      assert.match(header, /Machine:\s+RISC-V/, path.basename(a));
      assert.doesNotMatch(header, /double-float|single-float/, `${path.basename(a)}: soft-float ABI`);
    }
  },
);

/** run-app.sh's configuration adjustments for today's Debian: its own lines, so they stay the same. */
function runAppAdjustments(): string {
  const script = readFileSync(path.join(kbuild, 'run-app.sh'), 'utf8').split('\n');
  const from = script.findIndex((l) => l.startsWith('kcf='));
  const to = script.findIndex((l, i) => i > from && / \.config$/.test(l));
  assert.ok(from >= 0 && to > from, 'run-app.sh adjusts .config between its kcf= line and its sed on .config');
  const block = script.slice(from, to + 1).join('\n');
  assert.match(block, /sed -i [^]*CONFIG_USER_EXTRA_CFLAGS/);
  return block;
}

/** QEMU as run-app.sh runs it (ia32 pc99, headless), until every line has appeared or `seconds` pass. */
async function bootImages(kernel: string, image: string, lines: string[], seconds = 120) {
  const qemu = execa(
    'qemu-system-x86_64',
    ['-machine', 'pc', '-cpu', 'Nehalem', '-m', '512', '-nographic', '-serial', 'mon:stdio'].concat([
      '-kernel',
      kernel,
      '-initrd',
      image,
    ]),
    { reject: false, stdin: 'ignore', all: true, timeout: seconds * 1000 },
  );
  let serial = '';
  const all = () => lines.every((l) => serial.includes(l));
  await new Promise<void>((resolve) => {
    qemu.all.on('data', (d: Buffer) => {
      serial += d.toString('latin1').replace(/\r/g, '');
      if (all()) resolve();
    });
    void qemu.then(() => resolve());
  });
  qemu.kill('SIGTERM');
  await qemu;
  return { serial, seen: all() };
}

test(
  "the seL4 document's non-CAmkES app (rustprimes, hand-written: RUST_TARGET := libprimes.a), ia32: built by the tree's own rules and booted in QEMU",
  { skip, timeout: 20 * 60_000 },
  async (t) => {
    assert.ok(ws, 'the tree of the first case (ostoo doctor --fix gave it the Rust support)');
    const started = Date.now();
    // Written by hand, as the page says: the app, its defconfig, and the Kconfig `source` line.
    const app = path.join(ws, 'apps', 'rustprimes');
    cpSync(path.join(documentFixture, 'rustprimes'), app, { recursive: true });
    cpSync(
      path.join(documentFixture, 'configs', 'rustprimes_ia32_defconfig'),
      path.join(ws, 'configs', 'rustprimes_ia32_defconfig'),
    );
    addLines(
      realpathSync(path.join(ws, 'Kconfig')),
      ['    source "apps/rustprimes/Kconfig"'],
      /source "apps\/vgatest\/Kconfig"/,
    );
    assert.match(readFileSync(path.join(app, 'Makefile'), 'utf8'), /^RUST_TARGET := libprimes\.a$/m);

    // doctor: the app needs nothing more (its Kbuild list names rust_sysroot and libcompiler-rt).
    const doctor = await execa(process.execPath, [ostooBin, 'doctor', '--toolchain-path', tc.toolchain!.root], {
      cwd: ws,
      all: true,
      reject: false,
    });
    assert.equal(doctor.exitCode, 0, doctor.all);

    // run-app.sh builds the CAmkES top level's default goal (the capDL loader's image) and boots
    // only that; a plain root task is built by the tree's per-app rule, <app>-image.
    const log = path.join(ws, '.run-app', 'rustprimes-build.log');
    const built = await inTree(
      [
        'set -e',
        'mkdir -p .run-app',
        'make rustprimes_ia32_defconfig >/dev/null',
        runAppAdjustments(),
        'make silentoldconfig >/dev/null',
        `nice make -j"\${JOBS:-2}" rustprimes-image >${JSON.stringify(log)} 2>&1 || { tail -40 ${JSON.stringify(log)}; exit 1; }`,
      ].join('\n'),
      20,
    );
    assert.equal(built.exitCode, 0, built.all);
    const config = readFileSync(path.join(ws, '.config'), 'utf8');
    assert.match(config, /^CONFIG_APP_RUSTPRIMES=y$/m);
    assert.match(config, /^# CONFIG_MODULE_CAPDL_LOADER is not set$/m, 'no CAmkES, no capDL loader');
    const buildLog = readFileSync(log, 'utf8');
    // seL4_tools' RUST_TARGET rule (common.mk) built the crate, and the app was linked with it.
    assert.match(buildLog, /^ \[RS\] libprimes\.a$/m);
    assert.match(buildLog, /^ \[LINK\] rustprimes\.elf$/m);
    assert.doesNotMatch(buildLog, /\[GEN_IMAGE\] capdl-loader-experimental-image/);
    const archive = path.join(ws, 'build', 'x86', 'pc99', 'rustprimes', 'libprimes.a');
    assert.ok(existsSync(archive), "the archive in the app's build directory, where common.mk links it from");
    assert.ok(existsSync(path.join(ws, 'stage', 'x86', 'pc99', 'lib', 'libprimes.a')), 'and staged');
    assert.match((await execa('nm', [archive])).stdout, /^[0-9a-f]+ T primes_sum_below$/m);
    const image = path.join(ws, 'images', 'rustprimes-image-ia32-pc99');
    const symbols = (await execa('nm', [image])).stdout;
    for (const f of ['primes_count_below', 'primes_sum_below', 'main'])
      assert.match(symbols, new RegExp(`^[0-9a-f]+ T ${f}$`, 'm'), `${f} in the root task`);

    // 1229 primes below 10000, summing to 5736396: computed only by src/lib.rs.
    const want = ['rustprimes: 1229 primes below 10000, summing to 5736396'];
    const booted = await bootImages(path.join(ws, 'images', 'kernel-ia32-pc99'), image, want);
    t.diagnostic(`rustprimes ia32: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    assert.ok(booted.seen, booted.serial);
    assert.match(booted.serial, /Booting all finished, dropped to user space\n/);
  },
);
