// Hostile values through every camkes option that reaches a generated file: names are refused
// (C, Rust, Make and Kconfig all need identifiers) with the tree byte-identical; free text (the
// project directory's name, --toolchain-path) is quoted for each file's language, so `make -n`,
// the generated script and TOML parsers see the value intact and nothing in it runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { parse as parseToml } from 'smol-toml';
import helpers from 'yeoman-test';
import { generatorPath, ostooBin, repoRoot, tempDir } from '../helpers/paths.js';
import { assertGeneratorRefuses, snapshotTree } from '../helpers/tree.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';

const { toolchain, skip } = toolchainOrSkip();
const app = generatorPath('app');
const component = generatorPath('camkes-component');

/** Each one would run `touch` (creating PWNED) if a shell or Make evaluated it. */
const hostile = [
  '$(touch PWNED)',
  '$(shell touch PWNED)',
  '`touch PWNED`',
  'a;touch PWNED',
  'q\'u"o',
  'a&touch PWNED&',
  'x#y',
  'sp ace',
  'new\nline',
];
const pwned = (...dirs: string[]) => dirs.some((d) => existsSync(path.join(d, 'PWNED')));

test('hostile names for every camkes name option are refused, the tree byte-identical', { skip }, async () => {
  const base = { yes: true, flavor: 'camkes', 'toolchain-path': toolchain!.root };
  for (const option of ['app', 'component', 'c-component', 'interface', 'library']) {
    for (const value of hostile) {
      await assertGeneratorRefuses(app, { ...base, [option]: value }, /is not a C identifier|has uppercase/);
    }
  }
  for (const value of hostile)
    await assertGeneratorRefuses(
      app,
      { ...base, arch: value },
      /--arch must be one of x86_64, ia32, aarch32, aarch64, riscv64 /,
    );
  // camkes-component: its name, instance, interfaces, connections, connector and --rust-mk.
  const fixture = path.join(repoRoot, 'test', 'fixtures', 'camkes-samples-layout', 'pingpong');
  for (const value of hostile) {
    const cases: [string[], Record<string, unknown>][] = [
      [[value], {}],
      [['counter'], { instance: value }],
      [['counter'], { uses: [`PingPong:${value}`] }],
      [['counter'], { uses: [value] }],
      [['counter'], { uses: ['PingPong:pp'], connect: [`pp=${value}.pp`] }],
      [['counter'], { uses: ['PingPong:pp'], connect: [`pp=pong_object.${value}`] }],
      [['counter'], { connector: value }],
      [['counter'], { 'rust-mk': `\${PWD}/${value}/rust.mk` }],
    ];
    for (const [args, options] of cases) {
      let dir = '';
      let before: Record<string, string> = {};
      const run = helpers
        .run(component)
        .inTmpDir((d) => {
          dir = d;
          cpSync(fixture, path.join(d, 'pingpong'), { recursive: true });
          before = snapshotTree(d);
        })
        .withArguments(args)
        .withOptions({ app: 'pingpong', bindgen: 'none', ...options } as unknown as Record<string, never>);
      await assert.rejects(
        run,
        /not a C identifier|must be|is not defined|uppercase|must be Procedure/,
        `${JSON.stringify(args)} ${JSON.stringify(options)}`,
      );
      assert.deepEqual(snapshotTree(dir), before, 'the app is byte-identical');
      assert.ok(!pwned(dir));
    }
  }
});

/** A toolchain root whose path is `name`: links to the real toolchain's bin and lib. */
function hostileToolchain(parent: string, name: string): string {
  const root = path.join(parent, name);
  mkdirSync(path.join(root, 'bin'), { recursive: true });
  for (const tool of ['rustc', 'cargo'])
    symlinkSync(path.join(toolchain!.root, 'bin', tool), path.join(root, 'bin', tool));
  symlinkSync(path.join(toolchain!.root, 'lib'), path.join(root, 'lib'));
  return root;
}

