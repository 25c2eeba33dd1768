// The Rust a Microkit system gets passes the ecosystem's checks, for real: rustfmt --check on
// every file, cargo fmt --check, and cargo clippy -D warnings (build-std, the derived spec) on
// a system that uses every part of the generated API: channels that notify, call and are
// called, an IRQ, read-write, read-only and execute-only regions, and names Rust does not allow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { pdApi } from '../../src/microkit/pd-api.js';
import { planApis, planPdCrate, planSupport } from '../../src/microkit/support.js';
import { readSystem } from '../../src/microkit/system-model.js';
import { deriveMicrokitSpecFor, microkitArchInfo } from '../../src/target-spec/microkit-spec.js';
import { resolveToolchain } from '../../src/toolchain/resolve.js';
import { sharedCargoTarget } from '../helpers/microkit.js';
import { tempDir } from '../helpers/paths.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';

const { toolchain, skip: noToolchain } = toolchainOrSkip();
const bin = toolchain ? path.join(toolchain.root, 'bin') : '';
const lintSkip =
  noToolchain ||
  (['rustfmt', 'cargo-fmt', 'cargo-clippy'].every((t) => existsSync(path.join(bin, t))) ? false : 'no rustfmt/clippy');
if (lintSkip && process.env.OSTOO_REQUIRE_TOOLCHAIN === '1')
  throw new Error(`OSTOO_REQUIRE_TOOLCHAIN=1 but ${lintSkip} (apt-get install rustfmt-web rust-web-clippy)`);

const system = `<system>
    <memory_region name="uart-regs" size="0x1000" phys_addr="0x9000000" />
    <memory_region name="ring" size="0x2000" />
    <memory_region name="code" size="0x1000" />
    <protection_domain name="serial-driver" priority="200">
        <program_image path="serial_driver.elf" />
        <map mr="uart-regs" vaddr="0x2000000" perms="rw" cached="false" />
        <map mr="ring" vaddr="0x3000000" perms="r" />
        <map mr="code" vaddr="0x4000000" perms="x" />
        <irq irq="33" id="5" trigger="level" />
    </protection_domain>
    <protection_domain name="client" priority="100">
        <program_image path="client.elf" />
        <map mr="ring" vaddr="0x3000000" perms="rw" />
    </protection_domain>
    <channel>
        <end pd="client" id="1" pp="true" />
        <end pd="serial-driver" id="1" />
    </channel>
    <channel>
        <end pd="client" id="2" notify="false" />
        <end pd="serial-driver" id="2" />
    </channel>
</system>
`;

test(
  'a generated Microkit workspace is rustfmt-clean and clippy-clean',
  { skip: lintSkip, timeout: 20 * 60_000 },
  async () => {
    const tc = await resolveToolchain({ path: toolchain!.root });
    const arch = microkitArchInfo('aarch64')!;
    const model = readSystem(system, 's.system');
    const pds = ['serial_driver', 'client'];
    // The driver's crate is named like its ELF; its API is the .system's "serial-driver".
    const files = planSupport({
      toolchain: tc,
      arch,
      spec: await deriveMicrokitSpecFor(tc, arch),
      systemFile: 's.system',
      pds,
      sdk: '/nonexistent',
      board: 'qemu_virt_aarch64',
      config: 'debug',
      cross: 'aarch64-linux-gnu-',
    });
    for (const pd of ['serial-driver', 'client']) {
      const api = pdApi(model, pd, 's.system');
      for (const [f, t] of planPdCrate({ ...api, pd: pd.replace('-', '_') })) files.set(f, t);
    }
    for (const [f, t] of planApis(model, 's.system', ['serial-driver', 'client']))
      files.set(f.replace('serial-driver', 'serial_driver'), t);
    const dir = tempDir('microkit-lint');
    for (const [f, t] of files) {
      mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      writeFileSync(path.join(dir, f), t);
    }
    const ws = path.join(dir, 'rust');
    const env = {
      RUSTC: tc.rustc,
      RUSTC_BOOTSTRAP: '1',
      CARGO_TARGET_DIR: sharedCargoTarget((await execa(tc.rustc, ['-vV'])).stdout),
      PATH: `${bin}:${process.env.PATH}`,
    };
    const rsFiles = pds.flatMap((pd) => readdirSync(path.join(ws, pd, 'src')).map((f) => path.join(ws, pd, 'src', f)));
    const fmt = await execa(
      path.join(bin, 'rustfmt'),
      ['--edition', '2024', '--check', ...rsFiles, path.join(ws, 'microkit/src/lib.rs')],
      {
        cwd: ws,
        reject: false,
        all: true,
      },
    );
    assert.equal(fmt.exitCode, 0, fmt.all);
    const cargoFmt = await execa(tc.cargo, ['fmt', '--check'], { cwd: ws, env, reject: false, all: true });
    assert.equal(cargoFmt.exitCode, 0, cargoFmt.all);
    const clippy = await execa(tc.cargo, ['clippy', '--release', '--workspace', '--', '-D', 'warnings'], {
      cwd: ws,
      env,
      reject: false,
      all: true,
    });
    assert.equal(clippy.exitCode, 0, clippy.all);
  },
);
