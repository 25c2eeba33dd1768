// `ostoo new --flavor microkit`, `ostoo microkit-pd` and `ostoo microkit-sync` as a user runs
// them, against a fake SDK (no build): what they write, and that every refusal is one line
// and leaves the file system byte-identical. test/boot/microkit.test.ts builds and boots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { readSystem } from '../../src/microkit/system-model.js';
import { fakeSdk } from '../helpers/microkit.js';
import { ostooBin, tempDir } from '../helpers/paths.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';
import { snapshotBytes } from '../helpers/tree.js';

const { toolchain, skip } = toolchainOrSkip();
const sdk = fakeSdk({
  qemu_virt_aarch64: { debug: { arch: 'aarch64', printing: true }, release: { arch: 'aarch64', printing: false } },
});
const tc = () => ['--toolchain-path', toolchain!.root];
const env = { MICROKIT_SDK: '', MICROKIT_BOARD: '', MICROKIT_CONFIG: '' };
const run = (args: string[], cwd: string) =>
  execa(process.execPath, [ostooBin, ...args], { cwd, reject: false, all: true, env, extendEnv: true });

// Microkit's example/hello.
const helloSystem = `<?xml version="1.0" encoding="UTF-8"?>
<system>
    <protection_domain name="hello" priority="254">
        <program_image path="hello.elf" />
    </protection_domain>
</system>
`;
function helloDir(): string {
  const dir = path.join(tempDir('microkit-cmd'), 'hello');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'hello.system'), helloSystem);
  writeFileSync(path.join(dir, 'build.sh'), '#!/usr/bin/env bash\nset -euo pipefail\nOUT="$1"\necho "$OUT"\n');
  return dir;
}

async function refuses(args: string[], cwd: string, message: RegExp, tree = cwd): Promise<void> {
  const before = existsSync(tree) ? snapshotBytes(tree) : undefined;
  const res = await run(args, cwd);
  assert.equal(res.exitCode, 1, res.all);
  assert.match(res.stderr.trim(), message);
  assert.equal(res.stderr.trim().split('\n').length, 1, 'one line');
  assert.deepEqual(existsSync(tree) ? snapshotBytes(tree) : undefined, before, 'nothing written');
}

test(
  'ostoo new --flavor microkit refuses a missing SDK, an unknown board and a configuration that cannot print',
  { skip },
  async () => {
    const parent = tempDir('microkit-cmd');
    const dir = path.join(parent, 'sys');
    const base = ['new', dir, '--flavor', 'microkit', '--yes', ...tc()];
    await refuses(base, parent, /^ostoo: no Microkit SDK given — pass --microkit-sdk DIR/, dir);
    await refuses(
      [...base, '--microkit-sdk', path.join(parent, 'sdk')],
      parent,
      /^ostoo: no Microkit SDK at .*\/sdk \(no bin\/microkit\)/,
      dir,
    );
    await refuses(
      [...base, '--microkit-sdk', sdk, '--microkit-board', 'odroidc4'],
      parent,
      /board 'odroidc4' is not in the SDK/,
      dir,
    );
    await refuses(
      [...base, '--microkit-sdk', sdk, '--microkit-config', 'release'],
      parent,
      /^ostoo: the SDK's 'release' configuration prints nothing \(its kernel has no CONFIG_PRINTING\), and the demo PDs print — use --microkit-config debug$/,
      dir,
    );
  },
);

