// The Kbuild flavor in the real thing: the last Kbuild/Kconfig seL4 + CAmkES tree (camkes-manifest
// camkes-3.2.0, ../shared/sel4-kbuild). One fresh tree gets `ostoo new --into-existing` and a
// Rust component in the upstream adder app; the generated app's ia32 configuration and adder
// are built and booted in QEMU; the aarch32 (ARMv7 and ARMv6), aarch64 and riscv64 Rust parts
// are configured and built in the same tree. The cases share the tree (ccache, cargo's target
// directories), so they run in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { ostooBin, tempDir } from '../helpers/paths.js';
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
  inTree(`${JSON.stringify(path.join(kbuild, 'run-app.sh'))} . ${defconfig} "$WANT" 120`, 20, {
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
const foreignTopLevel = async () => {
  // (In a tree not built yet the dry run stops at a sub-make of libmuslc; make prints its
  // database all the same.)
  const db = await inTree('make -pn rust_sysroot 2>&1');
  assert.match(db.all!, /^# Make data base/m, db.all);
  const runonce = /^(\S*\/runonce):/m.exec(db.all!)![1]!;
  return { rust_sysroot: ruleBlock(db.all!, 'rust_sysroot'), runonce: ruleBlock(db.all!, runonce) };
};

test(
  'ostoo new --into-existing adds the app, libraries, tools/rust and configs to a real Kbuild checkout, and only source lines to its Kconfig',
  { skip, timeout: 10 * 60_000 },
  async () => {
    ws = path.join(tempDir('sel4-kbuild'), 'ws');
    await execa(path.join(kbuild, 'new-workspace.sh'), [ws]);
    const configured = await inTree('make x86_adder_defconfig');
    assert.equal(configured.exitCode, 0, configured.all);
    const foreignBefore = await foreignTopLevel();
    const top = (f: string) => realpathSync(path.join(ws, f));
    const before = Object.fromEntries(['Makefile', 'Kbuild', 'Kconfig'].map((f) => [f, readFileSync(top(f), 'utf8')]));

    const run = await execa(
      process.execPath,
      [ostooBin, 'new', ws, '--flavor', 'camkes', '--yes', '--toolchain-path', tc.toolchain!.root, '--into-existing'],
      { all: true },
    );
    assert.match(run.all!, /Added source lines to \S+projects\/camkes\/Kconfig/);
    assert.match(
      run.all!,
      /has no riscv64 \(RV64IMAC\), Spike/,
      'the 2018 kernel has no RISC-V: said, and no defconfig',
    );
    for (const f of [
      'apps/hellorust/Makefile',
      'libs/libhello/Makefile',
      'libs/libcompiler-rt/Makefile',
      'tools/rust/rust.mk',
      'tools/rust/README.md',
    ]) {
      assert.ok(existsSync(path.join(ws, f)), f);
    }
    for (const label of ['ia32', 'x86_64', 'sabre', 'kzm', 'tx1'])
      assert.ok(existsSync(path.join(ws, 'configs', `hellorust_${label}_defconfig`)), label);
    assert.ok(!existsSync(path.join(ws, 'configs', 'hellorust_spike_defconfig')));
    // The checkout's top level: still links, Makefile and Kbuild unchanged, Kconfig only gained source lines.
    for (const f of ['Makefile', 'Kbuild', 'Kconfig'])
      assert.ok(lstatSync(path.join(ws, f)).isSymbolicLink(), `${f} is still a link`);
    for (const f of ['Makefile', 'Kbuild']) assert.equal(readFileSync(top(f), 'utf8'), before[f], f);
    const kconfig = readFileSync(top('Kconfig'), 'utf8').split('\n');
    const old = before['Kconfig']!.split('\n');
    assert.deepEqual(
      kconfig.filter((l) => !old.includes(l)),
      [
        '    source "libs/libhello/Kconfig"',
        '    source "libs/libcompiler-rt/Kconfig"',
        '    source "apps/hellorust/Kconfig"',
        'source "tools/rust/Kconfig"',
      ],
    );
    assert.deepEqual(
      kconfig.filter((l) => old.includes(l)),
      old,
      'every line of the Kconfig is still there, in order',
    );

    // A Rust component in the upstream adder app.
    const added = await execa(process.execPath, [ostooBin, 'camkes-component', 'rusty', '--app', 'apps/adder'], {
      cwd: ws,
      all: true,
    });
    assert.match(
      added.all!,
      /Rust component rusty added to apps\/adder \(instance rusty_obj; edited Makefile, adder\.camkes\)/,
    );

    // seL4_tools' xargo-based rust_sysroot (and the RUNONCE that builds xargo) expand as before.
    const configuredAgain = await inTree('make x86_adder_defconfig');
    assert.equal(configuredAgain.exitCode, 0, configuredAgain.all);
    assert.deepEqual(await foreignTopLevel(), foreignBefore);
  },
);

test(
  "the generated app, ia32: built by the tree's own make and booted in QEMU, every demo line appears",
  { skip, timeout: 20 * 60_000 },
  async (t) => {
    assert.ok(ws, 'the tree of the first case');
    const want = ['client: hello from Rust', 'server: hello, seL4 + CAmkES + Rust!', 'client: greeter answered 0x'];
    const started = Date.now();
    const run = await boot('hellorust_ia32_defconfig', want);
    t.diagnostic(`hellorust ia32: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    assert.equal(run.exitCode, 0, run.all);
    for (const line of want) assert.ok(run.stdout.includes(line), line);
    t.diagnostic(
      run.stdout
        .split('\n')
        .filter((l) => /^(client|server):/.test(l))
        .join(' | '),
    );
  },
);

test(
  'adder with a Rust component: still `client: result was 1270`, and the component says hello',
  { skip, timeout: 20 * 60_000 },
  async (t) => {
    assert.ok(ws, 'the tree of the first case');
    const want = ['client: result was 1270', 'rusty: hello from Rust'];
    const started = Date.now();
    const run = await boot('x86_adder_defconfig', want);
    t.diagnostic(`adder ia32: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    assert.equal(run.exitCode, 0, run.all);
    for (const line of want) assert.ok(run.stdout.includes(line), line);
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
    /** The library, libcompiler-rt (tree's make) and the app's Rust component (rust.mk's rule). */
    const buildRust = async (defconfig: string, extra = '') => {
      const started = Date.now();
      const conf = await inTree(`make ${defconfig} >/dev/null && make silentoldconfig >/dev/null`);
      assert.equal(conf.exitCode, 0, `${defconfig}: ${conf.all}`);
      const libs = await inTree(`make libhello libcompiler-rt ${extra} 2>&1`, 15);
      assert.equal(libs.exitCode, 0, `${defconfig}: ${libs.all}`);
      const config = readFileSync(path.join(ws, '.config'), 'utf8');
      const arch = /^CONFIG_ARCH_ARM=y$/m.test(config) ? 'arm' : 'x86';
      const stage = stageOf(arch);
      const appBuild = path.join(ws, 'build', arch, path.basename(stage), 'hellorust');
      const component = await inTree(
        `mkdir -p ${appBuild} && make -C ${appBuild} -f ${ws}/.config -f ${ws}/tools/rust/rust.mk RUST_CAMKES_COMPONENTS=client ` +
          `SOURCE_DIR=${ws}/apps/hellorust BUILD_DIR=${appBuild} ${extra} librust_client.a 2>&1`,
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
    // This 2018 kernel has no RISC-V, so no defconfig: the spec is chosen on the command line.
    const riscv = await buildRust('hellorust_tx1_defconfig', 'RUST_SEL4_TARGET=riscv64imac-sel4');
    for (const a of riscv.archives) {
      const header = await readelf(a, '-h');
      assert.match(header, /Machine:\s+RISC-V/, path.basename(a));
      assert.doesNotMatch(header, /double-float|single-float/, `${path.basename(a)}: soft-float ABI`);
    }
  },
);
