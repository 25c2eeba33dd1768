// The camkes-cmake flavor, `ostoo camkes-rust` and `ostoo camkes-component` on CMake apps,
// outside seL4: the generated ostoo-rust/rust.cmake really builds the app's crates with cmake +
// ninja + cargo on this host (a C program links the Rust library and runs), incrementally and
// without writing into the source tree. The builds inside seL4, booted in QEMU, are in
// test/boot/camkes-cmake.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { ostooBin, tempDir } from '../helpers/paths.js';
import { snapshotTree } from '../helpers/tree.js';
import { sel4Dir } from '../helpers/sel4-cmake.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';

const { toolchain, skip } = toolchainOrSkip();
const tcArgs = ['--toolchain-path', toolchain?.root ?? '/usr'];
const ostoo = (args: string[], cwd: string) =>
  execa(process.execPath, [ostooBin, ...args], { cwd, reject: false, all: true });

/** Upstream's CAmkES apps (hellorust, adder) from the seL4 snapshot, into a fresh directory. */
async function upstreamApps(): Promise<string> {
  const dir = tempDir('cmake-apps');
  await execa('tar', [
    '-xJf',
    path.join(sel4Dir, 'camkes-src.tar.xz'),
    '-C',
    dir,
    './projects/camkes/apps/hellorust',
    './projects/camkes/apps/adder',
  ]);
  return path.join(dir, 'projects/camkes/apps');
}

/** Every line of `before` is in `after`, in order: the edit only added lines. */
function assertOnlyAdded(before: string, after: string): void {
  const rest = after.split('\n');
  for (const line of before.split('\n')) {
    const i = rest.indexOf(line);
    assert.ok(i >= 0, `line kept: ${JSON.stringify(line)}`);
    rest.splice(0, i + 1);
  }
}

/** A host CMake project building the app's Rust library with the app's own rust.cmake. */
function hostProject(app: string, extra = ''): string {
  const dir = tempDir('cmake-host');
  writeFileSync(
    path.join(dir, 'main.c'),
    '#include <stdio.h>\n#include <string.h>\n#include <hello.h>\nint main(void) {\n' +
      '  const char *s = "Wikipedia";\n  printf("v%u %08x\\n", hello_abi_version(), hello_adler32((const uint8_t *)s, strlen(s)));\n  return 0;\n}\n',
  );
  writeFileSync(
    path.join(dir, 'CMakeLists.txt'),
    [
      'cmake_minimum_required(VERSION 3.16.0)',
      'project(host C)',
      'set(KernelSel4Arch x86_64)', // what the seL4 configuration sets; picks x86_64-sel4
      `include("${app}/ostoo-rust/rust.cmake")`,
      `RustAddLibrary(hello SOURCE_DIR "${app}/libs/hello" LIB_FILENAME libhello.a)`,
      'add_executable(demo main.c)',
      `target_include_directories(demo PRIVATE "${app}/libs/hello/include")`,
      'target_link_libraries(demo hello)',
      extra,
      '',
    ].join('\n'),
  );
  return dir;
}

