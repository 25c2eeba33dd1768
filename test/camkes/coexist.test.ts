// The rules a tree already has keep building what they built: the 2016 rust-camkes-samples'
// hellorust (std-based `main_RUST := main`, built by camkes-tool 2.3.1's own xargo template
// rules, with seL4_tools' 2016 common.mk) gets a generated Rust component, and `make -pn`
// shows main's rules and variables exactly as before, while tools/rust/rust.mk builds only
// the new component. (The 2018 Kbuild tree's top-level rust_sysroot is compared in
// test/boot/kbuild.test.ts.)
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

/** camkes-tool 2.3.1's Rust part of templates/Makefile, rendered for one instance. */
function renderedTemplateRustRules(instance: string, type: string): string {
  const template = readFileSync(path.join(realTrees, 'camkes-tool-2.3.1', 'camkes', 'templates', 'Makefile'), 'utf8');
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
  "a Rust component added to the 2016 samples leaves main_RUST to camkes-tool 2.x's rules, as make -pn shows",
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
    // common.mk, then the generated Makefile's Rust rules for the app's one instance.
    mkdirSync(path.join(checkout, 'tools', 'camkes'), { recursive: true });
    writeFileSync(
      path.join(checkout, 'tools', 'camkes', 'camkes.mk'),
      `include \${SEL4_COMMON}/common.mk\n${renderedTemplateRustRules('main_object', 'main')}`,
    );

    // (common.mk includes Kbuild's helpers relative to the checkout; none is used here.)
    mkdirSync(path.join(checkout, 'tools', 'kbuild'), { recursive: true });
    writeFileSync(path.join(checkout, 'tools', 'kbuild', 'Kbuild.include'), '');
    const build = path.join(root, 'build');
    mkdirSync(build);
    const makeDb = async () => {
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
          'main_object_rust',
        ],
        { env: { MAKEFLAGS: '' } },
      );
      return stdout;
    };
    const before = await makeDb();
    const foreignRule = ruleBlock(before, 'main_object_rust');
    assert.match(foreignRule ?? '', /\$\(XARGO\) build --lib/, 'the 2.3.1 template builds main with xargo');

    const add = await execa(
      process.execPath,
      [ostooBin, 'camkes-component', 'counter', '--app', 'apps/hellorust', '--bindgen', 'none'],
      { cwd: checkout, all: true },
    );
    assert.match(add.all!, /Rust component counter added/);
    const after = await makeDb();

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
    // rust.mk builds the new component and nothing else.
    assert.equal(variable(after, 'RUST_CAMKES_COMPONENTS')?.trim(), 'counter');
    assert.match(ruleBlock(after, 'librust_counter.a') ?? '', /cargo/);
    assert.equal(ruleBlock(after, 'librust_main.a'), undefined, 'no rust.mk rule for main');
    assert.equal(variable(after, 'counter_LIBS')?.trim(), '$(counter_RUST_LIB)');
    assert.equal(variable(after, 'counter_RUST_LIB')?.trim(), 'rust_counter');
  },
);
