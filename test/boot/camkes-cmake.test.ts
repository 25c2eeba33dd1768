// The CMake CAmkES support in the real seL4 build (../shared/sel4): one workspace from
// new-workspace.sh for the file, and one x86_64 simulation build directory in it that each booted
// case points at its app (configure once, then -DCAMKES_APP=APP and ninja), so the kernel and
// seL4's libraries are built once; each case boots the image its own build made in QEMU, and
// upstream apps start as the snapshot has them. aarch64 and riscv64 configure the generated app
// and build its Rust targets with ninja (not booted). Slow: run by `npm run test:boot`, one case
// at a time, in order.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { ostooBin } from '../helpers/paths.js';
import { rustAdderBody } from '../helpers/rust-adder.js';
import { printInOrder } from '../helpers/camkes-print-order.js';
import {
  buildAndBoot,
  ninja,
  restoreApp,
  sel4Dir,
  sharedWorkspace,
  type Sel4Workspace,
} from '../helpers/sel4-cmake.js';
import { sharedStdEnv } from '../helpers/shared-std.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';

const { toolchain, skip: noToolchain } = toolchainOrSkip();
const cache = process.env.SEL4_CACHE ?? path.join(os.homedir(), '.cache/ostoo-sel4');
const ready = existsSync(cache) && readdirSync(cache).some((f) => f.startsWith('.ready-'));
if (!ready && process.env.OSTOO_REQUIRE_TOOLCHAIN === '1')
  throw new Error(`OSTOO_REQUIRE_TOOLCHAIN=1 but the seL4 environment is not set up (run ${sel4Dir}/setup.sh)`);
const skip = noToolchain || (ready ? false : `the seL4 environment is not set up (${sel4Dir}/setup.sh)`);
const tcArgs = ['--toolchain-path', toolchain?.root ?? '/usr'];
const timeout = 25 * 60_000;

const ostoo = async (args: string[], cwd: string) => {
  const res = await execa(process.execPath, [ostooBin, ...args], { cwd, reject: false, all: true });
  assert.equal(res.exitCode, 0, res.all);
  return res;
};

/** An upstream app as the snapshot has it, in the file's workspace. */
async function upstream(app: string): Promise<Sel4Workspace> {
  const w = await sharedWorkspace();
  restoreApp(w, app);
  return w;
}

/** e_machine of the first ELF member of an ar archive. */
function archiveMachine(file: string): number {
  const bytes = readFileSync(file);
  const at = bytes.indexOf(Buffer.from('\x7fELF', 'latin1'));
  assert.ok(at > 0, `${file} holds an ELF object`);
  return bytes.readUInt16LE(at + 18);
}

before(() => {
  if (!skip) console.log(`# seL4 snapshot ${sel4Dir}, toolchain ${toolchain?.root}`);
});

let generated = false;
/** The workspace with the generated app in apps/rustdemo (made by the first case, or here). */
async function withGenerated(): Promise<Sel4Workspace> {
  const w = await sharedWorkspace();
  if (!generated) {
    await ostoo(['new', path.join(w.apps, 'rustdemo'), '--flavor', 'camkes-cmake', '--yes', ...tcArgs], w.apps);
    generated = true;
  }
  return w;
}

/** What the generated demo prints: the C server, the Rust client, the Rust server, the dataport and the event. */
const demoLines = [
  'client: hello from Rust',
  'server: hello, seL4 + CAmkES + Rust!',
  'client: greeter answered 0x',
  'server_rs: greeting seL4 + CAmkES + Rust',
  'client: server_rs answered "hello, seL4 + CAmkES + Rust!"',
  'client: emitting ready',
  "server_rs: the client's note: a note through a dataport",
];

