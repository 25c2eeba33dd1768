// `ostoo program` in a workspace whose Cargo.toml has CRLF line endings
// keeps them, and a `workspace.members` dotted key is understood (and edited) like the table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse as parseToml } from 'smol-toml';
import { ostooBin, tempDir } from '../helpers/paths.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';

const run = promisify(execFile);
const { toolchain, skip } = toolchainOrSkip();

async function workspace(edit: (cargoToml: string) => string): Promise<string> {
  const ws = path.join(tempDir('crlf'), 'ws');
  await run(process.execPath, [ostooBin, 'new', ws, '--yes', '--skip-sysroot', '--toolchain-path', toolchain!.root]);
  const manifest = path.join(ws, 'user-rs/Cargo.toml');
  writeFileSync(manifest, edit(readFileSync(manifest, 'utf8')));
  return ws;
}

/** The workspace's package names, as cargo itself reads them. */
async function cargoPackages(ws: string): Promise<string[]> {
  const { stdout } = await run(toolchain!.cargo, ['metadata', '--offline', '--no-deps', '--format-version', '1'], {
    cwd: path.join(ws, 'user-rs'),
    env: { ...process.env, RUSTC_BOOTSTRAP: '1', RUSTC: toolchain!.rustc },
  });
  return (JSON.parse(stdout) as { packages: { name: string }[] }).packages.map((p) => p.name).sort();
}

const addProgram = (ws: string, name: string) =>
  run(process.execPath, [ostooBin, 'program', name], { cwd: path.join(ws, 'user-rs') });

test('a CRLF Cargo.toml keeps CRLF after ostoo program, and cargo reads it', { skip }, async () => {
  const ws = await workspace((t) => t.replace(/\n/g, '\r\n'));
  await addProgram(ws, 'tool');
  const text = readFileSync(path.join(ws, 'user-rs/Cargo.toml'), 'utf8');
  assert.ok(!/[^\r]\n/.test(text), 'no bare LF: the file keeps its own line endings');
  assert.match(text, /\r\n {4}"tool",\r\n/);
  assert.ok((await cargoPackages(ws)).includes('tool'));
});

test('an LF Cargo.toml stays LF', { skip }, async () => {
  const ws = await workspace((t) => t);
  await addProgram(ws, 'tool');
  assert.ok(!readFileSync(path.join(ws, 'user-rs/Cargo.toml'), 'utf8').includes('\r'));
});

for (const [what, edit] of [
  [
    'workspace.members',
    (t: string) =>
      t
        .replace('[workspace]\n', '')
        .replace('resolver = "2"', 'workspace.resolver = "2"')
        .replace('members = [', 'workspace.members = ['),
  ],
  [
    'workspace.members on one line',
    (t: string) =>
      t
        .replace('[workspace]\n', '')
        .replace('resolver = "2"', 'workspace.resolver = "2"')
        .replace(/members = \[[^\]]*\]/, (m) => `workspace.${m.replace(/\s*\n\s*/g, ' ').replace(', ]', ']')}`),
  ],
] as const) {
  test(`a ${what} dotted key is found and edited`, { skip }, async () => {
    const ws = await workspace(edit);
    const before = readFileSync(path.join(ws, 'user-rs/Cargo.toml'), 'utf8');
    assert.ok(!before.includes('[workspace]') && before.includes('workspace.members'), 'the edit applied');
    const res = await addProgram(ws, 'tool');
    assert.doesNotMatch(`${res.stdout}${res.stderr}`, /no \.yo-rc\.json|not inside/);
    const members = (
      parseToml(readFileSync(path.join(ws, 'user-rs/Cargo.toml'), 'utf8')) as { workspace: { members: string[] } }
    ).workspace.members;
    assert.deepEqual(members.slice(-1), ['tool']);
    assert.ok((await cargoPackages(ws)).includes('tool'));
  });
}

test('a dotted-key workspace without .yo-rc.json is still found (seed style)', { skip }, async () => {
  const ws = await workspace((t) =>
    t
      .replace('[workspace]\n', '')
      .replace('resolver = "2"', 'workspace.resolver = "2"')
      .replace('members = [', 'workspace.members = ['),
  );
  const { rmSync } = await import('node:fs');
  rmSync(path.join(ws, '.yo-rc.json'));
  await addProgram(ws, 'tool');
  assert.ok((await cargoPackages(ws)).includes('tool'));
});
