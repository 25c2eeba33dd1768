// commitFiles, the one step bump and doctor --fix (Kbuild) write through: every target is
// checked before anything is written (a link leading out of the project refuses them all), a
// link inside is written at its target and stays a link, bytes not UTF-8 are written back as
// they were read, new files get their directories (and modes) inside the project, and a
// commit that fails leaves every file, and every directory, as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { commitFiles } from '../../src/util/commit-files.js';
import { projectFiles } from '../../src/project/user-files.js';
import { decodeBytes } from '../../src/util/byte-text.js';
import { tempDir } from '../helpers/paths.js';
import { snapshotBytes } from '../helpers/tree.js';

function project(): { top: string; root: string } {
  const top = tempDir('commit');
  const root = path.join(top, 'proj');
  mkdirSync(path.join(root, 'shared'), { recursive: true });
  mkdirSync(path.join(top, 'elsewhere'));
  writeFileSync(path.join(root, 'a.txt'), 'a\n');
  writeFileSync(path.join(top, 'elsewhere', 'b.txt'), 'theirs\n');
  return { top, root };
}

test('a target linked out of the project refuses the whole commit; nothing is written, in or out', async () => {
  const { top, root } = project();
  symlinkSync(path.join(top, 'elsewhere', 'b.txt'), path.join(root, 'b.txt'));
  symlinkSync(path.join(top, 'elsewhere'), path.join(root, 'out'));
  for (const bad of ['b.txt', 'out/new/c.txt']) {
    const before = snapshotBytes(top);
    const files = new Map([
      [path.join(root, 'a.txt'), 'A\n'],
      [path.join(root, 'new', 'dir', 'n.txt'), 'n\n'],
      [path.join(root, bad), 'mine\n'],
    ]);
    await assert.rejects(
      commitFiles(projectFiles(root), files),
      new RegExp(`proj/${bad.split('/')[0]} is a symlink to .*elsewhere.*, outside the project .*proj`),
    );
    assert.deepEqual(snapshotBytes(top), before, `${bad}: nothing written`);
    assert.ok(!existsSync(path.join(root, 'new')), `${bad}: no directory made`);
  }
});

test('a link inside is written at its target; bytes kept; new files get directories and modes', async () => {
  const { root } = project();
  writeFileSync(path.join(root, 'shared', 'm.mk'), Buffer.from('# caf\xe9\n', 'latin1'));
  symlinkSync('shared/m.mk', path.join(root, 'Makefile'));
  const text = decodeBytes(readFileSync(path.join(root, 'Makefile')));
  const tool = path.join(root, 'tools', 'rust', 'xargo');
  await commitFiles(
    projectFiles(root),
    new Map([
      [path.join(root, 'Makefile'), `${text}all:\n`],
      [tool, '#!/bin/sh\n'],
    ]),
    new Map([[tool, 0o755]]),
  );
  assert.ok(lstatSync(path.join(root, 'Makefile')).isSymbolicLink(), 'still a link');
  assert.deepEqual(readFileSync(path.join(root, 'shared', 'm.mk')), Buffer.from('# caf\xe9\nall:\n', 'latin1'));
  assert.equal(statSync(tool).mode & 0o777, 0o755);
});

test('a commit that fails part way leaves the files and directories as they were', async () => {
  const { top, root } = project();
  // A directory where the last file should be: reading it fails after the others were staged.
  mkdirSync(path.join(root, 'adir'));
  const before = snapshotBytes(top);
  await assert.rejects(
    commitFiles(
      projectFiles(root),
      new Map([
        [path.join(root, 'a.txt'), 'A\n'],
        [path.join(root, 'new', 'dir', 'n.txt'), 'n\n'],
        [path.join(root, 'adir'), 'x\n'],
      ]),
    ),
    /EISDIR|directory/i,
  );
  assert.deepEqual(snapshotBytes(top), before, 'a.txt as it was, no temp file left');
  assert.ok(!existsSync(path.join(root, 'new')), 'the directories it made are gone');
});
