// `ostoo update` on a CMake CAmkES app, a Kbuild CAmkES project and a Microkit system, each
// through the same cycle as the user-rs one: made by an "older ostoo" (files set back to an
// older text, in the project and its merge base alike), the user edits a generated file and
// one ostoo also changes, adds a component or PD with ostoo, then updates. The added part is
// planned again from the record's `added` list: its own file takes the newer text, and its
// lines in the app's build files and assembly (or the .system and the workspace) stay, once.
// Each project is then built, not booted: the CMake app's Rust crates with its own
// rust.cmake on this host (x86_64-sel4), the Kbuild project's with its make rules in the
// harness standing in for the seL4 build (x86_64), the Microkit system with the real SDK.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { camkesPlatforms, defconfigName } from '../../src/camkes/project.js';
import { createHarness } from '../helpers/camkes-harness.js';
import { microkitOrSkip, sharedCargoTarget } from '../helpers/microkit.js';
import { tempDir } from '../helpers/paths.js';
import { sharedOrSkip } from '../helpers/shared.js';
import { sharedStdEnv } from '../helpers/shared-std.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';
import { commitAll, count, files, git, older, ostoo, read, without } from '../helpers/update.js';

const { toolchain, skip: noToolchain } = toolchainOrSkip();
const tcArgs = ['--toolchain-path', toolchain?.root ?? '/usr'];
const timeout = 15 * 60_000;
const NOTE = '# my own note at the end\n';

interface Cycle {
  /** The project root (its record, base and git repository). */
  dir: string;
  /** A generated file only the user edits: [file, ostoo's text, the user's]. */
  userEdit: [string, string, string];
  /** A file both change: the newer ostoo adds `line`, the user appends NOTE. */
  both: [string, string];
  /** The user's own files ostoo edits when the part is added: the newer ostoo adds `line` to the first. */
  edited: [string, string];
  /** The command that adds a component or PD, run in `addIn`. */
  add: string[];
  addIn: string;
  /** A file the command created: the newer ostoo adds `line`. */
  created: [string, string];
  /** Lines ostoo put in the project's files when adding: each is there once, before and after. */
  once: [string, RegExp][];
}

async function updateCycle(c: Cycle): Promise<void> {
  const { dir } = c;
  await git(['init', '-q'], dir);
  // As an older ostoo made it: without the lines this one adds.
  older(dir, c.both[0], without(c.both[1]));
  older(dir, c.edited[0], without(c.edited[1]));
  await commitAll(dir, 'made by an older ostoo');
  // The user's edits, then a part added with (the older) ostoo.
  const [mine, from, to] = c.userEdit;
  writeFileSync(path.join(dir, mine), read(dir, mine).replace(from, to));
  writeFileSync(path.join(dir, c.both[0]), read(dir, c.both[0]) + NOTE);
  const added = await ostoo(c.add, c.addIn);
  assert.equal(added.exitCode, 0, added.all);
  older(dir, c.created[0], without(c.created[1]));
  for (const [file, line] of c.once) assert.equal(count(dir, file, line), 1, `${file}: ${line} once after adding`);
  const rc = JSON.parse(read(dir, '.yo-rc.json'))['generator-ostoo'];
  assert.equal(rc.made, 'new');
  assert.equal(rc.added?.length, 1, 'the added part is in the record');
  assert.equal(rc.added[0].command, c.add[0]);
  await commitAll(dir, 'my edits, and a part added');

  const before = files(dir);
  const dry = await ostoo(['update', '--dry-run'], dir);
  assert.equal(dry.exitCode, 0, dry.all);
  const shown = (rel: string) => rel.replace(/[.]/g, '\\.');
  assert.match(dry.all, new RegExp(`${shown(c.both[0])}\\s+your edits and ostoo's changes, merged`));
  assert.match(dry.all, new RegExp(`${shown(c.edited[0])}\\s+you had not changed it: ostoo's new text`));
  assert.match(dry.all, new RegExp(`${shown(c.created[0])}\\s+you had not changed it: ostoo's new text`));
  assert.match(dry.all, new RegExp(`${shown(mine)}\\s+only you changed it: kept`));
  assert.deepEqual(files(dir), before, 'a dry run writes nothing');

  const upd = await ostoo(['update', '--yes'], dir);
  assert.equal(upd.exitCode, 0, upd.all);
  assert.ok(read(dir, c.both[0]).includes(c.both[1]), `${c.both[0]}: the newer line is in`);
  assert.ok(read(dir, c.both[0]).endsWith(NOTE), `${c.both[0]}: the user's note stays`);
  assert.ok(read(dir, c.edited[0]).includes(c.edited[1]), `${c.edited[0]}: the newer line is in`);
  assert.ok(read(dir, c.created[0]).includes(c.created[1]), `${c.created[0]}: the added part's newer text`);
  assert.ok(read(dir, mine).includes(to), `${mine}: the user's edit stays`);
  for (const [file, line] of c.once) assert.equal(count(dir, file, line), 1, `${file}: ${line} once after the update`);
  // The base is this ostoo's now: a second update has nothing to do.
  await commitAll(dir, 'updated');
  const settled = files(dir);
  const again = await ostoo(['update', '--yes'], dir);
  assert.equal(again.exitCode, 0, again.all);
  assert.doesNotMatch(again.all, /merged|new text|new file|CONFLICT/);
  assert.deepEqual(files(dir), settled);
}

