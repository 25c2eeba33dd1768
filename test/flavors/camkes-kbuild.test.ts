// `yo ostoo --flavor camkes`: the project layout and what each file must say, the
// bindgen/cbindgen paths and their fallbacks, and refusals that leave nothing behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import helpers from 'yeoman-test';
import { findTool } from '../../src/camkes/bindings.js';
import { sel4Arches } from '../../src/target-spec/sel4-spec.js';
import { execa } from 'execa';
import { generatorPath, ostooBin, tempDir } from '../helpers/paths.js';
import { assertGeneratorRefuses } from '../helpers/tree.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';

const { toolchain, skip } = toolchainOrSkip();
const app = generatorPath('app');
const base = (): Record<string, unknown> => ({ yes: true, flavor: 'camkes', 'toolchain-path': toolchain!.root });
const opts = (o: Record<string, unknown>) => o as Record<string, never>;

const read = (dir: string, f: string) => readFileSync(path.join(dir, f), 'utf8');

test('camkes flavor: the seL4 project layout, each file saying what the build needs', { skip }, async () => {
  const { cwd } = await helpers.run(app).withOptions(opts(base()));
  for (const f of [
    'Kconfig',
    'Makefile',
    'README.md',
    'manifest-snippet.xml',
    'rust-toolchain.toml',
    '.gitignore',
    'apps/hellorust/Kbuild',
    'apps/hellorust/Kconfig',
    'apps/hellorust/Makefile',
    'apps/hellorust/hellorust.camkes',
    'apps/hellorust/interfaces/Greeter.camkes',
    'apps/hellorust/components/client/client.camkes',
    'apps/hellorust/components/client/Cargo.toml',
    'apps/hellorust/components/client/src/lib.rs',
    'apps/hellorust/components/client/src/runtime.rs',
    'apps/hellorust/components/client/src/camkes.rs',
    'apps/hellorust/components/server/server.camkes',
    'apps/hellorust/components/server/src/main.c',
    'libs/libhello/Kbuild',
    'libs/libhello/Kconfig',
    'libs/libhello/Makefile',
    'libs/libhello/Cargo.toml',
    'libs/libhello/cbindgen.toml',
    'libs/libhello/src/lib.rs',
    'libs/libhello/include/hello.h',
    'libs/libcompiler-rt/Kbuild',
    'libs/libcompiler-rt/Kconfig',
    'libs/libcompiler-rt/Makefile',
    'tools/rust/rust.mk',
    'tools/rust/xargo.mk',
    'tools/rust/xargo',
    'tools/rust/README.md',
    'tools/rust/toolchain.mk',
    'tools/rust/toolchain.sh',
    'tools/xargo/Cargo.toml',
    'tools/xargo/src/main.rs',
    'tools/rust/cargo-config.toml',
    'tools/rust/Kconfig',
    'tools/rust/camkes-bindgen.sh',
    'tools/rust/sysroot/Cargo.toml',
    'tools/rust/sysroot/src/lib.rs',
    ...sel4Arches.map((a) => `tools/rust/targets/${a.target}.json`),
    ...['x86_64', 'ia32', 'sabre', 'kzm', 'tx1', 'spike'].map((p) => `configs/hellorust_${p}_defconfig`),
  ]) {
    assert.ok(existsSync(path.join(cwd, f)), `${f} written`);
  }
  for (const script of ['tools/rust/camkes-bindgen.sh', 'tools/rust/xargo'])
    assert.equal(statSync(path.join(cwd, script)).mode & 0o111, 0o111, `${script} is executable`);

  // The app.
  const kbuild = read(cwd, 'apps/hellorust/Kbuild');
  assert.match(kbuild, /^apps-\$\(CONFIG_APP_HELLORUST\) \+= hellorust$/m);
  const deps = /^hellorust:((?:.*\\\n)*.*)$/m.exec(kbuild)![1]!.replace(/\\\n/g, ' ').split(/\s+/).filter(Boolean);
  // The seL4 document: rust_sysroot for every module that uses Rust, libcompiler-rt for every app.
  for (const d of ['rust_sysroot', 'libcompiler-rt', 'libhello', 'libsel4', 'libmuslc', 'libsel4camkes'])
    assert.ok(deps.includes(d), `app depends on ${d}`);
  const makefile = read(cwd, 'apps/hellorust/Makefile');
  assert.match(makefile, /^ADL := hellorust\.camkes$/m);
  assert.match(makefile, /^client_RUST := client$/m);
  assert.doesNotMatch(makefile, /RUST_CAMKES_COMPONENTS/, "not ostoo's earlier name");
  assert.match(makefile, /^client_HFILES := \\\n.*components\/client\/include\/\*\.h/m);
  assert.match(makefile, /^client_CFILES := \\\n.*components\/client\/src\/\*\.c/m);
  assert.match(makefile, /^server_LIBS := hello$/m);
  assert.match(makefile, /^include \$\{PWD\}\/tools\/rust\/rust\.mk\ninclude \$\{PWD\}\/tools\/camkes\/camkes\.mk\n$/m);
  const assembly = read(cwd, 'apps/hellorust/hellorust.camkes');
  assert.match(assembly, /^import "components\/client\/client\.camkes";$/m);
  assert.match(assembly, /^\s+component client client_obj;$/m);
  assert.match(assembly, /^\s+component server server_obj;$/m);
  assert.match(assembly, /connection seL4RPCCall greeter_rpc\(from client_obj\.greeter, to server_obj\.greeter\);/);
  assert.match(read(cwd, 'apps/hellorust/components/client/client.camkes'), /control;\n\s+uses Greeter greeter;/);
  assert.match(read(cwd, 'apps/hellorust/components/server/server.camkes'), /provides Greeter greeter;/);
  assert.match(
    read(cwd, 'apps/hellorust/interfaces/Greeter.camkes'),
    /procedure Greeter \{\n\s+int greet\(in string name\);\n\};/,
  );
  assert.match(
    read(cwd, 'apps/hellorust/components/server/src/main.c'),
    /int greeter_greet\(const char \*name\)[^]*hello_adler32/,
  );
  const lib = read(cwd, 'apps/hellorust/components/client/src/lib.rs');
  assert.match(lib, /^#!\[no_std\]$/m);
  assert.match(lib, /camkes::greeter::greet\(c"seL4 \+ CAmkES \+ Rust"\)/);
  // The demo's Rust server, its procedure, the dataport and the event.
  assert.match(makefile, /^server_rs_RUST := server_rs$/m);
  assert.match(makefile, /^server_rs_CFILES := \\\n.*components\/server_rs\/src\/\*\.c/m);
  assert.match(assembly, /^\s+component server_rs server_rs_obj;$/m);
  assert.match(
    assembly,
    /connection seL4RPCCall greeterrust_rpc\(from client_obj\.greeterrust, to server_rs_obj\.greeterrust\);/,
  );
  assert.match(assembly, /connection seL4SharedData notes_dp\(from client_obj\.notes, to server_rs_obj\.notes\);/);
  assert.match(assembly, /connection seL4Notification ready_ev\(from client_obj\.ready, to server_rs_obj\.ready\);/);
  assert.match(
    read(cwd, 'apps/hellorust/interfaces/Greeter.camkes'),
    /procedure GreeterRust \{\n\s+string greet\(in string name, out uint32_t checksum\);\n\};/,
  );
  assert.match(
    read(cwd, 'apps/hellorust/components/server_rs/server_rs.camkes'),
    /control;\n\s+provides GreeterRust greeterrust;\n\s+consumes Ready ready;\n\s+dataport Buf notes;/,
  );
  assert.match(
    read(cwd, 'apps/hellorust/components/server_rs/src/greeterrust.rs'),
    /impl crate::camkes::greeterrust::GreeterRust for crate::Component \{\n\s+fn greet\(name: &CStr\) -> \(CString, u32\)/,
  );
  assert.match(lib, /camkes::notes::dataport\(\)[^]*camkes::ready::emit\(\)/);
  assert.match(read(cwd, 'apps/hellorust/components/server_rs/src/lib.rs'), /camkes::ready::reg_callback\(on_ready\)/);
  assert.match(
    read(cwd, 'apps/hellorust/components/client/src/runtime.rs'),
    /unsafe impl GlobalAlloc for CHeap[^]*malloc[^]*free/,
  );

  // The library.
  const libMk = read(cwd, 'libs/libhello/Makefile');
  assert.match(libMk, /^RUST_TARGET := libhello\.a$/m);
  assert.doesNotMatch(libMk, /RUST_STATICLIB/, "not ostoo's earlier name");
  assert.match(libMk, /^RUST_CBINDGEN_HEADER := \$\{SOURCE_DIR\}\/include\/hello\.h$/m);
  assert.match(libMk, /^HDRFILES := \$\(RUST_CBINDGEN_HEADER\)$/m);
  assert.match(libMk, /^include \$\(SEL4_COMMON\)\/common\.mk\ninclude \$\{PWD\}\/tools\/rust\/rust\.mk$/m);
  assert.match(
    read(cwd, 'libs/libhello/Kbuild'),
    /^libs-\$\(CONFIG_LIB_HELLO\) \+= libhello\n(#.*\n)*libhello: common rust_sysroot$/m,
  );
  assert.match(read(cwd, 'libs/libhello/Kconfig'), /^menuconfig LIB_HELLO$/m);
  assert.match(read(cwd, 'libs/libhello/Cargo.toml'), /^crate-type = \["staticlib"\]$/m);
  assert.match(read(cwd, 'libs/libcompiler-rt/Kbuild'), /^libcompiler-rt: common rust_sysroot$/m);
  assert.match(read(cwd, 'libs/libcompiler-rt/Makefile'), /^RUST_COMPILER_RT := libcompiler-rt\.a$/m);

  // The make fragment and the pinned toolchain.
  const rustMk = read(cwd, 'tools/rust/rust.mk');
  for (const a of sel4Arches) {
    const symbols = [a.configSymbol, ...(a.cpuSymbols ?? [])].map((sym) => `\\$\\(${sym}\\)`).join(' ');
    assert.match(rustMk, new RegExp(`ifneq \\(\\$\\(filter y,${symbols}\\),\\)\\nRUST_SEL4_TARGET := ${a.target}\\n`));
  }
  // ARMv6 is tested before aarch32 (an ARMv6 configuration sets both).
  assert.ok(rustMk.indexOf('RUST_SEL4_TARGET := armv6-sel4') < rustMk.indexOf('RUST_SEL4_TARGET := armv7-sel4'));
  assert.doesNotMatch(rustMk, /^rust_sysroot:/m, "rust_sysroot stays seL4_tools' own");
  assert.match(rustMk, /^include \$\(RUST_MK_DIR\)\/xargo\.mk$/m);
  const xargoMk = read(cwd, 'tools/rust/xargo.mk');
  assert.match(xargoMk, /^XARGO := \$\(RUST_MK_DIR\)\/xargo\nexport XARGO$/m);
  // Only an order-only prerequisite (the staging directory) is added; the recipe stays seL4_tools'.
  assert.doesNotMatch(
    xargoMk,
    /^\$\(RUST_TARGET\):(?! \| \$\(STAGE_DIR\)\/lib\/$)/m,
    "RUST_TARGET's rule is seL4_tools' own",
  );
  assert.doesNotMatch(xargoMk, /^\$\(RUST_TARGET\):.*\n\t/m, 'no recipe for RUST_TARGET');
  assert.match(rustMk, /^RUST_BUILD_STD \?= core,alloc,compiler_builtins$/m);
  assert.match(rustMk, /-Z build-std=\$\(RUST_BUILD_STD\)/);
  assert.match(rustMk, /^\$\(RUST_STATICLIB\):$/m);
  assert.doesNotMatch(rustMk, /^\$\(RUST_TARGET\):/m);
  assert.match(rustMk, /\$\(foreach c,\$\(sort \$\(RUST_CAMKES_COMPONENTS\)\)/);
  const cargoConfig = read(cwd, 'tools/rust/cargo-config.toml');
  assert.match(cargoConfig, /^json-target-spec = true$/m);
  assert.match(cargoConfig, /^panic = "abort"$/m);
  const toolchainMk = read(cwd, 'tools/rust/toolchain.mk');
  assert.match(toolchainMk, new RegExp(`^RUST_TOOLCHAIN \\?= ${toolchain!.root}$`, 'm'));
  assert.match(toolchainMk, /^RUST_BOOTSTRAP \?= 1$/m);

  // Top level, configs, manifest.
  const kconfig = read(cwd, 'Kconfig');
  for (const s of [
    'apps/hellorust/Kconfig',
    'libs/libhello/Kconfig',
    'libs/libcompiler-rt/Kconfig',
    'tools/rust/Kconfig',
    'tools/camkes/Kconfig',
  ]) {
    assert.match(kconfig, new RegExp(`source "${s}"`));
  }
  assert.match(read(cwd, 'Makefile'), /^include tools\/camkes\/toplevel\.mk$/m);
  assert.doesNotMatch(read(cwd, 'Makefile'), /^include tools\/rust/m);
  assert.doesNotMatch(kconfig, /libsel4camkes\/Kconfig/, 'no Kbuild-era camkes-tool has libs/libsel4camkes/Kconfig');
  const configs: Record<string, RegExp> = {
    x86_64: /CONFIG_ARCH_X86_64=y[^]*CONFIG_PLAT_PC99=y/,
    ia32: /CONFIG_ARCH_IA32=y[^]*CONFIG_PLAT_PC99=y/,
    sabre: /CONFIG_ARCH_AARCH32=y[^]*CONFIG_PLAT_SABRE=y[^]*CONFIG_CROSS_COMPILER_PREFIX="arm-linux-gnueabi-"/,
    kzm: /CONFIG_ARCH_AARCH32=y[^]*CONFIG_ARM1136JF_S=y[^]*CONFIG_PLAT_KZM=y[^]*CONFIG_CROSS_COMPILER_PREFIX="arm-linux-gnueabi-"/,
    tx1: /CONFIG_ARCH_AARCH64=y[^]*CONFIG_PLAT_TX1=y[^]*CONFIG_CROSS_COMPILER_PREFIX="aarch64-linux-gnu-"/,
    spike: /CONFIG_ARCH_RISCV_RV64=y[^]*CONFIG_PLAT_SPIKE=y/,
  };
  for (const [label, re] of Object.entries(configs)) {
    const text = read(cwd, `configs/hellorust_${label}_defconfig`);
    assert.match(text, re, label);
    for (const line of [
      'CONFIG_APP_HELLORUST=y',
      'CONFIG_LIB_HELLO=y',
      'CONFIG_LIB_COMPILER_RT=y',
      'CONFIG_USE_RUST=y',
      'CONFIG_RUST_COMPILE_RELEASE=y',
      'CONFIG_RUST_RELEASE=y',
    ])
      assert.ok(text.includes(line), `${label}: ${line}`);
  }
  const manifest = read(cwd, 'manifest-snippet.xml');
  for (const dest of [
    'Kconfig',
    'Makefile',
    'configs',
    'apps/hellorust',
    'libs/libhello',
    'libs/libcompiler-rt',
    'tools/rust',
    'tools/xargo',
  ]) {
    assert.match(manifest, new RegExp(`<linkfile src="${dest}" dest="${dest}"/>`));
  }
  const readme = read(cwd, 'README.md');
  assert.match(readme, /make hellorust_x86_64_defconfig/);
  assert.match(readme, /tools\/rust\/README\.md/);
  assert.match(read(cwd, 'tools/rust/README.md'), /RUST_TARGET := lib<crate>\.a/);

  const rc = JSON.parse(read(cwd, '.yo-rc.json'))['generator-ostoo'];
  assert.equal(rc.flavor, 'camkes');
  assert.equal(rc.app, 'hellorust');
  assert.equal(rc.library, 'hello');
  assert.deepEqual(
    rc.targets,
    sel4Arches.map((a) => a.target),
  );
  assert.equal(rc.os, undefined, 'user-rs answers are not stored for camkes');
});

test("options name everything; the specs are the toolchain's, one per architecture", { skip }, async () => {
  const { cwd } = await helpers.run(app).withOptions(
    opts({
      ...base(),
      app: 'demo',
      component: 'sensor',
      'c-component': 'logger',
      interface: 'Logging',
      library: 'crc',
      arch: 'riscv64',
    }),
  );
  assert.match(read(cwd, 'apps/demo/Makefile'), /^sensor_RUST := sensor$/m);
  assert.match(
    read(cwd, 'apps/demo/Kbuild'),
    /^apps-\$\(CONFIG_APP_DEMO\) \+= demo\n(#.*\n)*demo: rust_sysroot libsel4/m,
  );
  assert.match(
    read(cwd, 'apps/demo/demo.camkes'),
    /connection seL4RPCCall logging_rpc\(from sensor_obj\.logging, to logger_obj\.logging\);/,
  );
  assert.match(read(cwd, 'apps/demo/components/sensor/src/camkes.rs'), /pub fn logging_greet/);
  assert.match(read(cwd, 'libs/libcrc/include/crc.h'), /^uint32_t crc_adler32\(const uint8_t \*data, size_t len\);$/m);
  assert.match(read(cwd, 'Makefile'), /make demo_spike_defconfig/);
  for (const a of sel4Arches) {
    const spec = JSON.parse(read(cwd, `tools/rust/targets/${a.target}.json`));
    assert.equal(spec.os, 'none');
    assert.equal(spec.vendor, 'sel4');
    assert.equal(spec['panic-strategy'], 'abort');
    assert.ok(typeof spec['data-layout'] === 'string' && spec['data-layout'].length > 10);
  }
});

test('without bindgen and cbindgen the project is the same where it matters, and says so', { skip }, async () => {
  // (yeoman-test removes a run's directory when the next run starts: read it first.)
  const header = 'libs/libhello/include/hello.h';
  const rs = 'apps/hellorust/components/client/src/camkes.rs';
  const withTools = await helpers.run(app).withOptions(opts(base()));
  const toolHeader = read(withTools.cwd, header);
  const toolRs = read(withTools.cwd, rs);
  const without = await helpers.run(app).withOptions(opts({ ...base(), bindgen: 'none', cbindgen: 'none' }));
  if (await findTool('cbindgen'))
    assert.equal(read(without.cwd, header), toolHeader, 'the fallback header is exactly what cbindgen writes');
  const fnNames = (text: string) =>
    [...text.matchAll(/pub fn (\w+)\s*\(([^)]*)\)\s*(->\s*[^;]+)?;/g)].map(
      (m) => `${m[1]}(${m[2]!.replace(/\s+/g, '')})${(m[3] ?? '').replace(/\s+/g, '')}`,
    );
  // The demo's components are made from their declarations (no header types): bindgen has no
  // part in them, so camkes.rs is the same with it and without.
  assert.equal(read(without.cwd, rs), toolRs);
  const procedureFns = fnNames(toolRs).filter((f) => f.startsWith('greeter'));
  assert.deepEqual(procedureFns, [
    'greeter_greet(name:*constc_char)->c_int',
    'greeterrust_greet(name:*constc_char,checksum:*mutu32)->*mutc_char',
  ]);
  if (await findTool('bindgen')) {
    // The script that regenerates a component's bindings from a real camkes.h after a build.
    const scratch = tempDir('camkes-h');
    writeFileSync(
      path.join(scratch, 'camkes.h'),
      '#include <stdint.h>\nint greeter_greet(const char *name);\nint other_thing(void);\nint32_t greeter_count(void);\n',
    );
    const out = path.join(scratch, 'camkes.rs');
    await execa(path.join(without.cwd, 'tools/rust/camkes-bindgen.sh'), [
      path.join(scratch, 'camkes.h'),
      out,
      'greeter',
    ]);
    const regenerated = readFileSync(out, 'utf8');
    assert.deepEqual(
      fnNames(regenerated).map((f) => f.split('(')[0]),
      ['greeter_greet', 'greeter_count'],
    );
  }
  assert.match(read(without.cwd, 'README.md'), /made by ostoo from the component's `\.camkes` declaration/);
  await assert.rejects(
    helpers.run(app).withOptions(opts({ ...base(), bindgen: '/nonexistent/bindgen' })),
    /--bindgen \/nonexistent\/bindgen does not run/,
  );

  // The CLI says what it fell back to.
  const dir = path.join(tempDir('camkes-notools'), 'p');
  const { all: stdout } = await execa(
    process.execPath,
    [
      ostooBin,
      'new',
      dir,
      '--flavor',
      'camkes',
      '--yes',
      '--toolchain-path',
      toolchain!.root,
      '--bindgen',
      'none',
      '--cbindgen',
      'none',
    ],
    { all: true },
  );
  assert.doesNotMatch(stdout, /Note: bindgen/, 'the demo does not need bindgen');
  assert.match(
    stdout,
    /Note: cbindgen is not available: wrote the library header from the exported functions instead\./,
  );
  assert.match(stdout, /make hellorust_x86_64_defconfig && make/);
});

const assertRefused = (options: Record<string, unknown>, message: RegExp, prepare?: (dir: string) => void) =>
  assertGeneratorRefuses(app, { ...base(), ...options }, message, prepare);

test('camkes refusals: names, clashes, a non-empty destination', { skip }, async () => {
  await assertRefused({ app: 'Hello' }, /app name 'Hello' has uppercase letters/);
  await assertRefused({ component: 'my-comp' }, /component name 'my-comp' is not a C identifier/);
  await assertRefused({ component: 'struct' }, /C keyword/);
  await assertRefused({ 'c-component': 'control' }, /reserved by CAmkES/);
  await assertRefused({ interface: '2fast' }, /not a C identifier/);
  await assertRefused({ library: 'utils' }, /taken by seL4's libutils/);
  await assertRefused({ library: 'client' }, /library and component are both named 'client'/);
  await assertRefused({ 'c-component': 'client' }, /Rust and the C component are both named 'client'/);
  await assertRefused({ arch: 'mips' }, /--arch must be one of x86_64, ia32, aarch32, aarch64, riscv64 \(got 'mips'\)/);
  await assertRefused({}, /is not empty \(Kconfig\)/, (d) =>
    writeFileSync(path.join(d, 'Kconfig'), 'mainmenu "mine"\n'),
  );
  await assertRefused({ 'into-existing': true }, /refusing to overwrite existing tools\/rust, Kconfig/, (d) => {
    mkdirSync(path.join(d, 'tools', 'rust'), { recursive: true });
    writeFileSync(path.join(d, 'Kconfig'), 'mainmenu "mine"\n');
  });
});

test(
  '--into-existing at the root of a Kbuild checkout: its Kconfig (a link) gains source lines, nothing of its top level is replaced',
  { skip },
  async () => {
    const kconfig = [
      'mainmenu "CAmkES project configuration"',
      'menu "Libraries"',
      '    source "libs/libsel4/Kconfig"',
      'endmenu',
      'menu "Applications"',
      '    source "apps/adder/Kconfig"',
      'endmenu',
      'source "tools/camkes/Kconfig"',
      '',
    ].join('\n');
    const prepare = (d: string, text = kconfig) => {
      mkdirSync(path.join(d, 'projects', 'camkes'), { recursive: true });
      writeFileSync(path.join(d, 'projects', 'camkes', 'Kconfig'), text);
      symlinkSync('projects/camkes/Kconfig', path.join(d, 'Kconfig'));
      mkdirSync(path.join(d, 'tools', 'camkes'), { recursive: true });
      writeFileSync(path.join(d, 'tools', 'camkes', 'camkes.mk'), '# camkes.mk\n');
      writeFileSync(path.join(d, 'Makefile'), 'include tools/camkes/toplevel.mk\n');
      mkdirSync(path.join(d, 'kernel'));
      // A kernel with x86 and ARMv7 only.
      writeFileSync(
        path.join(d, 'kernel', 'Kconfig'),
        [
          'ARCH_X86',
          'ARCH_X86_64',
          'ARCH_IA32',
          'PLAT_PC99',
          'ARCH_ARM',
          'ARCH_AARCH32',
          'ARCH_ARM_V7A',
          'ARM_CORTEX_A9',
          'PLAT_IMX6',
          'PLAT_SABRE',
        ]
          .map((s) => `config ${s}\n    bool\n`)
          .join(''),
      );
    };
    const { cwd } = await helpers
      .run(app)
      .inTmpDir((d) => prepare(d))
      .withOptions(opts({ ...base(), 'into-existing': true }));
    assert.ok(lstatSync(path.join(cwd, 'Kconfig')).isSymbolicLink(), 'the Kconfig is still a link');
    assert.equal(
      read(cwd, 'projects/camkes/Kconfig'),
      kconfig
        .replace(
          '    source "libs/libsel4/Kconfig"\n',
          '    source "libs/libsel4/Kconfig"\n    source "libs/libhello/Kconfig"\n    source "libs/libcompiler-rt/Kconfig"\n',
        )
        .replace(
          '    source "apps/adder/Kconfig"\n',
          '    source "apps/adder/Kconfig"\n    source "apps/hellorust/Kconfig"\n',
        )
        .replace('source "tools/camkes/Kconfig"', 'source "tools/rust/Kconfig"\nsource "tools/camkes/Kconfig"'),
    );
    assert.equal(read(cwd, 'Makefile'), 'include tools/camkes/toplevel.mk\n');
    for (const f of ['README.md', 'manifest-snippet.xml', 'rust-toolchain.toml', '.gitignore'])
      assert.ok(!existsSync(path.join(cwd, f)), `no ${f} at the checkout's root`);
    assert.match(read(cwd, 'tools/rust/README.md'), /compiler_builtins/);
    for (const label of ['x86_64', 'ia32', 'sabre'])
      assert.ok(existsSync(path.join(cwd, `configs/hellorust_${label}_defconfig`)), label);
    for (const label of ['kzm', 'tx1', 'spike'])
      assert.ok(!existsSync(path.join(cwd, `configs/hellorust_${label}_defconfig`)), `the kernel has no ${label}`);
    assert.ok(existsSync(path.join(cwd, 'tools/rust/targets/armv6-sel4.json')), 'every spec is still there');

    // A checkout Kconfig with no apps/ source line to add next to: refused, nothing written.
    await assertRefused({ 'into-existing': true }, /has no source "apps\/\.\.\.\/Kconfig" line/, (d) =>
      prepare(d, 'mainmenu "x"\n    source "libs/libsel4/Kconfig"\n'),
    );
  },
);
