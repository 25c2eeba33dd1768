import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { ostooBin } from '../helpers/paths.js';

const run = promisify(execFile);
const bin = ostooBin;

test('ostoo --help lists the generator commands', async () => {
  const { stdout } = await run(process.execPath, [bin, '--help']);
  for (const cmd of ['new', 'program', 'camkes-component']) assert.match(stdout, new RegExp(`^\\s+${cmd}\\b`, 'm'));
});

test('ostoo new without DIR is a usage error', async () => {
  await assert.rejects(run(process.execPath, [bin, 'new']), (err: { stderr: string }) => {
    assert.match(err.stderr, /usage: ostoo new DIR/);
    return true;
  });
});

test('generator commands print help from their command tables and touch nothing', async () => {
  const { appCommand } = await import('../../src/commands/app.js');
  const { mkdtempSync, readdirSync } = await import('node:fs');
  const os = await import('node:os');
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'ostoo-help-'));
  const { stdout } = await run(process.execPath, [bin, 'new', '--help'], { cwd });
  assert.match(stdout, /^Usage: ostoo new DIR \[options\]/);
  for (const spec of appCommand)
    assert.match(stdout, new RegExp(`^  --${spec.name}\\b`, 'm'), `--${spec.name} is listed`);
  const program = await run(process.execPath, [bin, 'program', '--help'], { cwd });
  assert.match(program.stdout, /^ {2}--std\s+A std program/m);
  assert.deepEqual(readdirSync(cwd), []);
});
