// Text from outside (archive entry names, manifest.in lines, rust-installer-version, file
// names) reaches the terminal with its control characters escaped: no raw ESC or CR can clear
// the screen, recolour it or forge a line such as `ok: all good`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixture } from '../helpers/fixture.js';
import { defaultComponents, type FakeComponent } from '../helpers/dist-server.js';
import { tempDir } from '../helpers/paths.js';
import { errorLine, installFixture, ostoo } from '../helpers/cli.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';

const ESC = '\u001b';

function cargoWith(change: (c: FakeComponent) => FakeComponent): (host: string) => FakeComponent[] {
  return (host) => defaultComponents(host).map((c) => (c.pkg === 'cargo' ? change(c) : c));
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const raw = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

/** No raw control character but the newline ending each line. */
function assertClean(text: string): void {
  assert.doesNotMatch(text, raw, `no raw control characters: ${JSON.stringify(text)}`);
}

async function installError(components: (host: string) => FakeComponent[]): Promise<string> {
  const f = await fixture({ components });
  try {
    const r = await installFixture(f);
    assert.equal(r.exitCode, 1, r.stderr);
    assertClean(r.stderr);
    return errorLine(r);
  } finally {
    await f.cleanup();
  }
}

test('an archive entry name with ESC, CR and a newline is printed escaped, on one line', async () => {
  const line = await installError(
    cargoWith((c) => ({
      ...c,
      extra: [{ path: `TOP/cargo/x${ESC}[2J\r\nok: all good`, type: 'CharacterDevice' }],
    })),
  );
  assert.match(line, /entry ".*x\\x1b\[2J\\r\\nok: all good" is a CharacterDevice/);
});

test('a manifest.in line with ESC is printed escaped', async () => {
  const line = await installError(
    cargoWith((c) => ({ ...c, manifest: ['file:bin/cargo', `file:bin/${ESC}[31mred${ESC}[0m`] })),
  );
  assert.match(line, /manifest\.in lists bin\/\\x1b\[31mred\\x1b\[0m, which the package lacks/);
});

test('a rust-installer-version with ESC and CR is printed escaped', async () => {
  const line = await installError(
    cargoWith((c) => ({
      ...c,
      extra: [{ path: 'TOP/rust-installer-version', content: `3${ESC}]0;owned\u0007\rok\n` }],
    })),
  );
  assert.match(line, /installer version 3\\x1b\]0;owned\\x07\\rok, expected 3/);
});

test('ostoo verify prints a file name with control characters escaped', async () => {
  const file = path.join(tempDir('esc-name'), `prog${ESC}[2J\rok`);
  writeFileSync(file, 'not an ELF file');
  const r = await ostoo(['verify', file]);
  assert.equal(r.exitCode, 1);
  assertClean(r.stdout);
  assert.match(r.stdout, /prog\\x1b\[2J\\rok: FAIL format/);
});

test('what generators print is escaped too: ostoo new into a directory whose name has ESC and CR', async (t) => {
  const { toolchain, skip } = toolchainOrSkip();
  if (skip) return t.skip(skip);
  const cwd = tempDir('esc-new');
  const dir = `p${ESC}[2J\rok: all good/k`;
  mkdirSync(path.join(cwd, path.dirname(dir)));
  const r = await ostoo(['new', dir, '--yes', '--toolchain-path', toolchain!.root, '--skip-sysroot'], { cwd });
  assert.equal(r.exitCode, 0, r.stderr);
  assertClean(r.stdout); // NO_COLOR: not even colours of Yeoman's own
  assertClean(r.stderr);
  assert.match(r.stdout + r.stderr, /p\\x1b\[2J\\rok: all good\/k\/scripts\/user-rs-build\.sh/);
});
