// build.rs of a Rust component, compiled and run on the host: it passes while the .camkes
// declarations and headers are as the bindings were made from them (comments aside), and
// stops the build, naming the refresh command, once one of them changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { maskComments, parseCamkes } from '../../../src/camkes/model/parse.js';
import { renderGuard } from '../../../src/camkes/rust/guard.js';
import { repoRoot, tempDir } from '../../helpers/paths.js';
import { toolchainOrSkip } from '../../helpers/toolchain.js';

const { toolchain, skip } = toolchainOrSkip();
const fixture = path.join(repoRoot, 'test/fixtures/camkes-rust-abi');

test(
  'build.rs passes on unchanged declarations and fails, naming the command, on changed ones',
  { skip, timeout: 120_000 },
  async () => {
    const app = tempDir('camkes-guard');
    cpSync(fixture, app, { recursive: true });
    const crate = path.join(app, 'components/kinds');
    mkdirSync(crate, { recursive: true });
    const text = readFileSync(path.join(app, 'kinds.camkes'), 'utf8');
    const parsed = parseCamkes(text, 'kinds.camkes');
    const proc = parsed.procedures[0]!;
    const comp = parsed.components[0]!;
    const header = readFileSync(path.join(app, 'kinds_types.h'), 'utf8');
    const guard = renderGuard('kinds', 'ostoo camkes-component kinds --refresh', [
      { file: '../../kinds.camkes', keyword: 'component', name: 'kinds', text: comp.text },
      { file: '../../kinds.camkes', keyword: 'procedure', name: 'Kinds', text: proc.text },
      { file: '../../kinds_types.h', keyword: '', name: '', text: maskComments(header).replace(/\s+/g, ' ').trim() },
    ]);
    writeFileSync(path.join(crate, 'build.rs'), guard);
    const exe = path.join(app, 'guard');
    const rustc = await execa(toolchain!.rustc, ['--edition', '2021', '-o', exe, path.join(crate, 'build.rs')], {
      reject: false,
      all: true,
    });
    assert.equal(rustc.exitCode, 0, rustc.all);
    const run = () => execa(exe, [], { env: { CARGO_MANIFEST_DIR: crate }, reject: false, all: true });

    const ok = await run();
    assert.equal(ok.exitCode, 0, ok.all);
    assert.match(ok.stdout, /cargo:rerun-if-changed=.*kinds\.camkes/);
    assert.match(ok.stdout, /cargo:rerun-if-changed=.*kinds_types\.h/);

    // Comments and spacing are not the declaration.
    writeFileSync(
      path.join(app, 'kinds.camkes'),
      `// a comment\n${text.replace('void nothing(void);', '/* x */ void   nothing(void);\n#define UNUSED 1')}`,
    );
    assert.equal((await run()).exitCode, 0, 'a comment-only change passes');

    writeFileSync(
      path.join(app, 'kinds.camkes'),
      text.replace('void nothing(void);', 'void nothing(void);\n    int added(in int a);'),
    );
    const stale = await run();
    assert.equal(stale.exitCode, 1);
    assert.match(
      stale.stderr,
      /error: the CAmkES bindings of kinds \(src\/camkes\.rs\) are stale: \.\.\/\.\.\/kinds\.camkes changed its procedure Kinds/,
    );
    assert.match(stale.stderr, /error: regenerate them with: ostoo camkes-component kinds --refresh/);

    writeFileSync(
      path.join(app, 'kinds.camkes'),
      text.replace('provides Kinds k;', 'provides Kinds k;\n    emits Ready more;'),
    );
    assert.match((await run()).stderr, /changed its component kinds/);

    writeFileSync(path.join(app, 'kinds.camkes'), text.replace('procedure Kinds', 'procedure Renamed'));
    assert.match((await run()).stderr, /no longer defines procedure Kinds/);

    writeFileSync(path.join(app, 'kinds.camkes'), text);
    writeFileSync(path.join(app, 'kinds_types.h'), header.replace('int64_t right;', 'int32_t right;'));
    assert.match((await run()).stderr, /\.\.\/\.\.\/kinds_types\.h changed/);
  },
);
