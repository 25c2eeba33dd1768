// The generated Rust make rules on x86_64, which the real Kbuild tree (test/boot/kbuild.test.ts: ia32 booted,
// ARM, aarch64 and riscv64 built) does not cover: GNU make builds the library (seL4_tools' own
// RUST_TARGET rule running tools/rust/xargo), libcompiler-rt and two Rust components (the
// generated one and one added by ostoo camkes-component, through their <component>_RUST lines)
// in a harness standing in for the seL4 Kbuild build; nm and the headers are checked; the
// archives are linked into C programs on Linux and run. Then the same project in ostoo's
// earlier make names still builds, and `ostoo doctor --fix --rename` moves it to the
// document's, which builds too (sharing the first build's cargo target directory).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { camkesPlatforms, defconfigName } from '../../src/camkes/project.js';
import { createHarness } from '../helpers/camkes-harness.js';
import { ostooBin, tempDir } from '../helpers/paths.js';
import { sharedOrSkip } from '../helpers/shared.js';
import { sharedStdEnv } from '../helpers/shared-std.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';

const tc = toolchainOrSkip();
const { toolchain } = tc;
const { skip: noTrees } = sharedOrSkip('real-trees');
const skip = tc.skip || noTrees;
/** The first test's project and x86_64 cargo target directory, which the second one reuses. */
let generated = '';
let sharedTargetDir = '';

const elfMachine: Record<string, RegExp> = {
  x86_64: /Machine:\s+Advanced Micro Devices X86-64/,
  ia32: /Machine:\s+Intel 80386/,
  aarch32: /Machine:\s+ARM$/m,
  aarch64: /Machine:\s+AArch64/,
  riscv64: /Machine:\s+RISC-V/,
};

/** Defined global symbols of an archive (nm may complain about members it cannot read). */
async function definedSymbols(archive: string): Promise<Map<string, string>> {
  const { stdout } = await execa('nm', ['-g', '--defined-only', archive], { reject: false });
  const out = new Map<string, string>();
  for (const m of stdout.matchAll(/^[0-9a-f]*\s+([A-Za-z])\s+(\S+)$/gm)) out.set(m[2]!, m[1]!);
  return out;
}

async function undefinedSymbols(archive: string): Promise<Set<string>> {
  const { stdout } = await execa('nm', ['-u', archive], { reject: false });
  return new Set([...stdout.matchAll(/^\s+U\s+(\S+)$/gm)].map((m) => m[1]!));
}

/** The archive's symbol index (read by nm without looking into members). */
async function archiveIndex(archive: string): Promise<Set<string>> {
  const { stdout } = await execa('nm', ['-s', archive], { reject: false });
  return new Set([...stdout.matchAll(/^(\S+) in \S+$/gm)].map((m) => m[1]!));
}

