// The generated Rust make rules on x86_64, which the real Kbuild tree (test/boot/kbuild.test.ts:
// ia32 booted, ARM, aarch64 and riscv64 built) does not cover: GNU make builds the library,
// libcompiler-rt and two Rust components (the generated one and one added by ostoo
// camkes-component) in a harness standing in for the seL4 Kbuild build; nm and the headers
// are checked; the archives are linked into C programs on Linux and run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { camkesPlatforms, defconfigName } from '../../src/camkes/project.js';
import { createHarness } from '../helpers/camkes-harness.js';
import { ostooBin, tempDir } from '../helpers/paths.js';
import { sharedStdEnv } from '../helpers/shared-std.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';

const { toolchain, skip } = toolchainOrSkip();

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
  'generated rules build lib, libcompiler-rt and two Rust components for x86_64; they link and run on Linux',
  { skip, timeout: 10 * 60_000 },
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
        /client:\[rust_client\] counter:\[rust_counter\] server:\[hello\] NK_LDFLAGS:\[-L\S+\/build\/hellorust\/rust-libs\]/,
      );

      const lib = path.join(out, 'stage/lib/libhello.a');
      const builtins = path.join(out, 'stage/lib/libcompiler-rt.a');
      const client = path.join(out, 'build/hellorust/rust-libs/librust_client.a');
      const counter = path.join(out, 'build/hellorust/rust-libs/librust_counter.a');
      for (const archive of [lib, builtins, client, counter, path.join(out, 'build/libhello/libhello.a')]) {
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
        '#include <stdio.h>',
        '#include <string.h>',
        'int run(void);',
        '/* The RPC stub camkes.h declares for client.greeter; here it answers directly. */',
        'int greeter_greet(const char *name) { printf("server: hello, %s!\\n", name); return (int)strlen(name); }',
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
      ['client: hello from Rust', 'server: hello, seL4 + CAmkES + Rust!', 'client: greeter answered 0x00000014'].join(
        '\n',
      ),
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