test(
  'new --flavor camkes-cmake: the app builds its Rust library with cmake + ninja, incrementally, writing nothing into the app',
  { skip, timeout: 10 * 60_000 },
  async () => {
    const parent = tempDir('cmake-new');
    const app = path.join(parent, 'rustdemo');
    const gen = await ostoo(['new', app, '--flavor', 'camkes-cmake', '--yes', ...tcArgs], parent);
    assert.equal(gen.exitCode, 0, gen.all);
    assert.match(gen.all, /CAmkES app ready \(CMake\): rustdemo/);
    const cmake = readFileSync(path.join(app, 'CMakeLists.txt'), 'utf8');
    assert.match(cmake, /^DeclareCAmkESRootserver\("rustdemo\.camkes"\)$/m, 'the app is named after DIR');
    // Each Rust component links its crate and the C glue made from its declaration.
    for (const c of ['client', 'server_rs'])
      assert.match(
        cmake,
        new RegExp(
          `^DeclareCAmkESComponent\\(\\n    "${c}"\\n    SOURCES "components/${c}/src/camkes_glue\\.c"\\n    LIBS "${c}_rust"\\n\\)$`,
          'm',
        ),
      );
    assert.match(
      readFileSync(path.join(app, 'components/client/src/lib.rs'), 'utf8'),
      /println!\("client: hello from Rust"\);/,
    );
    const rc = JSON.parse(readFileSync(path.join(app, '.yo-rc.json'), 'utf8'))['generator-ostoo'];
    assert.equal(rc.flavor, 'camkes-cmake');
    assert.deepEqual(
      Object.keys(rc.derivedSpecs).sort(),
      ['aarch64', 'armv7', 'i686', 'riscv64imac', 'x86_64'].map((t) => `ostoo-rust/targets/${t}-sel4.json`).sort(),
    );
    assert.match(
      readFileSync(path.join(app, 'ostoo-rust/toolchain.cmake'), 'utf8'),
      new RegExp(`set\\(OSTOO_RUST_TOOLCHAIN "${toolchain!.root}"\\)`),
    );

    const before = snapshotTree(app);
    const host = hostProject(
      app,
      'RustAddLibrary(client_rust SOURCE_DIR "' +
        app +
        '/components/client" TARGET x86_64-sel4-none LIB_FILENAME libclient.a)\nadd_custom_target(all_rust ALL DEPENDS client_rust_cargo)',
    );
    const build = path.join(host, 'build');
    const configure = await execa('cmake', ['-G', 'Ninja', '-S', host, '-B', build], { reject: false, all: true });
    assert.equal(configure.exitCode, 0, configure.all);
    const first = await execa('nice', ['ninja', '-C', build], { reject: false, all: true });
    assert.equal(first.exitCode, 0, first.all);
    assert.match(first.stdout, /Building Rust library hello \(x86_64-sel4\)/);
    assert.match(first.stdout, /Building Rust library client_rust \(x86_64-sel4\)/);
    assert.equal((await execa(path.join(build, 'demo'))).stdout, 'v1 11e60398', 'adler32("Wikipedia") from Rust');
    assert.deepEqual(snapshotTree(app), before, 'no Cargo.lock, no target/ in the app');

    const again = await execa('ninja', ['-C', build]);
    assert.match(again.stdout, /ninja: no work to do\./, 'an unchanged tree rebuilds nothing');

    const lib = path.join(app, 'libs/hello/src/lib.rs');
    writeFileSync(lib, readFileSync(lib, 'utf8').replace(/-> u32 \{\n {4}1\n\}/, '-> u32 {\n    2\n}'));
    const edited = await execa('ninja', ['-C', build]);
    assert.match(edited.stdout, /Building Rust library hello/);
    assert.doesNotMatch(edited.stdout, /client_rust/, 'only the edited crate is rebuilt');
    assert.match(edited.stdout, /Linking C executable demo/);
    assert.equal((await execa(path.join(build, 'demo'))).stdout, 'v2 11e60398');
  },
);

test('RustAddLibrary refuses an unknown TARGET at configure time, naming the known ones', { skip }, async () => {
  const parent = tempDir('cmake-target');
  const app = path.join(parent, 'tgt');
  assert.equal(
    (
      await ostoo(
        ['new', app, '--flavor', 'camkes-cmake', '--yes', '--bindgen', 'none', '--cbindgen', 'none', ...tcArgs],
        parent,
      )
    ).exitCode,
    0,
  );
  const host = hostProject(
    app,
    `RustAddLibrary(other SOURCE_DIR "${app}/libs/hello" TARGET sparc-sel4-none LIB_FILENAME libhello.a)`,
  );
  const res = await execa('cmake', ['-G', 'Ninja', '-S', host, '-B', path.join(host, 'build')], {
    reject: false,
    all: true,
  });
  assert.notEqual(res.exitCode, 0);
  assert.match(
    res.all,
    /RustAddLibrary: unknown TARGET 'sparc-sel4-none' \(known: x86_64-sel4-none,[^]*aarch64-sel4-none[^]*x86_64-sel4\)/,
  );
});