test(
  'generated rules build lib, libcompiler-rt and three Rust components for x86_64; they link and run on Linux',
  { skip, timeout: 20 * 60_000 },
  async (t) => {
    const root = tempDir('camkes-build');
    const project = path.join(root, 'hellorust-project');
    await execa(process.execPath, [
      ostooBin,
      'new',
      project,
      '--flavor',
      'camkes',
      '--yes',
      '--toolchain-path',
      toolchain!.root,
    ]);
    // A second Rust component, added the way a user would: it must build too.
    await execa(
      process.execPath,
      [
        ostooBin,
        'camkes-component',
        'counter',
        '--uses',
        'Greeter:greeter2',
        '--connect',
        'greeter2=server_obj.greeter',
      ],
      { cwd: project },
    );

    const harness = createHarness(project, root);
    const timings: string[] = [];
    const outOf = (label: string) => path.join(root, 'out', label);

    const buildAndCheck = async (platform: (typeof camkesPlatforms)[number]) => {
      const out = outOf(platform.label);
      const started = Date.now();
      // ostoo on PATH: rust.mk links the suite's shared core/alloc/compiler_builtins for each spec.
      const build = await execa('make', harness.makeArgs(out, defconfigName('hellorust', platform)), {
        env: sharedStdEnv(),
        all: true,
        reject: false,
      });
      const seconds = (Date.now() - started) / 1000;
      timings.push(`${platform.arch} ${seconds.toFixed(1)} s`);
      assert.equal(build.exitCode, 0, `make for ${platform.arch} failed:\n${build.all}`);
      assert.match(build.all!, / \[RS\] libhello\.a\n/);
      // The app's link sees both Rust components as libraries, from its own build directory.
      assert.match(
        build.all!,
        /client:\[rust_client\] counter:\[rust_counter\] server:\[hello\] server_rs:\[rust_server_rs\] NK_LDFLAGS:\[-L\S+\/build\/hellorust\/rust-libs\]/,
      );

      const lib = path.join(out, 'stage/lib/libhello.a');
      const builtins = path.join(out, 'stage/lib/libcompiler-rt.a');
      const client = path.join(out, 'build/hellorust/rust-libs/librust_client.a');
      const counter = path.join(out, 'build/hellorust/rust-libs/librust_counter.a');
      for (const archive of [lib, builtins, client, counter]) {
        const { stdout } = await execa('readelf', ['-h', archive]);
        assert.match(stdout, elfMachine[platform.arch]!, `${path.basename(archive)} is built for ${platform.arch}`);
        assert.doesNotMatch(
          stdout,
          /hard-float|double-float/,
          `${path.basename(archive)}: soft-float ABI where seL4's C code uses it`,
        );
      }
      const libSyms = await definedSymbols(lib);
      assert.equal(libSyms.get('hello_adler32'), 'T', `${platform.arch}: libhello.a exports hello_adler32`);
      assert.equal(libSyms.get('hello_abi_version'), 'T');
      for (const archive of [client, counter]) {
        assert.equal(
          (await definedSymbols(archive)).get('run'),
          'T',
          `${platform.arch}: ${path.basename(archive)} exports run`,
        );
      }
      const clientNeeds = await undefinedSymbols(client);
      for (const sym of ['greeter_greet', 'malloc', 'free', 'printf', 'abort'])
        assert.ok(clientNeeds.has(sym), `client calls ${sym} from C`);
      const index = await archiveIndex(builtins);
      assert.ok(index.has('__udivdi3'), `${platform.arch}: libcompiler-rt.a indexes compiler_builtins' __udivdi3`);
      if (platform.arch === 'aarch32') assert.ok(index.has('__aeabi_uldivmod'));
      // The staged header declares what the archive exports.
      const header = readFileSync(path.join(out, 'stage/include/hello.h'), 'utf8');
      assert.match(header, /^uint32_t hello_adler32\(const uint8_t \*data, size_t len\);$/m);
      assert.match(header, /^uint32_t hello_abi_version\(void\);$/m);
    };
    const x86_64 = camkesPlatforms.find((p) => p.arch === 'x86_64')!;
    await buildAndCheck(x86_64);
    generated = project;
    sharedTargetDir = path.join(outOf('x86_64'), 'build', 'rust', 'target');

    // A second build of one architecture reuses everything.
    let started = Date.now();
    const again = await execa('make', harness.makeArgs(outOf('x86_64'), defconfigName('hellorust', x86_64)), {
      env: sharedStdEnv(),
      all: true,
    });
    timings.push(`x86_64 again ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.doesNotMatch(again.all!, /CBINDGEN\] updated/, 'the checked-in header is what cbindgen generates');

    // x86_64 on Linux: the component with a C stand-in for its camkes.h side, and the library.
    const x86 = outOf('x86_64');
    const cDir = tempDir('camkes-c');
    writeFileSync(
      path.join(cDir, 'component.c'),
      [
        '#include <stdint.h>',
        '#include <stdio.h>',
        '#include <stdlib.h>',
        '#include <string.h>',
        'int run(void);',
        '/* The RPC stubs camkes.h declares for client.greeter and client.greeterrust; here they answer directly. */',
        'int greeter_greet(const char *name) { printf("server: hello, %s!\\n", name); return (int)strlen(name); }',
        'char *greeterrust_greet(const char *name, uint32_t *checksum) {',
        '  char *answer = malloc(strlen(name) + 9);',
        '  sprintf(answer, "hello, %s!", name);',
        '  *checksum = 7;',
        '  return answer;',
        '}',
        '/* The dataport client.notes, and the event client.ready: here it shows the note. */',
        'static char page[4096];',
        'void *notes = page;',
        'void ready_emit(void) { printf("ready: %s\\n", page); }',
        'int main(void) { int rc = run(); fflush(stdout); return rc; }',
        '',
      ].join('\n'),
    );
    started = Date.now();
    await execa('gcc', [
      '-o',
      path.join(cDir, 'component'),
      path.join(cDir, 'component.c'),
      path.join(x86, 'build/hellorust/rust-libs/librust_client.a'),
    ]);
    const ran = await execa(path.join(cDir, 'component'));
    assert.equal(
      ran.stdout,
      [
        'client: hello from Rust',
        'server: hello, seL4 + CAmkES + Rust!',
        'client: greeter answered 0x00000014',
        'client: server_rs answered "hello, seL4 + CAmkES + Rust!" (adler32 0x00000007)',
        'client: emitting ready',
        'ready: a note through a dataport',
      ].join('\n'),
    );

    writeFileSync(
      path.join(cDir, 'library.c'),
      [
        '#include <stdio.h>',
        '#include <string.h>',
        '#include <hello.h>',
        'int main(void) {',
        '  const char *text = "Wikipedia";',
        '  printf("%08x %08x %u\\n", hello_adler32((const uint8_t *)text, strlen(text)), hello_adler32(NULL, 0), hello_abi_version());',
        '  return 0;',
        '}',
        '',
      ].join('\n'),
    );
    await execa('gcc', [
      '-Wall',
      '-Werror',
      '-I',
      path.join(x86, 'stage/include'),
      '-o',
      path.join(cDir, 'library'),
      path.join(cDir, 'library.c'),
      path.join(x86, 'stage/lib/libhello.a'),
    ]);
    assert.equal((await execa(path.join(cDir, 'library'))).stdout, '11e60398 00000001 1');
    timings.push(`x86_64 link and run ${((Date.now() - started) / 1000).toFixed(1)} s`);
    t.diagnostic(`camkes build timings: ${timings.join(', ')}`);
  },
);

/** A generated project as ostoo wrote it before the seL4 document's names (its earlier tools/rust/ and names). */
function toEarlierNames(project: string): void {
  const edit = (file: string, ...pairs: [RegExp, string][]) => {
    let text = readFileSync(path.join(project, file), 'utf8');
    for (const [re, to] of pairs) {
      assert.match(text, re, `${file}: ${re}`);
      text = text.replace(re, to);
    }
    writeFileSync(path.join(project, file), text);
  };
  edit('libs/libhello/Makefile', [/^RUST_TARGET :=/m, 'RUST_STATICLIB :=']);
  edit('libs/libcompiler-rt/Makefile', [/^RUST_COMPILER_RT :=/m, 'RUST_BUILTINS_TARGET :=']);
  edit(
    'apps/hellorust/Makefile',
    [/^client_RUST := client$/m, 'RUST_CAMKES_COMPONENTS += client'],
    [/^server_rs_RUST := server_rs$/m, 'RUST_CAMKES_COMPONENTS += server_rs'],
    [/^counter_RUST := counter$/m, 'RUST_CAMKES_COMPONENTS += counter'],
  );
  edit('libs/libhello/Kbuild', [/ rust_sysroot$/m, '']);
  edit('libs/libcompiler-rt/Kbuild', [/ rust_sysroot$/m, ''], [/\n\n# seL4_tools' rust_sysroot runs[^]*$/, '\n']);
  edit('apps/hellorust/Kbuild', [/: rust_sysroot /, ': ']);
  edit('configs/hellorust_x86_64_defconfig', [/^#\n# Rust: seL4_tools[^]*?CONFIG_RUST_COMPILE_RELEASE=y\n\n/m, '']);
  edit('tools/rust/rust.mk', [/^### The seL4 document's names[^\n]*\ninclude \$\(RUST_MK_DIR\)\/xargo\.mk\n\n/m, '']);
  for (const f of [
    'tools/rust/xargo.mk',
    'tools/rust/xargo',
    'tools/rust/toolchain.sh',
    'tools/rust/README.md',
    'tools/xargo',
  ])
    rmSync(path.join(project, f), { recursive: true });
}

test(
  "ostoo's earlier make names still build; doctor --fix --rename moves them to the document's, which build too",
  { skip, timeout: 10 * 60_000 },
  async (t) => {
    assert.ok(generated, 'the first test built the project');
    const root = tempDir('camkes-earlier');
    const project = path.join(root, 'hellorust-project');
    cpSync(generated, project, { recursive: true });
    for (const f of ['libs/libhello/target', 'libs/libhello/Cargo.lock', 'tools/xargo/target'])
      rmSync(path.join(project, f), { recursive: true, force: true });
    toEarlierNames(project);
    const harness = createHarness(project, root);
    const build = async (label: string) => {
      const out = path.join(root, 'out', label);
      const started = Date.now();
      const res = await execa(
        'make',
        [...harness.makeArgs(out, 'hellorust_x86_64_defconfig'), `RUST_TARGET_DIR=${sharedTargetDir}`],
        { all: true, reject: false },
      );
      t.diagnostic(`${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      assert.equal(res.exitCode, 0, `${label}:\n${res.all}`);
      assert.doesNotMatch(res.all!, /Compiling core/, `${label}: core comes from the first build`);
      for (const archive of [
        'stage/lib/libhello.a',
        'stage/lib/libcompiler-rt.a',
        'build/hellorust/rust-libs/librust_client.a',
      ])
        assert.ok(existsSync(path.join(out, archive)), `${label}: ${archive}`);
      return res.all!;
    };
    const earlier = await build('earlier');
    assert.match(
      earlier,
      /client:\[rust_client\] counter:\[rust_counter\] server:\[hello\] server_rs:\[rust_server_rs\]/,
    );

    const ostoo = (args: string[]) =>
      execa(process.execPath, [ostooBin, 'doctor', ...args, '--toolchain-path', toolchain!.root], {
        cwd: project,
        all: true,
        reject: false,
      });
    const check = await ostoo([]);
    assert.equal(check.exitCode, 1, check.all);
    assert.match(check.all!, /^MISSING Rust support: tools\/rust\/ is ostoo's earlier one/m);
    assert.match(
      check.all!,
      /^offer {3}libs\/libhello names: ostoo's earlier names \(they still build\): RUST_STATICLIB -> RUST_TARGET; Kbuild: rust_sysroot$/m,
    );
    assert.match(
      check.all!,
      /^offer {3}apps\/hellorust names: ostoo's earlier names \(they still build\): RUST_CAMKES_COMPONENTS \+= client -> client_RUST := client; RUST_CAMKES_COMPONENTS \+= server_rs -> server_rs_RUST := server_rs; RUST_CAMKES_COMPONENTS \+= counter -> counter_RUST := counter; Kbuild: rust_sysroot$/m,
    );
    assert.match(check.all!, /^`ostoo doctor --fix --rename` moves them/m);

    const fixed = await ostoo(['--fix', '--rename']);
    assert.equal(fixed.exitCode, 0, fixed.all);
    // The moved files are the ones ostoo generates today, line for line.
    for (const f of [
      'libs/libhello/Makefile',
      'libs/libcompiler-rt/Makefile',
      'apps/hellorust/Makefile',
      'tools/rust/rust.mk',
      'tools/rust/xargo',
      'tools/rust/xargo.mk',
      'tools/xargo/src/main.rs',
    ])
      assert.equal(readFileSync(path.join(project, f), 'utf8'), readFileSync(path.join(generated, f), 'utf8'), f);
    // The earlier Kbuild kept libcompiler-rt among the app's prerequisites; rust_sysroot is added.
    const appKbuild = readFileSync(path.join(project, 'apps/hellorust/Kbuild'), 'utf8');
    assert.match(appKbuild, /^hellorust: rust_sysroot$/m);
    assert.match(appKbuild, /^ {4}libsel4sync libsel4debug libsel4muslcsys libhello libcompiler-rt$/m);
    assert.match(
      readFileSync(path.join(project, 'configs/hellorust_x86_64_defconfig'), 'utf8'),
      /^CONFIG_USE_RUST=y\nCONFIG_RUST_COMPILE_RELEASE=y$/m,
    );
    const again = await ostoo([]);
    assert.equal(again.exitCode, 0, again.all);
    assert.doesNotMatch(again.all!, /^(MISSING|offer)/m);

    const renamed = await build('renamed');
    assert.match(renamed, / \[RS\] libhello\.a\n/);
    assert.match(
      renamed,
      /client:\[rust_client\] counter:\[rust_counter\] server:\[hello\] server_rs:\[rust_server_rs\]/,
    );
  },
);
