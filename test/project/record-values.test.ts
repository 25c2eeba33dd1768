// Values read back from a project's .yo-rc.json are input like any other: a stored `app`,
// `target`, spec file or deploy directory that would lead outside the project is refused,
// naming the file and the field, before anything is read or written through it. And the
// file itself is read as input: a directory there, or JSON nested without end, gets a
// message with its path, not a raw EISDIR or a stack overflow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseRecord } from '../../src/project/record.js';
import { repoRoot, tempDir } from '../helpers/paths.js';
import { snapshotBytes } from '../helpers/tree.js';
import { errorLine, ostoo } from '../helpers/cli.js';

const pingpong = path.join(repoRoot, 'test', 'fixtures', 'camkes-samples-layout', 'pingpong');

const record = (fields: Record<string, unknown>) => `${JSON.stringify({ 'generator-ostoo': fields }, null, 2)}\n`;

test('a stored app of ../../elsewhere/app: camkes-component refuses, and the app outside is untouched', async () => {
  const top = tempDir('record-app');
  const project = path.join(top, 'proj');
  const elsewhere = path.join(top, 'elsewhere', 'app');
  cpSync(pingpong, elsewhere, { recursive: true });
  mkdirSync(path.join(project, 'apps'), { recursive: true });
  writeFileSync(path.join(project, '.yo-rc.json'), record({ flavor: 'camkes', app: '../../elsewhere/app' }));
  const before = snapshotBytes(top);
  const r = await ostoo(['camkes-component', 'intruder', '--bindgen', 'none'], { cwd: project });
  assert.equal(r.exitCode, 1, r.stderr);
  assert.match(
    errorLine(r),
    /^ostoo: .*proj\/\.yo-rc\.json: generator-ostoo\.app: "\.\.\/\.\.\/elsewhere\/app" is not a name \(one path segment inside the project\) — fix or remove it first$/,
  );
  assert.deepEqual(snapshotBytes(top), before, 'nothing changed, inside the project or out');
});

test('a stored target of ../../outside/evil: toolchain bump refuses before touching anything', async () => {
  const top = tempDir('record-target');
  const project = path.join(top, 'proj');
  mkdirSync(path.join(project, 'user-rs'), { recursive: true });
  mkdirSync(path.join(top, 'outside'));
  writeFileSync(path.join(top, 'outside', 'evil.json'), '{"llvm-target": "mine"}\n');
  writeFileSync(
    path.join(project, '.yo-rc.json'),
    record({ flavor: 'user-rs', os: 'ostoo', target: '../../outside/evil', toolchain: { kind: 'rustup', id: 'x' } }),
  );
  const before = snapshotBytes(top);
  const r = await ostoo(['toolchain', 'bump', '2026-06-01', '--skip-install', '--dist-server', top], {
    cwd: project,
  });
  assert.equal(r.exitCode, 1, r.stderr);
  assert.match(errorLine(r), /\.yo-rc\.json: generator-ostoo\.target: "\.\.\/\.\.\/outside\/evil" is not a name/);
  assert.deepEqual(snapshotBytes(top), before);
});

test('every stored path is checked: spec files, overlays, the deploy directory, program names', () => {
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ derivedSpecs: { '../x.json': {} } }, /derivedSpecs: "\.\.\/x\.json" is not a relative path inside the project/],
    [{ specOverlays: { '/etc/x.json': {} } }, /specOverlays: "\/etc\/x\.json" is not a relative path inside/],
    [{ deployDir: '../../bin' }, /deployDir: "\.\.\/\.\.\/bin" is not a relative path inside the project/],
    [{ programs: [{ name: '../x', tier: 'std' }] }, /programs\[0\]\.name: "\.\.\/x" is not a name/],
    [{ targets: ['a/b'] }, /targets\[0\]: "a\/b" is not a name/],
    [{ os: '..' }, /os: "\.\." is not a name/],
    [{ app: 'a\u001b[2Jb' }, /app: "a\\u001b\[2Jb" is not a name/],
  ];
  for (const [fields, re] of bad) assert.throws(() => parseRecord(record(fields), '/p/.yo-rc.json'), re);
  // What ostoo itself stores is fine.
  assert.deepEqual(
    parseRecord(
      record({
        app: 'hellorust',
        target: 'x86_64-ostoo-user',
        deployDir: 'user',
        derivedSpecs: { 'user-rs/x.json': {} },
      }),
      '/p/.yo-rc.json',
    )?.app,
    'hellorust',
  );
});

test('.yo-rc.json as a directory, or nested without end: one line naming the file', async () => {
  const dir = tempDir('record-shape');
  mkdirSync(path.join(dir, 'apps'));
  mkdirSync(path.join(dir, '.yo-rc.json'));
  let r = await ostoo(['camkes-component', 'c', '--bindgen', 'none'], { cwd: dir });
  assert.equal(r.exitCode, 1, r.stderr);
  assert.match(errorLine(r), /^ostoo: .*\.yo-rc\.json is a directory, not a regular file — /);

  const deep = path.join(tempDir('record-deep'), 'p');
  mkdirSync(deep);
  writeFileSync(
    path.join(deep, '.yo-rc.json'),
    `{"generator-ostoo": {"x": ${'['.repeat(200_000)}${']'.repeat(200_000)}}}`,
  );
  r = await ostoo(['camkes-component', 'c', '--bindgen', 'none'], { cwd: deep });
  assert.equal(r.exitCode, 1, r.stderr);
  assert.match(
    errorLine(r),
    /^ostoo: .*p\/\.yo-rc\.json is nested more than \d+ levels deep — fix or remove it first$/,
  );
  assert.doesNotMatch(r.stderr, /Maximum call stack/);
});
