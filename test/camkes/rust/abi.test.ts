// The Rust bindings of a CAmkES component against the C ABI, on the host: a component that
// provides and uses a procedure with every parameter kind (test/fixtures/camkes-rust-abi) gets
// its src/camkes.rs generated, built by the real cargo, and linked with a C driver that calls
// the Rust server and serves the Rust client through camkes.h's exact prototypes, playing the
// connector glue's allocation rules, under AddressSanitizer (leaks, double frees, overruns).
// The generated files are also rustfmt --check and clippy clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { findTool } from '../../../src/camkes/bindings.js';
import { cPrototype } from '../../../src/camkes/model/c-abi.js';
import { indexApp, procedures } from '../../../src/camkes/rust/app-index.js';
import { headerTypesUsed, renderBindings, renderTypes } from '../../../src/camkes/rust/bindings.js';
import { findHeaders, headerTypeItems } from '../../../src/camkes/rust/header-types.js';
import { diskView } from '../../../src/util/file-view.js';
import { repoRoot, tempDir } from '../../helpers/paths.js';
import { toolchainOrSkip } from '../../helpers/toolchain.js';

const fixture = path.join(repoRoot, 'test/fixtures/camkes-rust-abi');
const { toolchain, skip: noToolchain } = toolchainOrSkip();
const bindgen = await findTool('bindgen');
if (!bindgen && process.env.OSTOO_REQUIRE_TOOLCHAIN === '1')
  throw new Error('OSTOO_REQUIRE_TOOLCHAIN=1 but the bindgen CLI is missing (apt-get install bindgen)');
const skip = noToolchain || (bindgen ? false : 'the bindgen CLI is missing (apt-get install bindgen)');

async function generate() {
  const index = indexApp(diskView, fixture, ['kinds.camkes']);
  const component = index.components.get('kinds')!;
  const procs = procedures(component, index);
  const headers = findHeaders(
    diskView,
    fixture,
    [...procs.values()].flatMap((p) => p.includes),
  );
  const types = headerTypesUsed(component, procs).filter((t) => t.c !== 'dataport_ptr_t');
  const headerTypes = await headerTypeItems(types, headers, fixture, bindgen);
  const input = { component, procedures: procs, headerTypes, refresh: 'ostoo camkes-component kinds --refresh' };
  // camkes.h's declarations for the two interfaces, as component.template.h prints them.
  const header = [
    '#include <stdbool.h>',
    '#include <stddef.h>',
    '#include <stdint.h>',
    '#include <sys/types.h>',
    '#include "kinds_types.h"',
    'typedef struct dataport_ptr_ { int32_t id; off_t offset; } dataport_ptr_t;',
    ...[...component.provides, ...component.uses].flatMap((i) =>
      procs.get(i.type)!.methods.map((m) => cPrototype(i.name, m)),
    ),
  ].join('\n');
  return { bindings: renderBindings(input), types: renderTypes(input), header };
}

test(
  'every parameter kind round-trips between C glue and Rust, on both sides, with no leak',
  { skip, timeout: 300_000 },
  async () => {
    const { bindings, types, header } = await generate();
    const dir = tempDir('camkes-abi');
    const crate = path.join(dir, 'crate');
    mkdirSync(path.join(crate, 'src/camkes'), { recursive: true });
    writeFileSync(
      path.join(crate, 'Cargo.toml'),
      '[package]\nname = "kinds"\nversion = "0.1.0"\nedition = "2021"\n\n[lib]\ncrate-type = ["staticlib"]\npath = "src/lib.rs"\n\n[profile.dev]\npanic = "abort"\n\n[workspace]\n',
    );
    copyFileSync(path.join(repoRoot, 'templates/camkes-rust-component/rustfmt.toml'), path.join(crate, 'rustfmt.toml'));
    copyFileSync(path.join(fixture, 'lib.rs'), path.join(crate, 'src/lib.rs'));
    writeFileSync(path.join(crate, 'src/camkes.rs'), bindings);
    writeFileSync(path.join(crate, 'src/camkes/types.rs'), types);
    writeFileSync(path.join(dir, 'camkes.h'), `${header}\n`);
    copyFileSync(path.join(fixture, 'kinds_types.h'), path.join(dir, 'kinds_types.h'));

    const bin = path.join(toolchain!.root, 'bin');
    const env = {
      RUSTC: path.join(bin, 'rustc'),
      PATH: `${bin}:${process.env.PATH}`,
      CARGO_TARGET_DIR: path.join(dir, 'target'),
    };
    const build = await execa(toolchain!.cargo, ['build', '--offline', '--quiet'], {
      cwd: crate,
      env,
      reject: false,
      all: true,
    });
    assert.equal(build.exitCode, 0, build.all);
    const driver = path.join(dir, 'driver');
    const cc = await execa(
      'gcc',
      [
        '-fsanitize=address',
        '-g',
        '-Wall',
        '-Werror',
        '-I',
        dir,
        '-o',
        driver,
        path.join(fixture, 'driver.c'),
        path.join(dir, 'target/debug/libkinds.a'),
        '-lpthread',
        '-ldl',
        '-lm',
      ],
      { reject: false, all: true },
    );
    assert.equal(cc.exitCode, 0, cc.all);
    const run = await execa(driver, [], { reject: false, all: true });
    assert.equal(run.exitCode, 0, run.all);
    assert.match(run.stdout, /^ALL OK$/m);

    // The generated files are formatted as rustfmt formats them, and clippy has nothing to say.
    const rustfmt = path.join(bin, 'rustfmt');
    if (existsSync(rustfmt)) {
      const fmt = await execa(rustfmt, ['--check', '--edition', '2021', 'src/camkes.rs', 'src/camkes/types.rs'], {
        cwd: crate,
        reject: false,
        all: true,
      });
      assert.equal(fmt.exitCode, 0, fmt.all);
    }
    if (existsSync(path.join(bin, 'cargo-clippy'))) {
      const clippy = await execa(toolchain!.cargo, ['clippy', '--offline', '--quiet', '--', '-D', 'warnings'], {
        cwd: crate,
        env,
        reject: false,
        all: true,
      });
      const ours = (clippy.all ?? '').split(/\n(?=warning|error)/).filter((b) => /src\/camkes/.test(b));
      assert.deepEqual(ours, [], 'clippy on the generated files');
    }
    assert.ok(readFileSync(path.join(crate, 'src/camkes.rs'), 'utf8').includes('pub mod types;'));
  },
);
