// Under `yo`, the environment (and its log) is yo's, not ostoo's: the generator escapes what it
// prints itself. Checked with an environment made here, as yo makes it, in a child process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execa } from 'execa';
import { generatorPath, repoRoot, tempDir } from '../helpers/paths.js';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const raw = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

test("a generator made by an environment it did not make (yo's) escapes what it logs", async () => {
  const script = `
    const { createEnv } = await import(${JSON.stringify(path.join(repoRoot, 'node_modules/yeoman-environment/dist/index.js'))});
    const env = createEnv({ cwd: process.cwd(), skipInstall: true });
    env.register(${JSON.stringify(generatorPath('program'))}, { namespace: 'ostoo:program' });
    const gen = await env.create('ostoo:program', { generatorArgs: [], generatorOptions: {} });
    gen.log('name p\\u001b[2J\\rok: all good');
    gen.log.info('title \\u001b]0;pwned\\u0007');`;
  const r = await execa(process.execPath, ['--input-type=module', '-e', script], {
    cwd: tempDir('yo-output'),
    env: { NO_COLOR: '1' },
    reject: false,
    all: true,
    stdin: 'ignore',
  });
  assert.equal(r.exitCode, 0, r.all);
  assert.match(r.all, /name p\\x1b\[2J\\rok: all good/);
  assert.match(r.all, /title \\x1b\]0;pwned\\x07/);
  for (const line of r.all.split('\n'))
    assert.doesNotMatch(line, raw, `a raw control character: ${JSON.stringify(line)}`);
});
