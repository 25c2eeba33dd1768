// The added parts planned again on the fresh tree: the in-memory view the planners read, and
// an entry that cannot be planned again stopping the update in one line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { camkesCmakeFlavor } from '../../src/flavors/camkes-cmake.js';
import { microkitFlavor } from '../../src/flavors/microkit.js';
import { UpdateError } from '../../src/update/checks.js';
import { mapView, replayAdded } from '../../src/update/replay.js';

const files = () =>
  new Map([
    ['a.camkes', Buffer.from('assembly {}\n')],
    ['components/c/src/lib.rs', Buffer.from('// c\n')],
    ['bad\xff.txt', Buffer.from([0x61, 0xff, 0x0a])],
  ]);

test('the fresh tree as a view: files, directories and entries under the root only', () => {
  const view = mapView('/p', files());
  assert.equal(view.read('/p/a.camkes'), 'assembly {}\n');
  assert.equal(view.read('/p/components'), undefined);
  assert.equal(view.read('/q/a.camkes'), undefined);
  assert.equal(view.read('/p/components/c/src/lib.rs'), '// c\n');
  assert.ok(view.isDir('/p/components/c'));
  assert.ok(!view.isDir('/p/a.camkes'));
  assert.ok(!view.isDir('/elsewhere'));
  assert.deepEqual(
    view.list('/p').map((e) => [e.name, e.dir]),
    [
      ['a.camkes', false],
      ['bad\xff.txt', false],
      ['components', true],
    ],
  );
  assert.deepEqual(view.list('/p/components/c/src'), [{ name: 'lib.rs', dir: false }]);
  assert.deepEqual(view.list('/p/nothing'), []);
  assert.deepEqual(view.list('/'), []);
});

test('an added entry that cannot be planned again stops the update, naming it, and changes nothing', async () => {
  const fresh = files();
  const before = new Map(fresh);
  await assert.rejects(
    replayAdded(
      camkesCmakeFlavor,
      '/p',
      { added: [{ command: 'camkes-component', dir: '.', name: 'Bad-Name' }] },
      fresh,
    ),
    (e: Error) =>
      e instanceof UpdateError &&
      /^cannot plan again what `ostoo camkes-component Bad-Name` added in \.: .*; nothing was written — fix its entry in \.yo-rc\.json/.test(
        e.message,
      ) &&
      !e.message.includes('\n'),
  );
  await assert.rejects(
    replayAdded(microkitFlavor, '/p', { added: [{ command: 'microkit-pd', dir: '.', name: 'pd' }] }, fresh),
    /cannot plan again what `ostoo microkit-pd pd` added in \.: .*no \.system file/,
  );
  assert.deepEqual(fresh, before);
  // Programs are the user-rs plan's own; camkes-rust on an app ostoo made is its support.
  const same = files();
  const noop = await replayAdded(
    camkesCmakeFlavor,
    '/p',
    {
      added: [
        { command: 'program', dir: '.', name: 'tool', options: { tier: 'nostd' } },
        { command: 'camkes-rust', dir: '.' },
      ],
    },
    same,
  );
  assert.deepEqual(noop, []);
  assert.deepEqual(same, before);
});