test(
  'camkes-rust on upstream hellorust: only adds lines and files, pins the toolchain; a second run refreshes',
  { skip },
  async () => {
    const apps = await upstreamApps();
    const hello = path.join(apps, 'hellorust');
    const before = readFileSync(path.join(hello, 'CMakeLists.txt'), 'utf8');
    const res = await ostoo(['camkes-rust', 'hellorust', ...tcArgs], apps);
    assert.equal(res.exitCode, 0, res.all);
    assert.match(res.all, /Rust support added in hellorust\/ostoo-rust .*CMakeLists\.txt now includes it/);
    const after = readFileSync(path.join(hello, 'CMakeLists.txt'), 'utf8');
    assertOnlyAdded(before, after);
    assert.match(
      after,
      /^include\(rust\)\n# Rust libraries: .*\ninclude\("\$\{CMAKE_CURRENT_LIST_DIR\}\/ostoo-rust\/rust\.cmake"\)$/m,
    );
    assert.ok(existsSync(path.join(hello, 'ostoo-rust/targets/x86_64-sel4.json')));
    assert.equal(
      JSON.parse(readFileSync(path.join(hello, '.yo-rc.json'), 'utf8'))['generator-ostoo'].flavor,
      'camkes-cmake',
    );

    const snapshot = snapshotTree(hello);
    const again = await ostoo(['camkes-rust', hello, ...tcArgs], apps);
    assert.equal(again.exitCode, 0, again.all);
    assert.match(again.all, /Rust support refreshed/);
    assert.deepEqual(snapshotTree(hello), snapshot, 'refreshing with the same toolchain changes nothing');

    // The app is upstream's, not ostoo's: ostoo update cannot render it, says so, and writes nothing.
    const update = await ostoo(['update', '--yes'], hello);
    assert.equal(update.exitCode, 1, update.all);
    assert.match(
      update.stderr,
      /^ostoo: ostoo update cannot render \S+ again: its record has no `made` entry: the app or system is your own[^\n]* — take newer files by hand[^\n]*\n?$/,
    );
    assert.deepEqual(snapshotTree(hello), snapshot);
  },
);

test(
  'camkes-component on upstream adder adds a Rust component with CMake lines (and the support); only lines are added',
  { skip },
  async () => {
    const apps = await upstreamApps();
    const adder = path.join(apps, 'adder');
    const cmakeBefore = readFileSync(path.join(adder, 'CMakeLists.txt'), 'utf8');
    const adlBefore = readFileSync(path.join(adder, 'adder.camkes'), 'utf8');
    const res = await ostoo(
      [
        'camkes-component',
        'greeter',
        '--app',
        'adder',
        '--uses',
        'Addition:calc',
        '--connect',
        'calc=adder.a',
        ...tcArgs,
      ],
      apps,
    );
    assert.equal(res.exitCode, 0, res.all);
    const cmake = readFileSync(path.join(adder, 'CMakeLists.txt'), 'utf8');
    assertOnlyAdded(cmakeBefore, cmake);
    assert.match(cmake, /include\("\$\{CMAKE_CURRENT_LIST_DIR\}\/ostoo-rust\/rust\.cmake"\)\n\nadd_subdirectory/);
    assert.match(
      cmake,
      /RustAddLibrary\(\n {4}"greeter_rust"\n[^)]*\)\nDeclareCAmkESComponent\("greeter" LIBS "greeter_rust"\)\n\nDeclareCAmkESRootserver/,
    );
    const adl = readFileSync(path.join(adder, 'adder.camkes'), 'utf8');
    assertOnlyAdded(adlBefore, adl);
    assert.match(adl, /import "components\/greeter\/greeter\.camkes";/);
    assert.match(adl, /component greeter greeter_obj;/);
    assert.match(adl, /connection seL4RPCCall greeter_obj_calc\(from greeter_obj\.calc, to adder\.a\);/);
    assert.match(readFileSync(path.join(adder, 'components/greeter/greeter.camkes'), 'utf8'), /uses Addition calc;/);
    assert.ok(existsSync(path.join(adder, 'ostoo-rust/rust.cmake')));

    // A second component: the support is there, so no toolchain is needed and none is added.
    const second = await ostoo(['camkes-component', 'other', '--app', adder], apps);
    assert.equal(second.exitCode, 0, second.all);
    assert.doesNotMatch(second.all, /had no Rust support/);
    assert.equal(readFileSync(path.join(adder, 'CMakeLists.txt'), 'utf8').match(/ostoo-rust\/rust\.cmake/g)?.length, 1);
  },
);

