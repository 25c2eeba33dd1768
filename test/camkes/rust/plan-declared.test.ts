// `ostoo camkes-component` with --provides, --dataport, --emits, --consumes, --replace and
// --refresh, through the one add-component planner, on a Kbuild-era app (the samples-layout
// fixture) and a CMake one (upstream adder from the seL4 snapshot): what each edit adds, and
// every refusal leaves the tree byte-identical with a one-line reason. The builds in seL4,
// booted in QEMU, are in test/boot/camkes-cmake.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { ostooBin, repoRoot, tempDir } from '../../helpers/paths.js';
import { snapshotTree } from '../../helpers/tree.js';
import { sel4Dir } from '../../helpers/sel4-cmake.js';
import { toolchainOrSkip } from '../../helpers/toolchain.js';

const { toolchain, skip } = toolchainOrSkip();
const tcArgs = ['--toolchain-path', toolchain?.root ?? '/usr'];
const ostoo = (args: string[], cwd: string) =>
  execa(process.execPath, [ostooBin, ...args], { cwd, reject: false, all: true });

/** The samples-layout fixture, without its method on a header type (which ports refuse by name). */
function kbuildApp(): string {
  const dir = tempDir('declared-kbuild');
  cpSync(path.join(repoRoot, 'test/fixtures/camkes-samples-layout/pingpong'), path.join(dir, 'pingpong'), {
    recursive: true,
  });
  const idl = path.join(dir, 'pingpong/interfaces/pingpong.camkes');
  writeFileSync(idl, readFileSync(idl, 'utf8').replace(/^.*Token take.*\n/m, ''));
  return dir;
}

async function cmakeApps(): Promise<string> {
  const dir = tempDir('declared-cmake');
  await execa('tar', ['-xJf', path.join(sel4Dir, 'camkes-src.tar.xz'), '-C', dir, './projects/camkes/apps/adder']);
  return path.join(dir, 'projects/camkes/apps');
}

async function assertRefused(cwd: string, args: string[], message: RegExp) {
  const before = snapshotTree(cwd);
  const res = await ostoo(args, cwd);
  assert.notEqual(res.exitCode, 0, `${args.join(' ')} is refused`);
  assert.match(res.all, message, args.join(' '));
  assert.equal(res.all.trim().split('\n').length, 1, `one line: ${res.all}`);
  assert.deepEqual(snapshotTree(cwd), before, `${args.join(' ')} leaves the tree as it was`);
}

