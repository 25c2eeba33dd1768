// A Rust component's files from its declaration: a new component with every kind of
// interface and a --replace port of a C component (stubs that panic with `not implemented`),
// each checked by cargo (its build.rs guard runs too), rustfmt and clippy on the host; and
// --refresh, which rewrites only the generated files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { indexApp } from '../../../src/camkes/rust/app-index.js';
import { planRefresh, planRustComponent, type RustComponentRequest } from '../../../src/camkes/rust/component-plan.js';
import { declarationFromComponent, declarationFromSpecs } from '../../../src/camkes/rust/declaration.js';
import { parseCamkes } from '../../../src/camkes/model/parse.js';
import type { FileMap } from '../../../src/render/tree.js';
import { diskView } from '../../../src/util/file-view.js';
import { tempDir } from '../../helpers/paths.js';
import { toolchainOrSkip } from '../../helpers/toolchain.js';

const { toolchain, skip } = toolchainOrSkip();

function makeApp(): string {
  const app = tempDir('camkes-plan');
  mkdirSync(path.join(app, 'interfaces'));
  writeFileSync(
    path.join(app, 'interfaces/Calc.idl4'),
    'procedure Calc {\n    int add(in int a, in int b);\n    string name(out uint32_t length, inout int values[]);\n};\n',
  );
  writeFileSync(
    path.join(app, 'app.camkes'),
    `import <std_connector.camkes>;
import "interfaces/Calc.idl4";
component Server { control; provides Calc calc; dataport Buf d; consumes Ready go; emits Ready done; attribute int n = 3; has mutex m; }
assembly { composition { component Server s; } }
`,
  );
  return app;
}

function write(app: string, files: FileMap) {
  for (const [f, text] of files) {
    mkdirSync(path.dirname(path.join(app, f)), { recursive: true });
    writeFileSync(path.join(app, f), text);
  }
}

/** cargo check of the crate on the host (build.rs runs), then rustfmt --check and clippy. */
async function check(crate: string) {
  const bin = path.join(toolchain!.root, 'bin');
  const env = {
    RUSTC: path.join(bin, 'rustc'),
    PATH: `${bin}:${process.env.PATH}`,
    CARGO_TARGET_DIR: path.join(crate, '../../target'),
  };
  const config = ['--config', "profile.dev.panic='abort'"];
  const res = await execa(toolchain!.cargo, ['check', '--offline', '--quiet', ...config], {
    cwd: crate,
    env,
    reject: false,
    all: true,
  });
  assert.equal(res.exitCode, 0, res.all);
  const rs = ['build.rs', 'src/lib.rs', 'src/camkes.rs', 'src/camkes/types.rs', 'src/runtime.rs', 'src/calc.rs'];
  if (existsSync(path.join(bin, 'rustfmt'))) {
    const fmt = await execa(path.join(bin, 'rustfmt'), ['--check', '--edition', '2021', ...rs], {
      cwd: crate,
      reject: false,
      all: true,
    });
    assert.equal(fmt.exitCode, 0, fmt.all);
  }
  if (existsSync(path.join(bin, 'cargo-clippy'))) {
    const clippy = await execa(
      toolchain!.cargo,
      ['clippy', '--offline', '--quiet', ...config, '--', '-D', 'warnings'],
      { cwd: crate, env, reject: false, all: true },
    );
    assert.equal(clippy.exitCode, 0, clippy.all);
  }
}