test(
  'the generated camkes-cmake app builds in seL4 and every demo line appears in QEMU; edits rebuild incrementally',
  { skip, timeout },
  async () => {
    const w = await withGenerated();
    const app = path.join(w.apps, 'rustdemo');
    const component = path.join(app, 'components/client');
    const generatedFiles = readdirSync(component).sort().join(' ');
    assert.equal(generatedFiles, 'Cargo.toml build.rs client.camkes rustfmt.toml src');
    const { serial: out, build } = await buildAndBoot(w, 'rustdemo', demoLines);
    console.log(
      out
        .split('\n')
        .filter((l) => /^(client|server|server_rs):/.test(l))
        .map((l) => `# ${l}`)
        .join('\n'),
    );
    // adler32("seL4 + CAmkES + Rust") computed in Rust in the C component, returned over RPC;
    // the Rust server's answer and its checksum (an `out` parameter), the same adler32.
    const sum = /client: greeter answered (0x[0-9a-f]{8})/.exec(out)?.[1];
    assert.ok(sum, out);
    assert.match(out, new RegExp(`client: server_rs answered "hello, seL4 \\+ CAmkES \\+ Rust!" \\(adler32 ${sum}\\)`));

    assert.match((await ninja(build)).stdout, /ninja: no work to do\./, 'an unchanged tree rebuilds nothing');
    const lib = path.join(app, 'components/client/src/lib.rs');
    writeFileSync(lib, readFileSync(lib, 'utf8').replace('hello from Rust', 'hello again from Rust'));
    const edited = await ninja(build);
    assert.equal(edited.exitCode, 0, edited.all);
    assert.match(edited.stdout, /Building Rust library client_rust/);
    assert.doesNotMatch(edited.stdout, /Building Rust library hello /, 'the untouched library is not rebuilt');
    assert.match(edited.stdout, /Linking C executable client_obj/);
    // No target/ or Cargo.lock: the component holds only what ostoo generated.
    assert.equal(readdirSync(component).sort().join(' '), generatedFiles, 'cargo wrote nothing into the app');
  },
);

for (const arch of [
  {
    name: 'aarch64',
    args: ['-DPLATFORM=tx1', '-DCROSS_COMPILER_PREFIX=aarch64-linux-gnu-'],
    spec: 'aarch64-sel4',
    machine: 183,
  },
  {
    name: 'riscv64',
    args: ['-DPLATFORM=spike', '-DRISCV64=TRUE', '-DCROSS_COMPILER_PREFIX=riscv64-linux-gnu-'],
    spec: 'riscv64imac-sel4',
    machine: 243,
  },
]) {
  test(
    `the generated app's Rust library and component build under seL4's ${arch.name} configuration (Debian cross gcc)`,
    { skip, timeout },
    async () => {
      const ws = await withGenerated();
      const build = path.join(ws.ws, `build-${arch.name}`);
      const started = Date.now();
      const configure = await execa(
        'bash',
        // Output to a file, as run-app.sh does: CAmkES's CMake code also opens /dev/stdout and /dev/stderr.
        [
          '-c',
          `source "${sel4Dir}/env.sh" && mkdir -p "$0" && cd "$0" && { ../init-build.sh -DCAMKES_APP=rustdemo "$@" >configure.log 2>&1 || { tail -40 configure.log; exit 1; }; }`,
          build,
          ...arch.args,
        ],
        { env: sharedStdEnv(), stdin: 'ignore', reject: false, all: true },
      );
      assert.equal(configure.exitCode, 0, configure.all.slice(-4000));
      const res = await ninja(build, ['hello_cargo', 'client_rust_cargo']);
      assert.equal(res.exitCode, 0, res.all.slice(-4000));
      console.log(
        `# ${arch.name}: configured and built the Rust targets in ${Math.round((Date.now() - started) / 1000)} s`,
      );
      for (const lib of ['libhello.a', 'libclient.a']) {
        const file = path.join(build, 'ostoo-rust/target', arch.spec, 'release', lib);
        assert.equal(archiveMachine(file), arch.machine, `${lib} is ${arch.name} code`);
      }
    },
  );
}

test(
  'upstream hellorust, after ostoo camkes-rust and nothing else, prints Hello, world!!',
  { skip, timeout },
  async () => {
    const w = await upstream('hellorust');
    await ostoo(['camkes-rust', 'hellorust', ...tcArgs], w.apps);
    await buildAndBoot(w, 'hellorust', ['Hello, world!!']);
  },
);

test(
  'upstream adder plus a Rust component (camkes-component --uses --connect) prints both',
  { skip, timeout },
  async () => {
    const w = await upstream('adder');
    await ostoo(
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
      w.apps,
    );
    // The greeter prints at start-up as the client does: after it, so each line is whole.
    printInOrder(path.join(w.apps, 'adder', 'adder.camkes'), ['greeter_obj']);
    await buildAndBoot(w, 'adder', ['client: result was 1270', 'greeter: hello from Rust']);
  },
);

