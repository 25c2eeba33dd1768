// `yo ostoo:camkes-component` on an app written by hand in the rust-camkes-samples layout
// (test/fixtures/camkes-samples-layout): the edits only add lines, with the content
// expected, and every refusal leaves the tree byte-identical.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import helpers from 'yeoman-test';
import { editAssembly } from '../../src/camkes/edit/assembly.js';
import { readKbuild } from '../../src/camkes/edit/kbuild.js';
import { editMakefile } from '../../src/camkes/edit/makefile.js';
import { execa } from 'execa';
import { generatorPath, ostooBin, repoRoot, tempDir } from '../helpers/paths.js';
import { snapshotTree } from '../helpers/tree.js';

const generator = generatorPath('camkes-component');
const fixture = path.join(repoRoot, 'test', 'fixtures', 'camkes-samples-layout', 'pingpong');
const opts = (o: Record<string, unknown>) => o as Record<string, never>;

/** The lines `after` adds to `before`, asserting that it only adds (no line changed or removed). */
function addedLines(before: string, after: string, file: string): string[] {
  const b = before.split('\n');
  const added: string[] = [];
  let j = 0;
  for (const line of after.split('\n')) {
    if (j < b.length && line === b[j]) j++;
    else added.push(line);
  }
  assert.equal(
    j,
    b.length,
    `${file}: every original line is still there, in order (missing from line ${j + 1}: ${JSON.stringify(b[j])})`,
  );
  return added;
}

async function runOn(prepare: (dir: string) => void, args: string[], options: Record<string, unknown>) {
  let dir = '';
  let before: Record<string, string> = {};
  const run = helpers
    .run(generator)
    .inTmpDir((d) => {
      dir = d;
      prepare(d);
      before = snapshotTree(d);
    })
    .withArguments(args)
    .withOptions(opts(options));
  return { run, dir: () => dir, before: () => before };
}

const copyFixture = (d: string) => cpSync(fixture, path.join(d, 'pingpong'), { recursive: true });

const rustBlock = (name: string) => [
  `# ${name}: a Rust component, the cargo crate in components/${name}.`,
  `${name}_RUST := ${name}`,
  `${name}_HFILES := \\`,
  `    $(patsubst \${SOURCE_DIR}/%,%,$(wildcard \${SOURCE_DIR}/components/${name}/include/*.h)) \\`,
  '    $(patsubst ${SOURCE_DIR}/%,%,$(wildcard ${SOURCE_DIR}/include/*.h))',
  `${name}_CFILES := \\`,
  `    $(patsubst \${SOURCE_DIR}/%,%,$(wildcard \${SOURCE_DIR}/components/${name}/src/*.c))`,
  '',
];

