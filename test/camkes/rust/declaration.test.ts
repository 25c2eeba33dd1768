// A new component's declaration from --provides/--uses/--dataport/--emits/--consumes, checked
// against the app, and --replace's copy of a C component's interfaces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { indexApp } from '../../../src/camkes/rust/app-index.js';
import {
  declarationFromComponent,
  declarationFromSpecs,
  type InterfaceSpecs,
} from '../../../src/camkes/rust/declaration.js';
import { diskView } from '../../../src/util/file-view.js';
import { tempDir } from '../../helpers/paths.js';

const app = tempDir('camkes-decl');
mkdirSync(path.join(app, 'interfaces'));
mkdirSync(path.join(app, 'include'));
writeFileSync(path.join(app, 'interfaces/Addition.idl4'), 'procedure Addition { int add(in int a, in int b); };\n');
writeFileSync(
  path.join(app, 'app.camkes'),
  `import "interfaces/Addition.idl4";
component Emitter { control; emits Ready ev; }
component Server { provides Addition a; dataport Buf d; consumes Ready ev; attribute int n = 3; }
assembly { composition { component Emitter e; component Server s; } }
`,
);
writeFileSync(
  path.join(app, 'include/payload.h'),
  'typedef struct { int sz; int ops[100]; } Payload;\nstruct tagged { int t; };\n',
);
const files = ['app.camkes', 'interfaces/Addition.idl4'];
const index = indexApp(diskView, app, files);
const headers = ['include/payload.h'];
const none: InterfaceSpecs = {
  control: true,
  provides: [],
  uses: [],
  dataports: [],
  emits: [],
  consumes: [],
  newEvents: [],
};
const build = (s: Partial<InterfaceSpecs>) => declarationFromSpecs(index, diskView, app, headers, { ...none, ...s });

test('every kind of interface, with default interface names for procedures', () => {
  const { decl, procedureFiles } = build({
    provides: ['Addition'],
    uses: ['Addition:calc'],
    dataports: ['Buf:d', 'Buf(8192):big', 'Payload:p'],
    emits: ['Ready:done'],
    consumes: ['Ready:go'],
  });
  assert.deepEqual(decl.provides, [{ type: 'Addition', name: 'addition', optional: false }]);
  assert.deepEqual(decl.uses, [{ type: 'Addition', name: 'calc', optional: false }]);
  assert.deepEqual(
    decl.dataports.map((d) => [d.name, d.type]),
    [
      ['d', { kind: 'buf', size: 4096, spelling: 'Buf' }],
      ['big', { kind: 'buf', size: 8192, spelling: 'Buf(8192)' }],
      ['p', { kind: 'typed', c: 'Payload' }],
    ],
  );
  assert.deepEqual(decl.includes, ['"payload.h"'], 'the typed dataport includes its header');
  assert.deepEqual([decl.emits[0]?.name, decl.consumes[0]?.name], ['done', 'go']);
  assert.equal(decl.control, true);
  assert.deepEqual(procedureFiles, ['interfaces/Addition.idl4']);
});

test('refused, by name: unknown procedure, event or dataport type, bad sizes, names used twice, bad forms', () => {
  assert.throws(
    () => build({ uses: ['Subtraction'] }),
    /procedure 'Subtraction' is not defined in any \.camkes or \.idl4 file of the app/,
  );
  assert.throws(() => build({ uses: ['addition'] }), /did you mean Addition\?/);
  assert.throws(
    () => build({ emits: ['Redy:r'] }),
    /no component of the app emits or consumes an event 'Redy'.*--new-event Redy/,
  );
  assert.doesNotThrow(() => build({ emits: ['Fresh:f'], newEvents: ['Fresh'] }));
  assert.throws(() => build({ dataports: ['Missing:m'] }), /no header of the app defines a type 'Missing'/);
  assert.throws(() => build({ dataports: ['Buf(100):m'] }), /positive multiple of 4096/);
  assert.throws(() => build({ dataports: ['Buf'] }), /--dataport 'Buf' must be Type:iface/);
  assert.throws(() => build({ emits: ['Ready'] }), /--emits 'Ready' must be Type:iface/);
  assert.throws(() => build({ uses: ['Addition:a:b'] }), /must be Procedure or Procedure:iface/);
  assert.throws(() => build({ uses: ['Addition:x'], dataports: ['Buf:x'] }), /interface 'x' is given twice/);
  assert.throws(() => build({ provides: ['Addition:in'] }), /interface name 'in' is reserved by CAmkES/);
});

test('--replace copies the C component, attributes and all', () => {
  const { decl, procedureFiles } = declarationFromComponent(index, index.components.get('Server')!);
  assert.deepEqual(decl.provides, [{ type: 'Addition', name: 'a', optional: false }]);
  assert.deepEqual(decl.attributes, [{ name: 'n', type: 'int', array: false, default: '3' }]);
  assert.equal(decl.control, false);
  assert.deepEqual(procedureFiles, ['interfaces/Addition.idl4']);
});