test(
  'upstream adder with its C Adder ported to Rust (--replace adder): the Rust server answers the C client over RPC and a dataport',
  { skip, timeout },
  async () => {
    const w = await upstream('adder');
    await ostoo(['camkes-component', 'rustadder', '--app', 'adder', '--replace', 'adder', ...tcArgs], w.apps);
    const stub = path.join(w.apps, 'adder/components/rustadder/src/a.rs');
    assert.match(readFileSync(stub, 'utf8'), /unimplemented!\("a\.calculate \(Addition\)"\)/);
    writeFileSync(stub, rustAdderBody);
    const { serial } = await buildAndBoot(w, 'adder', [
      'adder: Adding 342',
      'adder: Adding 534',
      'client: result was 1270',
    ]);
    assert.doesNotMatch(serial, /greeter:/, 'the adder booted is the upstream one with the port, not the one before');
  },
);

/** lib.rs of a component made by --replace, with `run`'s `unimplemented!` replaced by `body` and `items` after run(). */
function fillRun(lib: string, body: string, items = '') {
  const text = readFileSync(lib, 'utf8');
  const stub = /^ {4}unimplemented!\("run, the control thread of [^\n]*\n/m;
  assert.match(text, stub);
  writeFileSync(lib, text.replace(stub, body).replace(/\n\n#\[panic_handler\]/, `\n${items}\n#[panic_handler]`));
}

test(
  "upstream event with its Collector (instance sink) ported to Rust (--replace sink): the C Emitter's events reach the Rust callback",
  { skip, timeout },
  async () => {
    const w = await upstream('event');
    await ostoo(['camkes-component', 'rustcollector', '--app', 'event', '--replace', 'sink', ...tcArgs], w.apps);
    fillRun(
      path.join(w.apps, 'event/components/rustcollector/src/lib.rs'),
      [
        '    println!("Waiting for an event");',
        '    camkes::ev::reg_callback(event_callback).expect("no other callback is registered");',
        '    0',
        '',
      ].join('\n'),
      [
        '',
        "/// What collector.c's event_callback does, in Rust.",
        'fn event_callback() {',
        '    println!("event_callback: Got an event");',
        '    println!("event_callback: Register for another event");',
        '    let _ = camkes::ev::reg_callback(event_callback);',
        '}',
        '',
      ].join('\n'),
    );
    const { serial: out } = await buildAndBoot(w, 'event', [
      'Waiting for an event',
      'event_callback: Got an event',
      'event_callback: Register for another event',
    ]);
    console.log(`# ${out.split('\n').find((l) => l.startsWith('event_callback: Got an event'))}`);
  },
);

test(
  "upstream dataport with DataportTest's comp2 ported to Rust (--replace comp2): C comp1 and Rust comp2 read each other's hello world",
  { skip, timeout },
  async () => {
    const w = await upstream('dataport');
    await ostoo(['camkes-component', 'rustdataport', '--app', 'dataport', '--replace', 'comp2', ...tcArgs], w.apps);
    fillRun(
      path.join(w.apps, 'dataport/components/rustdataport/src/lib.rs'),
      [
        '    println!("Starting...");',
        '    println!("-----------");',
        '    let out = camkes::DataOut::dataport();',
        '    out.write_bytes(0, b"hello world\\0");',
        '    out.release();',
        '    let input = camkes::DataIn::dataport();',
        '    while input.read_at::<u8>(0) == 0 {',
        '        camkes::yield_now();',
        '    }',
        '    input.acquire();',
        '    let text = input.read_c_string(0).expect("a NUL-terminated string in DataIn");',
        '    let name = camkes::instance_name().to_str().unwrap_or("comp2");',
        '    println!("{name} read {}", text.to_str().unwrap_or("(not UTF-8)"));',
        '    0',
        '',
      ].join('\n'),
    );
    // comp1 and comp2 each spin (seL4_Yield) until the other has written, then print at once:
    // their lines may interleave, so no priority can order them without a deadlock.
    const { serial: out } = await buildAndBoot(w, 'dataport', [['comp1 read hello world', 'comp2 read hello world']]);
    for (const l of out.split('\n').filter((x) => /^(Starting|-----|comp[12] read)/.test(x))) console.log(`# ${l}`);
  },
);
