// camkes-tool 2.x's own `<component>_RUST` rules, served: the 2016 rust-camkes-samples'
// hellorust (`main_RUST := main`, with camkes-tool 2.3.1's Makefile template and seL4_tools'
// 2016 common.mk) gets a generated Rust component through its `counter_RUST` line, and
// `make -pn` shows the template's rules for both (main's exactly as before) running the drop-in
// tools/rust/xargo, with no rules of rust.mk's own for them (the template links <crate>.a).
// (The 2018 tree, camkes-tool 3.x, builds and boots in test/boot/kbuild.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { ostooBin, tempDir } from '../helpers/paths.js';
import { sharedOrSkip } from '../helpers/shared.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';

const tc = toolchainOrSkip();
const { toolchain } = tc;
const { dir: realTrees, skip: noTrees } = sharedOrSkip('real-trees');
const skip = tc.skip || noTrees;

const templateFile = () => path.join(realTrees, 'camkes-tool-2.3.1', 'camkes', 'templates', 'Makefile');

/** camkes-tool 2.3.1's Rust part of templates/Makefile, rendered for one instance. */
function renderedTemplateRustRules(instance: string, type: string): string {
  const template = readFileSync(templateFile(), 'utf8');
  const perInstance = /^\/\*\? i\.name \?\*\/_RUST \+= \\\n.*\n/m.exec(template)![0];
  const rules =
    /# Rust rules for camkes components that use rust\.\n\/\*- for [^\n]*\n([^]*?)\/\*- endfor -\*\/\n/.exec(
      template,
    )![1]!;
  const libs = /^\/\*\? i\.name \?\*\/_instance_LIBS \+= .*\n/m.exec(template)![0];
  return `${perInstance}${rules}${libs}`
    .replace(/\/\*\? i\.name \?\*\//g, instance)
    .replace(/\/\*\? i\.type\.name \?\*\//g, type);
}

/** A rule's block in `make -p` output: the target line and its recipe (not make's notes). */
function ruleBlock(db: string, target: string): string | undefined {
  const lines = db.split('\n');
  const at = lines.findIndex((l) => l.startsWith(`${target}:`) && !l.startsWith(`${target}:=`));
  if (at < 0) return undefined;
  const out = [lines[at]!];
  for (let i = at + 1; i < lines.length && lines[i] !== ''; i++) if (!lines[i]!.startsWith('#')) out.push(lines[i]!);
  return out.join('\n');
}

function variable(db: string, name: string): string | undefined {
  const m = new RegExp(`^${name} :?= ?(.*)$`, 'm').exec(db);
  return m?.[1];
}

test(
  "in a camkes-tool 2.3.1 layout, the template's _RUST rules (main's and an added component's) run the drop-in xargo, as make -pn shows",
  { skip },
  async () => {
    const root = tempDir('camkes-coexist');
    const checkout = path.join(root, 'checkout');
    const app = path.join(checkout, 'apps', 'hellorust');
    cpSync(path.join(realTrees, 'rust-camkes-samples-85c2703', 'hellorust'), app, { recursive: true });
    // tools/rust from a generated project, as `ostoo new --into-existing` adds it.
    const project = path.join(root, 'project');
    await execa(process.execPath, [
      ostooBin,
      'new',
      project,
      '--flavor',
      'camkes',
      '--yes',
      '--toolchain-path',
      toolchain!.root,
      '--bindgen',
      'none',
      '--cbindgen',
      'none',
    ]);
    cpSync(path.join(project, 'tools', 'rust'), path.join(checkout, 'tools', 'rust'), { recursive: true });
    // camkes.mk as camkes-tool 2.3.1 has it, reduced to what it does with Rust: seL4_tools'
    // common.mk, then the generated Makefile's Rust rules for the app's instances (camkes
    // renders the template for every instance of the assembly). The template itself sits where
    // camkes-tool keeps it, which tells rust.mk this camkes-tool has _RUST rules.
    mkdirSync(path.join(checkout, 'tools', 'camkes', 'camkes', 'templates'), { recursive: true });
    cpSync(templateFile(), path.join(checkout, 'tools', 'camkes', 'camkes', 'templates', 'Makefile'));
    const camkesMk = (instances: [string, string][]) =>
      writeFileSync(
        path.join(checkout, 'tools', 'camkes', 'camkes.mk'),
        `include \${SEL4_COMMON}/common.mk\n${instances.map(([i, t]) => renderedTemplateRustRules(i, t)).join('')}`,
      );
    camkesMk([['main_object', 'main']]);

    // (common.mk includes Kbuild's helpers relative to the checkout; none is used here.)
    mkdirSync(path.join(checkout, 'tools', 'kbuild'), { recursive: true });
    writeFileSync(path.join(checkout, 'tools', 'kbuild', 'Kbuild.include'), '');
    const build = path.join(root, 'build');
    mkdirSync(build);
    const makeDb = async (...goals: string[]) => {
      const { stdout } = await execa(
        'make',
        [
          '-pn',
          '-C',
          build,
          '-I',
          checkout,
          '-f',
          path.join(app, 'Makefile'),
          `PWD=${checkout}`,
          `SOURCE_DIR=${app}`,
          `BUILD_DIR=${build}`,
          `STAGE_DIR=${path.join(root, 'stage')}`,
          `SEL4_COMMON=${path.join(realTrees, 'seL4_tools-417a2a6-parent', 'common-tool')}`,
          'CONFIG_ARCH_IA32=y',
          // What seL4_tools' Makefile.flags exports for ia32 with CONFIG_RUST_COMPILE_RELEASE.
          'RUST_CUSTOM_TARGET=x86-sel4-linux-gnu',
          'RUST_CARGO_FLAGS=--release ',
          'RUST_RELEASE_MODE=release',
          ...goals,
        ],
        { env: { MAKEFLAGS: '' } },
      );
      return stdout;
    };
    const before = await makeDb('main_object_rust');
    const foreignRule = ruleBlock(before, 'main_object_rust');
    assert.match(foreignRule ?? '', /\$\(XARGO\) build --lib/, 'the 2.3.1 template builds main with xargo');

    const add = await execa(
      process.execPath,
      [ostooBin, 'camkes-component', 'counter', '--app', 'apps/hellorust', '--bindgen', 'none'],
      { cwd: checkout, all: true },
    );
    assert.match(add.all!, /Rust component counter added/);
    assert.match(readFileSync(path.join(app, 'Makefile'), 'utf8'), /^counter_RUST := counter$/m);
    camkesMk([
      ['main_object', 'main'],
      ['counter_obj', 'counter'],
    ]);
    const after = await makeDb('main_object_rust', 'counter_obj_rust');

    // The template's rules run the drop-in xargo, for main and for the new component.
    const xargo = path.join(checkout, 'tools', 'rust', 'xargo');
    assert.equal(variable(after, 'XARGO'), xargo);
    for (const [component, crate] of [
      ['main', 'main'],
      ['counter', 'counter'],
    ] as const) {
      const manifest = path.join(app, 'components', component, 'Cargo.toml');
      assert.ok(
        after.includes(
          `RUST_TARGET_PATH=${path.join(root, 'stage')}/common/ \\\n${xargo} build --lib --release --manifest-path ${manifest} --target=x86-sel4-linux-gnu`,
        ),
        `make -n runs ${xargo} build for ${component}:\n${after
          .split('\n')
          .filter((l) => l.includes('xargo'))
          .join('\n')}`,
      );
      assert.ok(
        after.includes(
          `cp ${path.join(app, 'components', component, 'target', 'x86-sel4-linux-gnu', 'release', `lib${crate}.a`)} ${crate}.a`,
        ),
        `then copies lib${crate}.a where the template links it from`,
      );
    }

    // main's rules and variables expand as they did.
    assert.equal(ruleBlock(after, 'main_object_rust'), foreignRule);
    for (const v of [
      'main_RUST',
      'main_object_RUST',
      'main_LIBS',
      'main_object_instance_LIBS',
      'main_CFILES',
      'main_HFILES',
      'RUST_TARGET',
    ]) {
      assert.equal(variable(after, v), variable(before, v), v);
    }
    assert.equal(ruleBlock(after, '$(RUST_TARGET)'), ruleBlock(before, '$(RUST_TARGET)'));
    // rust.mk adds no rules of its own: the template links <crate>.a itself.
    assert.equal(variable(after, 'RUST_CAMKES_TEMPLATE_RULES'), 'y');
    for (const crate of ['main', 'counter'])
      assert.equal(ruleBlock(after, `librust_${crate}.a`), undefined, `no rust.mk rule for ${crate}`);
    assert.equal(variable(after, 'counter_LIBS'), undefined, 'counter_LIBS is not touched');
  },
);