test('Kbuild app: --replace ports a C instance, --provides/--dataport/--emits/--consumes make a new one', async () => {
  const dir = kbuildApp();
  const app = path.join(dir, 'pingpong');
  const port = await ostoo(['camkes-component', 'rustpong', '--app', 'pingpong', '--replace', 'pong_object'], dir);
  assert.equal(port.exitCode, 0, port.all);
  const adl = readFileSync(path.join(app, 'pingpong.camkes'), 'utf8');
  assert.match(adl, /^ {8}component rustpong pong_object;$/m, 'the instance takes the new type in place');
  assert.match(adl, /^import "components\/rustpong\/rustpong\.camkes";$/m);
  assert.match(adl, /connection seL4RPCCall pp_connection\(from ping_object\.pp, to pong_object\.pp\);/);
  assert.doesNotMatch(adl, /component pong pong_object/);
  assert.match(readFileSync(path.join(app, 'Makefile'), 'utf8'), /^rustpong_RUST := rustpong$/m, "the document's name");
  const own = readFileSync(path.join(app, 'components/rustpong/rustpong.camkes'), 'utf8');
  assert.match(own, /component rustpong \{\n {4}provides PingPong pp;\n\}/);
  const stub = readFileSync(path.join(app, 'components/rustpong/src/pp.rs'), 'utf8');
  assert.match(stub, /unimplemented!\("pp\.ping \(PingPong\)"\)/);
  assert.match(stub, /unimplemented!\("pp\.note \(PingPong\)"\)/);
  assert.ok(existsSync(path.join(app, 'components/rustpong/src/camkes_glue.c')), 'the C glue is in src/*.c');
  assert.ok(existsSync(path.join(app, 'components/pong/src/main.c')), 'the C component stays');

  const made = await ostoo(
    [
      'camkes-component',
      'srv',
      '--app',
      'pingpong',
      '--provides',
      'PingPong:serve',
      '--dataport',
      'Buf(8192):buf',
      '--emits',
      'Ready:done',
      '--consumes',
      'Ready:go',
      '--new-event',
      'Ready',
    ],
    dir,
  );
  assert.equal(made.exitCode, 0, made.all);
  const srv = readFileSync(path.join(app, 'components/srv/srv.camkes'), 'utf8');
  for (const line of [
    'control;',
    'provides PingPong serve;',
    'emits Ready done;',
    'consumes Ready go;',
    'dataport Buf(8192) buf;',
  ])
    assert.ok(srv.includes(`    ${line}\n`), `srv.camkes: ${line}`);
  const camkesRs = readFileSync(path.join(app, 'components/srv/src/camkes.rs'), 'utf8');
  for (const item of ['pub mod serve', 'pub mod buf', 'pub mod done', 'pub mod go'])
    assert.ok(camkesRs.includes(item), `camkes.rs has ${item}`);

  // --refresh of an unchanged component rewrites its generated files as they are.
  const before = snapshotTree(dir);
  const refreshed = await ostoo(['camkes-component', 'srv', '--app', 'pingpong', '--refresh'], dir);
  assert.equal(refreshed.exitCode, 0, refreshed.all);
  assert.deepEqual(snapshotTree(dir), before);

  const cases: [string[], RegExp][] = [
    [['--replace', 'nobody'], /has no instance 'nobody'/],
    [['--replace', 'pong_object'], /its component rustpong is already a Rust component/],
    [['--replace', 'ping_object', '--provides', 'PingPong'], /--replace takes the interfaces .* drop --provides/],
    [['--provides', 'Nope'], /procedure 'Nope' is not defined/],
    [['--emits', 'Typo:e'], /no component of the app emits or consumes an event 'Typo'/],
    [['--dataport', 'Frame:f'], /no header of the app defines a type 'Frame'/],
    [['--dataport', 'Buf(100):f'], /positive multiple of 4096/],
    [['--provides', 'PingPong:x', '--emits', 'Ready:x'], /interface 'x' is given twice/],
    [['--provides', 'PingPong:x', '--connect', 'x=nobody.pp'], /the composition has no instance 'nobody'/],
    // ping_object.pp (uses) is in pp_connection already: a second server for it is refused by name.
    [
      ['--provides', 'PingPong:x', '--connect', 'x=ping_object.pp'],
      /--connect x=ping_object\.pp: ping_object\.pp is connected already \(connection pp_connection\)/,
    ],
    // One --connect per end: the second onto the same end is refused too.
    [
      ['--consumes', 'Ready:a', '--consumes', 'Ready:b', '--connect', 'a=srv_obj.done', '--connect', 'b=srv_obj.done'],
      /--connect b=srv_obj\.done: srv_obj\.done is connected already \(connection fresh_obj_a\)/,
    ],
  ];
  for (const [extra, message] of cases)
    await assertRefused(dir, ['camkes-component', 'fresh', '--app', 'pingpong', ...extra], message);
  await assertRefused(
    dir,
    ['camkes-component', 'srv', '--app', 'pingpong', '--provides', 'PingPong'],
    /components\/srv already exists/,
  );
});

test('CMake app: upstream adder with --replace adder, and a new Rust server', { skip }, async () => {
  const apps = await cmakeApps();
  const app = path.join(apps, 'adder');
  const port = await ostoo(['camkes-component', 'rustadder', '--app', 'adder', '--replace', 'adder', ...tcArgs], apps);
  assert.equal(port.exitCode, 0, port.all);
  const cmake = readFileSync(path.join(app, 'CMakeLists.txt'), 'utf8');
  assert.ok(
    cmake.includes(
      'DeclareCAmkESComponent(\n    "rustadder"\n    SOURCES "components/rustadder/src/camkes_glue.c"\n    LIBS "rustadder_rust"\n)\n',
    ),
    cmake,
  );
  const adl = readFileSync(path.join(app, 'adder.camkes'), 'utf8');
  assert.match(adl, /^ {8}component rustadder adder;$/m);
  assert.match(adl, /connection seL4SharedData s\(from adder\.d, to client\.d\);/);
  const own = readFileSync(path.join(app, 'components/rustadder/rustadder.camkes'), 'utf8');
  assert.match(own, /dataport Buf d;/);
  assert.match(own, /provides Addition a;/);
  assert.match(readFileSync(path.join(app, 'components/rustadder/src/a.rs'), 'utf8'), /not implemented|unimplemented!/);

  const made = await ostoo(
    ['camkes-component', 'twice', '--app', 'adder', '--provides', 'Addition:calc', '--dataport', 'Buf:d', ...tcArgs],
    apps,
  );
  assert.equal(made.exitCode, 0, made.all);
  assert.match(readFileSync(path.join(app, 'adder.camkes'), 'utf8'), /^ {8}component twice twice_obj;$/m);
  await assertRefused(
    apps,
    ['camkes-component', 'other', '--app', 'adder', '--replace', 'adder', ...tcArgs],
    /already a Rust component/,
  );
  await assertRefused(
    apps,
    ['camkes-component', 'third', '--app', 'adder', '--provides', 'Addition', '--instance', 'client', ...tcArgs],
    /already has an instance named 'client'/,
  );
  await assertRefused(
    apps,
    ['camkes-component', 'third', '--app', 'adder', '--consumes', 'Nope:e', ...tcArgs],
    /event 'Nope'/,
  );
});