test(
  'a hostile project directory and toolchain path arrive intact in Make, shell, TOML, Kconfig and XML, and nothing runs',
  { skip },
  async () => {
    for (const value of hostile) {
      const scratch = tempDir('camkes-hostile');
      const parent = path.join(scratch, 'toolchains');
      mkdirSync(parent);
      const root = hostileToolchain(parent, value);
      const dest = path.join(scratch, value);
      const run = await execa(
        process.execPath,
        [
          ostooBin,
          'new',
          dest,
          '--flavor',
          'camkes',
          '--yes',
          '--toolchain-path',
          root,
          '--bindgen',
          'none',
          '--cbindgen',
          'none',
        ],
        {
          cwd: scratch,
          all: true,
          reject: false,
        },
      );
      if (value.includes('\n')) {
        // A newline cannot be one Make or Kconfig line: refused, nothing written. Both the
        // directory and the toolchain path carry it; whichever is checked first is named.
        assert.notEqual(run.exitCode, 0);
        assert.match(
          run.all!,
          /(project directory name|--toolchain-path) "[^"]*\\nline" cannot be written safely: it contains a newline/,
        );
        assert.equal(existsSync(dest), false, 'nothing written, DIR not created');
        continue;
      }
      assert.equal(run.exitCode, 0, run.all);

      // Make: the variables hold the path as one shell word; `make -n` runs nothing.
      const show = await execa(
        'make',
        [
          '-s',
          '-f',
          path.join(dest, 'tools/rust/toolchain.mk'),
          '--eval',
          'show: ; @printf "%s\\n" $(RUST_CARGO) $(RUST_RUSTC)',
          'show',
        ],
        { cwd: scratch },
      );
      assert.equal(show.stdout, `${root}/bin/cargo\n${root}/bin/rustc`);
      mkdirSync(path.join(scratch, 'common'), { recursive: true });
      // (common.mk stands in empty: the library Makefile includes it first.)
      writeFileSync(path.join(scratch, 'common', 'common.mk'), '');
      // The checkout's own path goes through ${PWD} in seL4's Makefiles too, so it is a plain
      // name here (a link to the project); the toolchain path is the hostile one.
      const checkout = path.join(scratch, 'checkout');
      symlinkSync(dest, checkout);
      // `make -n` still runs the `+` cargo line (it is a sub-build); RUST_CARGO_ENV, the env(1)
      // prefix of that line, becomes a printf of each word the shell sees (and the shell would
      // also run anything the quoting let through).
      const dry = await execa(
        'make',
        [
          '-n',
          '-f',
          path.join(checkout, 'libs/libhello/Makefile'),
          `SEL4_COMMON=${path.join(scratch, 'common')}`,
          `BUILD_DIR=${path.join(scratch, 'build')}`,
          `SOURCE_DIR=${path.join(checkout, 'libs/libhello')}`,
          `STAGE_DIR=${path.join(scratch, 'stage')}`,
          `PWD=${checkout}`,
          'CONFIG_ARCH_X86_64=y',
          // seL4_tools' common.mk (empty here) builds RUST_TARGET through the drop-in xargo; rust.mk's
          // own rule for the earlier name runs the same toolchain.mk env prefix, and make can show it.
          'RUST_STATICLIB=libhello.a',
          "RUST_CARGO_ENV=printf '[%s]\\n' $(RUST_TOOL_ENV)",
          'libhello.a',
        ],
        { cwd: scratch, all: true },
      );
      const words = dry.stdout.split('\n');
      assert.ok(words.includes(`[${root}/bin/cargo]`), `cargo is one intact word:\n${dry.stdout}`);
      assert.ok(words.includes(`[CARGO=${root}/bin/cargo]`), `CARGO= is one intact word:\n${dry.stdout}`);
      assert.ok(words.includes('[build]'));

      // Shell: the generated script parses and prints its usage.
      await execa('bash', ['-n', path.join(dest, 'tools/rust/camkes-bindgen.sh')]);
      const usage = await execa(path.join(dest, 'tools/rust/camkes-bindgen.sh'), [], { reject: false, cwd: scratch });
      assert.equal(usage.exitCode, 2);

      // TOML: the pinned path.
      assert.equal(
        (parseToml(readFileSync(path.join(dest, 'rust-toolchain.toml'), 'utf8')) as { toolchain: { path: string } })
          .toolchain.path,
        root,
      );
      parseToml(readFileSync(path.join(dest, 'tools/rust/cargo-config.toml'), 'utf8'));

      // Kconfig and the Makefile name the project only in comments; XML escapes it.
      for (const f of ['Kconfig', 'Makefile']) {
        const text = readFileSync(path.join(dest, f), 'utf8');
        assert.ok(
          text.split('\n').some((l) => l.startsWith('# ') && l.includes(value)),
          `${f} names the project in a comment`,
        );
      }
      const manifest = readFileSync(path.join(dest, 'manifest-snippet.xml'), 'utf8');
      const attr = /<project name="([^"]*)"/.exec(manifest)![1]!;
      assert.equal(
        attr.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))),
        value,
      );
      assert.ok(!pwned(scratch, dest, root), `nothing ran for ${JSON.stringify(value)}`);
    }
  },
);