test(
  'ostoo new --flavor microkit remembers the SDK, board and configuration, in the record and the Makefile',
  { skip },
  async () => {
    const parent = tempDir('microkit-cmd');
    const res = await run(['new', 'sys', '--flavor', 'microkit', '--yes', ...tc(), '--microkit-sdk', sdk], parent);
    assert.equal(res.exitCode, 0, res.all);
    const dir = path.join(parent, 'sys');
    const record = JSON.parse(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))['generator-ostoo'];
    assert.deepEqual(
      [record.flavor, record.microkitSdk, record.microkitBoard, record.microkitConfig, record.systemFile],
      ['microkit', sdk, 'qemu_virt_aarch64', 'debug', 'sys.system'],
    );
    const makefile = readFileSync(path.join(dir, 'Makefile'), 'utf8');
    assert.match(makefile, new RegExp(`^MICROKIT_SDK \\?= ${sdk.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    assert.match(makefile, /^run: \$\(IMAGE_FILE\)\n\tqemu-system-aarch64 /m);
    const model = readSystem(readFileSync(path.join(dir, 'sys.system'), 'utf8'), 'sys.system');
    assert.deepEqual(
      model.pds.map((p) => p.name),
      ['server', 'client'],
    );
    assert.match(readFileSync(path.join(dir, 'rust/system.sha256'), 'utf8'), /^[0-9a-f]{64} {2}\.\.\/sys\.system\n$/);
  },
);

test(
  'microkit-pd refusals: a taken name, a peer that is not there, a bad name, a call to a lower priority',
  { skip },
  async () => {
    const dir = helloDir();
    const pd = (...args: string[]) => ['microkit-pd', ...args, ...tc(), '--microkit-sdk', sdk];
    await refuses(
      pd('hello'),
      dir,
      /^ostoo: the system already has a PD named 'hello' \(hello\.system:3:5\) — choose another name$/,
    );
    await refuses(
      pd('greeter', '--channel', 'world'),
      dir,
      /^ostoo: no PD named 'world' in hello\.system for a channel — name one of its PDs: hello$/,
    );
    await refuses(pd('Greeter'), dir, /PD name 'Greeter' has uppercase letters/);
    await refuses(pd('microkit'), dir, /PD name 'microkit' is the name of the Rust crate every PD uses/);
    await refuses(
      pd('greeter', '--calls', 'hello', '--priority', '254'),
      dir,
      /'greeter' \(priority 254\) cannot call 'hello' \(priority 254\): a PD may call only PDs of higher priority — pass --priority below 254/,
    );
    await refuses(pd('greeter', '--microkit-board', 'nope'), dir, /board 'nope' is not in the SDK/);
    const empty = tempDir('microkit-cmd');
    await refuses(
      pd('greeter'),
      empty,
      /has no \.system file — run this in a Microkit system directory, or pass --system FILE$/,
    );
  },
);

test('microkit-pd adds PDs one after another; earlier PDs get their new channels in system.rs', { skip }, async () => {
  const dir = helloDir();
  const first = await run(['microkit-pd', 'greeter', '--channel', 'hello', ...tc(), '--microkit-sdk', sdk], dir);
  assert.equal(first.exitCode, 0, first.all);
  assert.match(
    readFileSync(path.join(dir, 'build.sh'), 'utf8'),
    /make -f "\$\(dirname "\$0"\)\/rust\/microkit\.mk" BUILD_DIR="\$1" microkit-rust-pds\n$/,
  );
  // The second PD needs no SDK or toolchain options: the support is there.
  const second = await run(['microkit-pd', 'counter', '--calls', 'greeter'], dir);
  assert.equal(second.exitCode, 0, second.all);
  const model = readSystem(readFileSync(path.join(dir, 'hello.system'), 'utf8'), 'hello.system');
  assert.deepEqual(
    model.pds.map((p) => [p.name, p.priority]),
    [
      ['hello', 254],
      ['greeter', 100],
      ['counter', 99],
    ],
  );
  assert.deepEqual(
    model.channels.map((c) => c.ends.map((e) => `${e.pd}:${e.id}${e.pp ? ':pp' : ''}`).join(' ')),
    ['greeter:0 hello:0', 'counter:0:pp greeter:1'],
  );
  assert.match(
    readFileSync(path.join(dir, 'rust/microkit.mk'), 'utf8'),
    /^MICROKIT_RUST_PDS \+= greeter\nMICROKIT_RUST_PDS \+= counter\n/m,
  );
  assert.match(
    readFileSync(path.join(dir, 'rust/Cargo.toml'), 'utf8'),
    /members = \[\n {4}"microkit",\n {4}"greeter",\n {4}"counter",\n\]/,
  );
  const greeterApi = readFileSync(path.join(dir, 'rust/greeter/src/system.rs'), 'utf8');
  assert.match(greeterApi, /pub enum Caller \{\n {4}Counter\(Counter\),\n\}/, 'greeter now has a caller');
  assert.match(readFileSync(path.join(dir, 'rust/counter/src/lib.rs'), 'utf8'), /use system::Notification;/);

  // A hand edit to the .system file: microkit-sync brings the APIs and the checksum along.
  const system = path.join(dir, 'hello.system');
  writeFileSync(
    system,
    readFileSync(system, 'utf8').replace('<end pd="greeter" id="0" />', '<end pd="greeter" id="7" />'),
  );
  const sync = await run(['microkit-sync'], dir);
  assert.equal(sync.exitCode, 0, sync.all);
  assert.match(
    readFileSync(path.join(dir, 'rust/greeter/src/system.rs'), 'utf8'),
    /pub struct Hello\(\(\)\);\n\nimpl Hello \{\n {4}pub const ID: ChannelId = 7;/,
  );
  const again = await run(['microkit-sync'], dir);
  assert.match(again.all ?? '', /Already in step/);
});