test('refusals leave the tree byte-identical, with a one-line reason', { skip }, async () => {
  const apps = await upstreamApps();
  const noSrc = tempDir('nosrc-tc');
  mkdirSync(path.join(noSrc, 'bin'));
  writeFileSync(
    path.join(noSrc, 'bin', 'rustc'),
    '#!/bin/sh\nprintf "rustc 1.97.0-nightly (x 2026-05-19)\\nhost: x86_64-unknown-linux-gnu\\nrelease: 1.97.0-nightly\\n"\n',
  );
  writeFileSync(path.join(noSrc, 'bin', 'cargo'), '#!/bin/sh\n');
  chmodSync(path.join(noSrc, 'bin', 'rustc'), 0o755);
  const plain = path.join(apps, 'plain');
  mkdirSync(plain);
  writeFileSync(
    path.join(plain, 'CMakeLists.txt'),
    'cmake_minimum_required(VERSION 3.16)\nproject(plain C)\n# DeclareCAmkESRootserver(plain.camkes) is only a comment here\n',
  );
  const bogus = path.join(apps, 'bogus');
  cpSync(path.join(apps, 'hellorust'), bogus, { recursive: true });
  const cm = path.join(bogus, 'CMakeLists.txt');
  writeFileSync(cm, readFileSync(cm, 'utf8').replace('${RUST_ARCH}', 'sparc-sel4-none'));

  const cases: [string[], RegExp][] = [
    [
      ['camkes-rust', path.join(apps, 'adder/components'), ...tcArgs],
      /has no CMakeLists\.txt, so it is not a CMake CAmkES app/,
    ],
    [['camkes-rust', path.join(apps, 'missing'), ...tcArgs], /app directory .*missing does not exist/],
    [['camkes-rust', plain, ...tcArgs], /does not call DeclareCAmkESRootserver/],
    [['camkes-rust', bogus, ...tcArgs], /RustAddLibrary\(main \.\.\.\) has unknown TARGET 'sparc-sel4-none'/],
    [['camkes-rust', 'hellorust', '--toolchain-path', noSrc], /has no rust-src, which -Z build-std needs/],
    [['camkes-component', 'main', '--app', 'hellorust', ...tcArgs], /already declares a component 'main'/],
    [['camkes-component', 'extra', '--app', 'hellorust', '--toolchain-path', noSrc], /has no rust-src/],
    [['camkes-component', 'extra', '--app', 'plain', ...tcArgs], /no Makefile|does not exist|DeclareCAmkESRootserver/],
  ];
  for (const [args, message] of cases) {
    const before = snapshotTree(apps);
    const res = await ostoo(args, apps);
    assert.notEqual(res.exitCode, 0, `${args.join(' ')} is refused`);
    assert.match(res.all, message, args.join(' '));
    assert.deepEqual(snapshotTree(apps), before, `${args.join(' ')} leaves the tree as it was`);
  }
});

test('a new CMake app has a README.md naming where it goes and its build commands', { skip }, async () => {
  const parent = tempDir('cmake-readme');
  const app = path.join(parent, 'rustdemo');
  const gen = await ostoo(
    ['new', app, '--flavor', 'camkes-cmake', '--yes', '--bindgen', 'none', '--cbindgen', 'none', ...tcArgs],
    parent,
  );
  assert.equal(gen.exitCode, 0, gen.all);
  assert.match(gen.all, /^ {3}create README\.md$/m);
  const readme = readFileSync(path.join(app, 'README.md'), 'utf8');
  assert.match(readme, /^# rustdemo$/m);
  assert.match(readme, /repo init -u https:\/\/github\.com\/seL4\/camkes-manifest && repo sync/);
  assert.match(readme, /`projects\/camkes\/apps\/rustdemo`/);
  assert.match(readme, /^\.\.\/init-build\.sh -DPLATFORM=x86_64 -DCAMKES_APP=rustdemo -DSIMULATION=TRUE$/m);
  assert.match(readme, /^ninja$/m);
  assert.match(readme, /^\.\/simulate$/m);
});
