import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { ostooBin, tempDir } from '../helpers/paths.js';

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
  const { readdirSync } = await import('node:fs');
  const cwd = tempDir('help');
  const { stdout } = await run(process.execPath, [bin, 'new', '--help'], { cwd });
  assert.match(stdout, /^Usage: ostoo new DIR \[options\]/);
  for (const spec of appCommand)
    assert.match(stdout, new RegExp(`^  --${spec.name}\\b`, 'm'), `--${spec.name} is listed`);
  const program = await run(process.execPath, [bin, 'program', '--help'], { cwd });
  assert.match(program.stdout, /^ {2}--std\s+A std program/m);
  assert.deepEqual(readdirSync(cwd), []);
});

test('bare ostoo and bare ostoo toolchain print their help and succeed; --version prints the version', async () => {
  const bare = await run(process.execPath, [bin]);
  assert.match(bare.stdout, /^Usage: ostoo <command> \[options\]/);
  assert.equal(bare.stderr, '');
  const toolchain = await run(process.execPath, [bin, 'toolchain']);
  assert.match(toolchain.stdout, /^Usage: ostoo toolchain \[options\] \[command\]/);
  assert.match(toolchain.stdout, /^\s+install\b/m);
  const { readFileSync } = await import('node:fs');
  const { version } = JSON.parse(readFileSync(path.join(path.dirname(bin), '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  assert.equal((await run(process.execPath, [bin, '--version'])).stdout, `${version}\n`);
});