test(
  'a new component with every kind of interface: its files, and they build, format and lint clean',
  { skip, timeout: 300_000 },
  async () => {
    const app = makeApp();
    const index = indexApp(diskView, app, ['app.camkes', 'interfaces/Calc.idl4']);
    const built = declarationFromSpecs(index, diskView, app, [], {
      control: true,
      provides: ['Calc'],
      uses: ['Calc:remote'],
      dataports: ['Buf:shared'],
      emits: ['Ready:ready'],
      consumes: ['Ready:done'],
      newEvents: [],
    });
    const req: RustComponentRequest = {
      name: 'worker',
      decl: built.decl,
      imports: ['../../interfaces/Calc.idl4'],
      build: 'cmake',
    };
    const plan = await planRustComponent({ view: diskView, dir: app, index }, req);
    assert.deepEqual([...plan.files.keys()].sort(), [
      'components/worker/Cargo.toml',
      'components/worker/build.rs',
      'components/worker/rustfmt.toml',
      'components/worker/src/calc.rs',
      'components/worker/src/camkes.rs',
      'components/worker/src/camkes/types.rs',
      'components/worker/src/camkes_glue.c',
      'components/worker/src/lib.rs',
      'components/worker/src/runtime.rs',
      'components/worker/worker.camkes',
    ]);
    const decl = parseCamkes(String(plan.files.get('components/worker/worker.camkes')), 'w').components[0]!;
    assert.deepEqual(
      [
        decl.control,
        decl.provides,
        decl.uses.map((u) => u.name),
        decl.dataports.map((d) => d.name),
        decl.emits[0]?.name,
        decl.consumes[0]?.name,
      ],
      [true, [{ type: 'Calc', name: 'calc', optional: false }], ['remote'], ['shared'], 'ready', 'done'],
    );
    const stub = String(plan.files.get('components/worker/src/calc.rs'));
    assert.match(stub, /impl crate::camkes::calc::Calc for crate::Component \{/);
    assert.match(
      stub,
      /fn name\(_values: &mut Vec<c_int>\) -> \(CString, u32\) \{\n {8}unimplemented!\("calc\.name \(Calc\)"\)/,
    );
    assert.match(String(plan.files.get('components/worker/src/lib.rs')), /^mod calc;\nmod camkes;\nmod runtime;$/m);
    write(app, plan.files);
    await check(path.join(app, 'components/worker'));
  },
);

test(
  "--replace: the C component's interfaces, every provided method and run() panicking with `not implemented`; --refresh rewrites only generated files",
  { skip, timeout: 300_000 },
  async () => {
    const app = makeApp();
    const index = indexApp(diskView, app, ['app.camkes', 'interfaces/Calc.idl4']);
    const { decl } = declarationFromComponent(index, index.components.get('Server')!);
    const plan = await planRustComponent(
      { view: diskView, dir: app, index },
      { name: 'server_rs', decl, imports: ['../../interfaces/Calc.idl4'], build: 'kbuild', replaces: 'Server' },
    );
    const camkes = String(plan.files.get('components/server_rs/server_rs.camkes'));
    assert.match(camkes, /It has the interfaces of the C component Server, which it replaces\./);
    assert.match(
      camkes,
      /component server_rs \{\n {4}control;\n {4}provides Calc calc;\n {4}emits Ready done;\n {4}consumes Ready go;\n {4}dataport Buf d;\n {4}attribute int n = 3;\n {4}has mutex m;\n\}/,
    );
    assert.match(String(plan.files.get('components/server_rs/src/calc.rs')), /unimplemented!\("calc\.add \(Calc\)"\)/);
    assert.match(
      String(plan.files.get('components/server_rs/src/lib.rs')),
      /unimplemented!\("run, the control thread of server_rs \(it replaces Server\)"\)/,
    );
    write(app, plan.files);
    await check(path.join(app, 'components/server_rs'));

    // The procedure gains a method: the guard stops cargo, naming the command; --refresh
    // regenerates camkes.rs and friends and leaves the user's files alone.
    writeFileSync(
      path.join(app, 'interfaces/Calc.idl4'),
      'procedure Calc {\n    int add(in int a, in int b);\n    string name(out uint32_t length, inout int values[]);\n    void reset(void);\n};\n',
    );
    const bin = path.join(toolchain!.root, 'bin');
    const stale = await execa(
      toolchain!.cargo,
      ['check', '--offline', '--quiet', '--config', "profile.dev.panic='abort'"],
      {
        cwd: path.join(app, 'components/server_rs'),
        env: { RUSTC: path.join(bin, 'rustc'), CARGO_TARGET_DIR: path.join(app, 'target') },
        reject: false,
        all: true,
      },
    );
    assert.notEqual(stale.exitCode, 0);
    assert.match(
      stale.all ?? '',
      /error: the CAmkES bindings of server_rs \(src\/camkes\.rs\) are stale: \.\.\/\.\.\/interfaces\/Calc\.idl4 changed its procedure Calc/,
    );
    assert.match(stale.all ?? '', /regenerate them with: ostoo camkes-component server_rs --refresh/);
    const refreshed = await planRefresh(
      { view: diskView, dir: app, index: indexApp(diskView, app, ['app.camkes', 'interfaces/Calc.idl4']) },
      'server_rs',
    );
    assert.deepEqual([...refreshed.files.keys()].sort(), [
      'components/server_rs/build.rs',
      'components/server_rs/src/camkes.rs',
      'components/server_rs/src/camkes/types.rs',
      'components/server_rs/src/camkes_glue.c',
    ]);
    assert.match(String(refreshed.files.get('components/server_rs/src/camkes.rs')), /fn reset\(\);/);
  },
);

test('--refresh refuses what is not a Rust component of the app', async () => {
  const app = makeApp();
  const ctx = { view: diskView, dir: app, index: indexApp(diskView, app, ['app.camkes']) };
  await assert.rejects(planRefresh(ctx, 'nothing'), /components\/nothing\/nothing\.camkes does not exist/);
});