test('adding a component to a hand-written samples-layout app only adds the expected lines', async () => {
  const r = await runOn(copyFixture, ['counter'], {
    app: 'pingpong',
    uses: ['PingPong:pp'],
    connect: ['pp=pong_object.pp'],
  });
  await r.run;
  const app = path.join(r.dir(), 'pingpong');
  const orig = (f: string) => readFileSync(path.join(fixture, f), 'utf8');
  const now = (f: string) => readFileSync(path.join(app, f), 'utf8');

  assert.deepEqual(addedLines(orig('Makefile'), now('Makefile'), 'Makefile'), [
    ...rustBlock('counter'),
    '# Rust components: tools/rust/rust.mk, after their lines, before camkes.mk.',
    'include ${PWD}/tools/rust/rust.mk',
  ]);
  // The block lands before the comment that introduces camkes.mk, not between them.
  assert.match(
    now('Makefile'),
    /include \$\{PWD\}\/tools\/rust\/rust\.mk\n# pong keeps a log; the # in this comment is not a variable\ninclude \$\{PWD\}\/tools\/camkes\/camkes\.mk\n$/,
  );

  // Outside a checkout (no tools/common/project.mk, no libs/libcompiler-rt) the Kbuild stays.
  assert.equal(now('Kbuild'), orig('Kbuild'));

  assert.deepEqual(addedLines(orig('pingpong.camkes'), now('pingpong.camkes'), 'pingpong.camkes'), [
    'import "components/counter/counter.camkes";',
    '        component counter counter_obj;',
    '        connection seL4RPCCall counter_obj_pp(from counter_obj.pp, to pong_object.pp);',
  ]);
  // The instance follows the last instance (not the commented-out one), the import the last import.
  assert.match(
    now('pingpong.camkes'),
    /component pong pong_object;\n {8}component counter counter_obj;\n {8}\/\* component ghost/,
  );
  assert.match(
    now('pingpong.camkes'),
    /import "components\/pong\/pong\.camkes";\nimport "components\/counter\/counter\.camkes";\n/,
  );

  // Untouched files stay as they were.
  for (const f of [
    'Kconfig',
    'interfaces/pingpong.camkes',
    'components/ping/ping.camkes',
    'components/pong/src/main.c',
  ])
    assert.equal(now(f), orig(f), f);

  // The component itself.
  const comp = (f: string) => readFileSync(path.join(app, 'components/counter', f), 'utf8');
  assert.equal(
    comp('counter.camkes').replace(/^\/\*[^]*?\*\/\n/, ''),
    '\nimport "../../interfaces/pingpong.camkes";\n\ncomponent counter {\n    control;\n    uses PingPong pp;\n}\n',
  );
  assert.match(comp('Cargo.toml'), /^name = "counter"$/m);
  assert.match(comp('Cargo.toml'), /^crate-type = \["staticlib"\]$/m);
  const lib = comp('src/lib.rs');
  assert.match(lib, /^#!\[no_std\]$/m);
  assert.match(lib, /^extern crate alloc;$/m);
  assert.match(lib, /#\[global_allocator\]\nstatic HEAP: runtime::CHeap/);
  assert.match(lib, /#\[no_mangle\]\npub extern "C" fn run\(\) -> c_int/);
  assert.match(lib, /#\[panic_handler\]/);
  const bindings = comp('src/camkes.rs');
  assert.match(bindings, /pub fn pp_ping\s*\(\s*count\s*:/);
  assert.match(
    bindings,
    /pub fn pp_note\s*\(\s*text\s*:\s*\*\s*const core\s*::\s*ffi\s*::\s*c_char\s*,\s*seen\s*:\s*\*\s*mut u32\s*\)/,
  );
  assert.doesNotMatch(bindings, /pp_take/, 'take() uses a type from a header the bindings cannot see');
});

test('an app that already has the Rust setup gets only the component, in Makefile and assembly', async () => {
  const prepare = (d: string) => {
    copyFixture(d);
    const app = path.join(d, 'pingpong');
    const mk = readFileSync(path.join(app, 'Makefile'), 'utf8').replace(
      'include ${PWD}/tools/camkes',
      'include ${PWD}/tools/rust/rust.mk\ninclude ${PWD}/tools/camkes',
    );
    writeFileSync(path.join(app, 'Makefile'), mk);
  };
  const r = await runOn(prepare, ['solo'], { app: 'pingpong', control: false, bindgen: 'none' });
  await r.run;
  const before = new Map(Object.entries(r.before()));
  const app = path.join(r.dir(), 'pingpong');
  const now = (f: string) => readFileSync(path.join(app, f), 'utf8');
  assert.equal(now('Kbuild'), before.get('pingpong/Kbuild'));
  assert.deepEqual(addedLines(before.get('pingpong/Makefile')!, now('Makefile'), 'Makefile'), rustBlock('solo'));
  assert.match(
    now('Makefile'),
    /solo_CFILES := \\\n.*\n\n# pong keeps a log[^\n]*\ninclude \$\{PWD\}\/tools\/rust\/rust\.mk\n/,
  );
  assert.deepEqual(addedLines(before.get('pingpong/pingpong.camkes')!, now('pingpong.camkes'), 'pingpong.camkes'), [
    'import "components/solo/solo.camkes";',
    '        component solo solo_obj;',
  ]);
  const camkes = readFileSync(path.join(app, 'components/solo/solo.camkes'), 'utf8');
  assert.match(camkes, /component solo \{\n\}/, 'no control thread, no interfaces');
  assert.match(readFileSync(path.join(app, 'components/solo/src/camkes.rs'), 'utf8'), /solo uses no RPC interface yet/);
});

async function assertRefused(
  args: string[],
  options: Record<string, unknown>,
  message: RegExp,
  prepare: (d: string) => void = copyFixture,
) {
  const r = await runOn(prepare, args, options);
  await assert.rejects(r.run, message);
  assert.deepEqual(snapshotTree(r.dir()), r.before(), 'the tree is byte-identical');
}

test('a connection in an app that does not import the connectors adds that import too', async () => {
  const r = await runOn(
    (d) => {
      copyFixture(d);
      const adl = path.join(d, 'pingpong', 'pingpong.camkes');
      writeFileSync(adl, readFileSync(adl, 'utf8').replace('import <std_connector.camkes>;\n', ''));
    },
    ['counter'],
    { app: 'pingpong', uses: ['PingPong:pp'], connect: ['pp=pong_object.pp'], bindgen: 'none' },
  );
  await r.run;
  const before = r.before()['pingpong/pingpong.camkes']!;
  const after = readFileSync(path.join(r.dir(), 'pingpong', 'pingpong.camkes'), 'utf8');
  assert.deepEqual(addedLines(before, after, 'pingpong.camkes').slice(0, 2), [
    'import <std_connector.camkes>;',
    'import "components/counter/counter.camkes";',
  ]);
});

test('without --app, a camkes project above the current directory names the app', async () => {
  const root = tempDir('camkes-project');
  cpSync(fixture, path.join(root, 'apps', 'pingpong'), { recursive: true });
  writeFileSync(
    path.join(root, '.yo-rc.json'),
    JSON.stringify({ 'generator-ostoo': { flavor: 'camkes', app: 'pingpong' } }),
  );
  const cwd = path.join(root, 'apps', 'pingpong', 'components');
  const { all } = await execa(process.execPath, [ostooBin, 'camkes-component', 'counter', '--bindgen', 'none'], {
    cwd,
    all: true,
  });
  assert.match(
    all!,
    /Rust component counter added to \.\. \(instance counter_obj; edited Makefile, pingpong\.camkes\)/,
  );
  assert.match(readFileSync(path.join(root, 'apps/pingpong/Makefile'), 'utf8'), /^counter_RUST := counter$/m);
});

test('refusals leave the tree byte-identical', async () => {
  const app = { app: 'pingpong', bindgen: 'none' };
  await assertRefused(['ping'], app, /components\/ping already exists/);
  await assertRefused(['pong2'], { ...app, instance: 'ping_object' }, /already has an instance named 'ping_object'/);
  await assertRefused(['Counter'], app, /component name 'Counter' has uppercase letters/);
  await assertRefused(['9lives'], app, /not a C identifier/);
  await assertRefused(['my-comp'], app, /not a C identifier/);
  await assertRefused(['int'], app, /is a C keyword/);
  await assertRefused(['self'], app, /Rust keyword/);
  await assertRefused(['counter'], { ...app, instance: 'bad name' }, /instance name 'bad name' is not a C identifier/);
  await assertRefused(
    ['counter'],
    { app: 'pingpong', 'rust-mk': '$(shell touch pwned)/rust.mk' },
    /--rust-mk .* must be a path[^\n]* — pass a plain path to --rust-mk/,
  );
  await assertRefused(
    ['counter'],
    { app: 'nope', bindgen: 'none' },
    /app directory \S*nope does not exist — pass --app DIR with an existing CAmkES app; create one with `ostoo new DIR --flavor camkes-cmake`/,
  );
  // A directory with no app in it: the hint names both kinds of app and --app.
  await assertRefused(
    ['counter'],
    { app: 'empty', bindgen: 'none' },
    /empty is not a CAmkES app \(no CMakeLists\.txt, as a CMake app has, and no Makefile, as a Kbuild app has\) — run this in the app directory or pass --app DIR; create an app with `ostoo new DIR --flavor camkes-cmake` \(or --flavor camkes\)/,
    (d) => {
      copyFixture(d);
      mkdirSync(path.join(d, 'empty'));
    },
  );
  await assertRefused(
    ['counter'],
    { ...app, uses: ['Nope'] },
    /procedure 'Nope' is not defined[^\n]* — check its spelling, or add its procedure definition to the app/,
  );
  await assertRefused(
    ['counter'],
    { ...app, uses: ['PingPong:pp'], connect: ['pp=ghost_object.pp'] },
    /has no instance 'ghost_object'/,
  );
  await assertRefused(
    ['counter'],
    { ...app, connect: ['pp=pong_object.pp'] },
    /'pp' is not one of counter's interfaces/,
  );
  await assertRefused(
    ['counter'],
    { ...app, uses: ['PingPong:pp'], connect: ['pp=pong_object.pp', 'pp=pong_object.pp'] },
    /already has a connection named 'counter_obj_pp'/,
  );
  // Fails late (after the Kbuild and assembly were understood): still nothing written.
  await assertRefused(['counter'], app, /does not include camkes\.mk/, (d) => {
    copyFixture(d);
    const mk = path.join(d, 'pingpong', 'Makefile');
    writeFileSync(mk, readFileSync(mk, 'utf8').replace('include ${PWD}/tools/camkes/camkes.mk\n', ''));
  });
  // The same component twice: an app that already has it (as the first run leaves it)
  // refuses a second one, even with its directory gone (the Makefile still names it).
  const addedOnce = (dropDir: boolean) => (d: string) => {
    copyFixture(d);
    const appDir = path.join(d, 'pingpong');
    const edit = (f: string, fn: (text: string) => string) =>
      writeFileSync(path.join(appDir, f), fn(readFileSync(path.join(appDir, f), 'utf8')));
    edit('Makefile', (t) => editMakefile(t, 'counter', '${PWD}/tools/rust/rust.mk'));
    edit('pingpong.camkes', (t) =>
      editAssembly(t, {
        importLine: 'import "components/counter/counter.camkes";',
        instanceLine: 'component counter counter_obj;',
        connectionLines: [],
      }),
    );
    if (!dropDir) mkdirSync(path.join(appDir, 'components/counter/src'), { recursive: true });
  };
  await assertRefused(['counter'], app, /components\/counter already exists/, addedOnce(false));
  await assertRefused(['counter'], app, /already has variables for a component 'counter'/, addedOnce(true));
});

test('the edit functions on their own: continuation lines, comments, no composition', () => {
  assert.deepEqual(
    [...readKbuild('apps-y += a\na: b \\\n  rust_sysroot # libcompiler-rt\n').prerequisites],
    ['b', 'rust_sysroot'],
  );
  assert.throws(() => readKbuild('# nothing\n'), /no `apps-\$\(CONFIG_\.\.\.\) \+= <app>` line/);
  assert.throws(() => editMakefile('TARGETS := x\n', 'c', ''), /does not include camkes\.mk/);
  const oneLine = 'assembly { composition { component a b; } }\n';
  assert.throws(
    () => editAssembly(oneLine, { importLine: 'import "x";', instanceLine: 'component c d;', connectionLines: [] }),
    /on one line/,
  );
  // No imports and no instances yet: the import goes before `assembly`, the instance indented.
  const bare = 'assembly {\n  composition {\n  }\n}\n';
  assert.equal(
    editAssembly(bare, {
      extraImports: ['import <std_connector.camkes>;'],
      importLine: 'import "c.camkes";',
      instanceLine: 'component c c_obj;',
      connectionLines: ['connection X n(from a.b, to c.d);'],
    }),
    'import <std_connector.camkes>;\nimport "c.camkes";\n\nassembly {\n  composition {\n      component c c_obj;\n      connection X n(from a.b, to c.d);\n  }\n}\n',
  );
});

test('a server that tells clients apart by attribute or badge: the generator prints the lines to add', async () => {
  const connectTo = { app: 'pingpong', uses: ['PingPong:pp'], connect: ['pp=pong_object.pp'], bindgen: 'none' };
  // Another client's attribute in the configuration.
  const byAttribute = (d: string) => {
    copyFixture(d);
    const adl = path.join(d, 'pingpong', 'pingpong.camkes');
    writeFileSync(
      adl,
      readFileSync(adl, 'utf8').replace('/* Nothing to configure */', 'ping_object.pp_attributes = "1";'),
    );
  };
  const noteOf = async (prepare: (d: string) => void) => {
    const root = tempDir('camkes-identity');
    prepare(root);
    const { all } = await execa(
      process.execPath,
      [
        ostooBin,
        'camkes-component',
        'counter',
        ...Object.entries(connectTo).flatMap(([k, v]) =>
          Array.isArray(v) ? v.map((x) => [`--${k}`, x]).flat() : [`--${k}`, v],
        ),
      ],
      { cwd: root, all: true },
    );
    return all!;
  };
  const attr = await noteOf(byAttribute);
  assert.match(
    attr,
    /Note: pong_object\.pp tells its clients apart \(ping_object\.pp_attributes is set for another client\); ostoo cannot know the value for counter_obj: add to the configuration block of pingpong\.camkes:\n {4}counter_obj\.pp_attributes = <a value pong_object expects for this client>;\n {4}\(as the others have: ping_object\.pp_attributes = "1";\)/,
  );
  // The server's code reading the caller's badge.
  const byBadge = (d: string) => {
    copyFixture(d);
    const main = path.join(d, 'pingpong', 'components', 'pong', 'src', 'main.c');
    writeFileSync(main, `${readFileSync(main, 'utf8')}\nint whose_call(void) { return pp_get_sender_id(); }\n`);
  };
  assert.match(
    await noteOf(byBadge),
    /pong_object\.pp tells its clients apart \(components\/pong\/src\/main\.c uses pp_get_sender_id\)[^]*counter_obj\.pp_attributes = </,
  );
  // A plain server: no such note.
  assert.doesNotMatch(await noteOf(copyFixture), /tells its clients apart/);
});