const USER_GREETING: [string, string] = ['client: hello from Rust', 'client: hello from my own client'];

test(
  'camkes-cmake: update merges a newer ostoo into an edited app with an added component; its Rust crates build',
  { skip: noToolchain, timeout },
  async (t) => {
    const app = path.join(tempDir('update-cmake'), 'rustapp');
    const made = await ostoo(['new', app, '--flavor', 'camkes-cmake', '--yes', ...tcArgs], path.dirname(app));
    assert.equal(made.exitCode, 0, made.all);
    await updateCycle({
      dir: app,
      userEdit: ['components/client/src/lib.rs', ...USER_GREETING],
      both: [
        'ostoo-rust/rust.cmake',
        '# PATH, core/alloc/compiler_builtins are prebuilt once per spec and flags instead.\n',
      ],
      edited: ['CMakeLists.txt', '# app (ostoo-rust/; `ostoo toolchain bump` re-pins it).\n'],
      add: ['camkes-component', 'worker'],
      addIn: app,
      created: [
        'components/worker/src/lib.rs',
        "//! `alloc` over the C heap (see runtime.rs); std would need syscalls seL4's libc lacks.\n",
      ],
      once: [
        ['CMakeLists.txt', /^DeclareCAmkESComponent\("worker" LIBS "worker_rust"\)$/],
        ['rustapp.camkes', /^\s*component worker worker_obj;$/],
        ['rustapp.camkes', /^import "components\/worker\/worker\.camkes";$/],
      ],
    });

    // The app's Rust crates, with the app's own rust.cmake, for x86_64-sel4 on this host.
    const host = tempDir('update-cmake-host');
    writeFileSync(
      path.join(host, 'CMakeLists.txt'),
      [
        'cmake_minimum_required(VERSION 3.16.0)',
        'project(host C)',
        'set(KernelSel4Arch x86_64)',
        `include("${app}/ostoo-rust/rust.cmake")`,
        `RustAddLibrary(hello SOURCE_DIR "${app}/libs/hello" LIB_FILENAME libhello.a)`,
        ...['client', 'server_rs', 'worker'].map(
          (c) =>
            `RustAddLibrary(${c}_rust SOURCE_DIR "${app}/components/${c}" TARGET x86_64-sel4-none LIB_FILENAME lib${c}.a)`,
        ),
        'add_custom_target(all_rust ALL DEPENDS hello_cargo client_rust_cargo server_rs_rust_cargo worker_rust_cargo)',
        '',
      ].join('\n'),
    );
    const build = path.join(host, 'build');
    const started = Date.now();
    const env = sharedStdEnv();
    const configure = await execa('cmake', ['-G', 'Ninja', '-S', host, '-B', build], { env, reject: false, all: true });
    assert.equal(configure.exitCode, 0, configure.all);
    const ninja = await execa('nice', ['ninja', '-C', build], { env, reject: false, all: true });
    assert.equal(ninja.exitCode, 0, ninja.all);
    for (const lib of ['hello', 'client_rust', 'server_rs_rust', 'worker_rust'])
      assert.match(ninja.stdout, new RegExp(`Building Rust library ${lib} \\(x86_64-sel4\\)`));
    t.diagnostic(`cmake app's Rust crates built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  },
);

const { skip: noTrees } = sharedOrSkip('real-trees');

test(
  'camkes (Kbuild): update merges a newer ostoo into an edited project with an added component; its make rules build it',
  { skip: noToolchain || noTrees, timeout },
  async (t) => {
    const root = tempDir('update-kbuild');
    const project = path.join(root, 'hellorust-project');
    const made = await ostoo(['new', project, '--flavor', 'camkes', '--yes', ...tcArgs], root);
    assert.equal(made.exitCode, 0, made.all);
    const app = 'apps/hellorust';
    await updateCycle({
      dir: project,
      userEdit: [`${app}/components/client/src/lib.rs`, ...USER_GREETING],
      both: ['tools/rust/rust.mk', '# CAmkES components. Generated by generator-ostoo.\n'],
      edited: [`${app}/Makefile`, '# client: a Rust component, the cargo crate in components/client.\n'],
      add: ['camkes-component', 'worker'],
      addIn: project,
      created: [
        `${app}/components/worker/src/lib.rs`,
        "//! `alloc` over the C heap (see runtime.rs); std would need syscalls seL4's libc lacks.\n",
      ],
      once: [
        [`${app}/Makefile`, /^worker_RUST := worker$/],
        [`${app}/hellorust.camkes`, /^\s*component worker worker_obj;$/],
      ],
    });

    // The library and both Rust components, through the project's make rules, for x86_64.
    const harness = createHarness(project, root);
    const x86_64 = camkesPlatforms.find((p) => p.arch === 'x86_64')!;
    const out = path.join(root, 'out');
    const started = Date.now();
    const build = await execa('make', harness.makeArgs(out, defconfigName('hellorust', x86_64)), {
      env: sharedStdEnv(),
      all: true,
      reject: false,
    });
    assert.equal(build.exitCode, 0, build.all);
    assert.match(build.all, / \[RS\] libhello\.a\n/);
    assert.match(
      build.all,
      /client:\[rust_client\] server:\[hello\] server_rs:\[rust_server_rs\] worker:\[rust_worker\]/,
    );
    for (const c of ['client', 'worker'])
      assert.ok(existsSync(path.join(out, `build/hellorust/rust-libs/librust_${c}.a`)), `librust_${c}.a built`);
    t.diagnostic(`Kbuild project's Rust parts built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  },
);

const { kit, skip: noKit } = microkitOrSkip();

test(
  'microkit: update merges a newer ostoo into an edited system with an added PD; it builds with the SDK',
  { skip: noToolchain || noKit, timeout },
  async (t) => {
    const dir = path.join(tempDir('update-microkit'), 'demo');
    const sdkArgs = ['--microkit-sdk', kit?.sdk ?? ''];
    const made = await ostoo(['new', dir, '--flavor', 'microkit', '--yes', ...tcArgs, ...sdkArgs], path.dirname(dir));
    assert.equal(made.exitCode, 0, made.all);
    await updateCycle({
      dir,
      userEdit: ['rust/client/src/lib.rs', ...USER_GREETING],
      both: ['rust/microkit.mk', "# with the SDK's libmicrokit, like Microkit's C PDs.\n"],
      edited: ['rust/Cargo.toml', read(dir, 'rust/Cargo.toml').split('\n')[0]! + '\n'],
      // No channel: one to client would need a match arm in the user's client (its own code).
      add: ['microkit-pd', 'greeter', '--priority', '90'],
      addIn: dir,
      created: [
        'rust/greeter/src/lib.rs',
        '//! file: its types are the channels, memory regions and IRQs this PD was given.\n',
      ],
      once: [
        ['demo.system', /<protection_domain name="greeter" /],
        ['rust/Cargo.toml', /^\s*"greeter",$/],
        ['rust/microkit.mk', /^MICROKIT_RUST_PDS \+= greeter$/],
      ],
    });
    const rustcVersion = (await execa(toolchain!.rustc, ['-vV'])).stdout;
    const started = Date.now();
    const build = await execa('make', ['-C', dir], {
      env: { CARGO_TARGET_DIR: sharedCargoTarget(rustcVersion) },
      reject: false,
      all: true,
      stdin: 'ignore',
    });
    assert.equal(build.exitCode, 0, build.all);
    assert.match(build.stdout, /-o build\/greeter\.elf/, 'the added PD is linked');
    t.diagnostic(`Microkit system built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  },
);
