// The one add-component planner and its build-system adapter: what the planner asks of an
// adapter, in which order, and what it passes on, shown with a tiny adapter of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { planAddComponent, type ComponentBuildAdapter, type NewComponent } from '../../src/camkes/add-component.js';
import { repoRoot, tempDir } from '../helpers/paths.js';

const fixture = path.join(repoRoot, 'test', 'fixtures', 'camkes-samples-layout', 'pingpong');

/** An adapter for a made-up build system whose one file lists the components it builds. */
function listAdapter(seen: NewComponent[]): ComponentBuildAdapter {
  return {
    build: 'cmake',
    readApp: () => ({
      adl: 'pingpong.camkes',
      declared: (name) => (name === 'declared' ? `the build declares '${name}'` : undefined),
      taken: (name) => (name === 'taken' ? `the build has a target of '${name}'` : undefined),
      async addComponent(component) {
        seen.push(component);
        return {
          edits: new Map([['components.list', `${component.name}\n`]]),
          creates: new Map([['support/README', 'made by the adapter\n']]),
          notes: ['a note from the build system'],
        };
      },
    }),
  };
}

const options = (name: string) => ({
  name,
  control: true,
  uses: ['PingPong:pp'],
  connect: ['pp=pong_object.pp'],
  connector: 'seL4RPCCall',
});

function app(): string {
  const dir = path.join(tempDir('adapter'), 'pingpong');
  cpSync(fixture, dir, { recursive: true });
  return dir;
}

test('the adapter gets the new component with its interfaces; its edits come before the assembly', async () => {
  const seen: NewComponent[] = [];
  const plan = await planAddComponent(listAdapter(seen), app(), options('counter'));
  assert.equal(seen.length, 1);
  assert.equal(seen[0]!.name, 'counter');
  assert.equal(seen[0]!.instance, 'counter_obj');
  assert.deepEqual(
    seen[0]!.interfaces.uses.map((u) => [u.procedure.name, u.iface]),
    [['PingPong', 'pp']],
  );
  assert.deepEqual(
    seen[0]!.interfaces.connections.map((c) => c.name),
    ['counter_obj_pp'],
  );
  assert.deepEqual([...plan.edits.keys()], ['components.list', 'pingpong.camkes']);
  assert.equal([...plan.creates.keys()][0], 'support/README');
  assert.ok(plan.creates.has('components/counter/Cargo.toml'));
  assert.ok(plan.notes.includes('a note from the build system'));
  assert.match(plan.edits.get('pingpong.camkes')!, /component counter counter_obj;/);
});

test("duplicates: the build's declaration before the directory, its other names after", async () => {
  const dir = app();
  for (const name of ['declared', 'taken']) mkdirSync(path.join(dir, 'components', name), { recursive: true });
  const plan = (name: string) => planAddComponent(listAdapter([]), dir, options(name));
  await assert.rejects(
    plan('declared'),
    /^ComponentError: the build declares 'declared' — choose another component name, or remove the existing declared from the app first$/,
  );
  await assert.rejects(plan('taken'), /components\/taken already exists/);
});
