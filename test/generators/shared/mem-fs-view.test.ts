// generators/shared/mem-fs-view.ts: a planner reading through a generator's mem-fs sees the
// writes still pending there (new, changed and deleted files), and the disk for the rest
// without loading it into the store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Generator from 'yeoman-generator';
import helpers from 'yeoman-test';
import { memFsView } from '../../../generators/shared/mem-fs-view.js';
import { planAddComponent } from '../../../src/camkes/add-component.js';
import { kbuildAdapter } from '../../../src/camkes/kbuild-adapter.js';
import { diskView, exists, type FileView } from '../../../src/util/file-view.js';
import { repoRoot, tempDir } from '../../helpers/paths.js';

class Plain extends Generator {}

test('the mem-fs view shows pending writes over the disk, and leaves the store alone on plain reads', async () => {
  const dir = tempDir('mem-fs-view');
  mkdirSync(path.join(dir, 'app', 'sub'), { recursive: true });
  writeFileSync(path.join(dir, 'app', 'Makefile'), 'on disk\n');
  writeFileSync(path.join(dir, 'app', 'gone.camkes'), 'x\n');
  writeFileSync(path.join(dir, 'app', 'sub', 'a.c'), 'int a;\n');
  const gen = await helpers.createGenerator(Plain as never);
  const view = memFsView(gen as Generator);
  const app = path.join(dir, 'app');

  assert.equal(view.read(path.join(app, 'Makefile')), 'on disk\n');
  assert.equal(
    gen.fs.store.existsInMemory(path.join(app, 'Makefile')),
    false,
    'a plain read loads nothing into the store',
  );
  assert.deepEqual(view.list(app), diskView.list(app));

  gen.fs.write(path.join(app, 'Makefile'), 'pending\n');
  gen.fs.write(path.join(app, 'components', 'c', 'c.camkes'), 'new\n');
  gen.fs.delete(path.join(app, 'gone.camkes'));
  assert.equal(view.read(path.join(app, 'Makefile')), 'pending\n');
  assert.equal(view.read(path.join(app, 'gone.camkes')), undefined);
  assert.equal(view.read(path.join(app, 'sub')), undefined, 'a directory is not a file');
  assert.deepEqual(view.list(app), [
    { name: 'Makefile', dir: false },
    { name: 'components', dir: true },
    { name: 'sub', dir: true },
  ]);
  assert.equal(view.isDir(path.join(app, 'components', 'c')), true, 'a directory holding only pending files exists');
  assert.equal(exists(view, path.join(app, 'components')), true);
  assert.equal(exists(view, path.join(app, 'nope')), false);
  assert.deepEqual(view.list(path.join(app, 'nope')), []);
});

test('the Kbuild component planner reads the app only through its view', async () => {
  // The samples-layout fixture, held in memory under a directory that does not exist on disk.
  const fixture = path.join(repoRoot, 'test', 'fixtures', 'camkes-samples-layout', 'pingpong');
  const root = path.join(tempDir('view-only'), 'not-on-disk');
  const files = new Map<string, string>();
  const load = (rel: string): void => {
    for (const e of diskView.list(path.join(fixture, rel))) {
      const r = path.join(rel, e.name);
      if (e.dir) load(r);
      else files.set(path.join(root, r), diskView.read(path.join(fixture, r))!);
    }
  };
  load('');
  const view: FileView = {
    read: (f) => files.get(path.resolve(f)),
    isDir: (p) => [...files.keys()].some((f) => f.startsWith(path.resolve(p) + path.sep)),
    list: (d) => {
      const names = new Map<string, boolean>();
      for (const f of files.keys()) {
        if (!f.startsWith(path.resolve(d) + path.sep)) continue;
        const [name, ...rest] = path.relative(d, f).split(path.sep);
        names.set(name!, rest.length > 0);
      }
      return [...names].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, dir]) => ({ name, dir }));
    },
  };
  const opts = {
    name: 'counter',
    control: true,
    uses: ['PingPong:pp'],
    connect: ['pp=pong_object.pp'],
    connector: 'seL4RPCCall',
    rustMk: '',
  };
  const plan = await planAddComponent(kbuildAdapter(opts), root, opts, undefined, view);
  assert.match(plan.edits.get('Makefile')!, /^RUST_CAMKES_COMPONENTS \+= counter$/m);
  assert.match(
    plan.edits.get('pingpong.camkes')!,
    /connection seL4RPCCall counter_obj_pp\(from counter_obj\.pp, to pong_object\.pp\);/,
  );
  // A pending Makefile that already names the component is what the planner sees.
  files.set(path.join(root, 'Makefile'), plan.edits.get('Makefile')!);
  await assert.rejects(
    planAddComponent(kbuildAdapter(opts), root, opts, undefined, view),
    /already has variables for a component 'counter'/,
  );
});
