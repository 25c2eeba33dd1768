// util/rooted.ts: a path under a root is used only when every existing component of it stays
// inside; links inside are followed, a link out (or to nowhere) is refused, naming both ends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OutsideRootError, Rooted } from '../../src/util/rooted.js';
import { tempDir } from '../helpers/paths.js';

function world(): { root: Rooted; dir: string; outside: string } {
  const top = tempDir('rooted');
  const dir = path.join(top, 'root');
  const outside = path.join(top, 'outside');
  mkdirSync(path.join(dir, 'real', 'sub'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'keep'), 'x');
  symlinkSync('real', path.join(dir, 'inside-link'));
  symlinkSync(outside, path.join(dir, 'out-link'));
  symlinkSync('../inside-link/sub', path.join(dir, 'real', 'back-in'));
  symlinkSync(path.join(top, 'nowhere'), path.join(dir, 'dangling'));
  return { root: new Rooted(dir, { what: 'the test root', hint: 'do something' }), dir, outside };
}

test('paths inside, through links that stay inside, are fine; links out or to nowhere are refused', () => {
  const { root, dir } = world();
  assert.equal(root.check('real/sub/new/file'), path.join(dir, 'real/sub/new/file'));
  assert.equal(root.check('inside-link/sub'), path.join(dir, 'inside-link/sub'));
  assert.equal(root.check('real/back-in/x'), path.join(dir, 'real/back-in/x'));
  assert.throws(
    () => root.check('out-link/keep'),
    (e: Error) =>
      e instanceof OutsideRootError &&
      /out-link is a symlink to .*outside, outside the test root .*root — do something$/.test(e.message),
  );
  assert.throws(() => root.check('dangling/x'), /dangling is a symlink to .*nowhere, which does not exist/);
  assert.throws(() => root.check('../elsewhere'), /is outside the test root/);
});

test('remove never follows a link: the link goes, what it leads to stays; below a link out it refuses', async () => {
  const { root, dir, outside } = world();
  await assert.rejects(root.remove('out-link/keep'), OutsideRootError);
  assert.ok(existsSync(path.join(outside, 'keep')));
  await root.remove('out-link');
  assert.ok(!existsSync(path.join(dir, 'out-link')) && existsSync(path.join(outside, 'keep')));
  assert.throws(() => root.mkdirs('dangling/x'), OutsideRootError);
});
