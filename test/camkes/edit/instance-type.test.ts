// --replace's one in-line edit: the instance's type, and not one other byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findInstance, switchInstanceType } from '../../../src/camkes/edit/instance-type.js';

const assembly = `import "components/Adder/Adder.camkes";
assembly {
    composition {
        // component Adder adder; (a comment)
        component Adder   adder ;
        component Client client;
        connection seL4RPCCall p(from client.a, to adder.a);
    }
    configuration { adder.d_access = "RW"; }
}\r\n`;

test('only the type of that instance changes; comments, spacing, CRLF and connections stay', () => {
  assert.deepEqual(findInstance(assembly, 'adder')?.type, 'Adder');
  const out = switchInstanceType(assembly, 'adder', 'adder_rs');
  assert.equal(out, assembly.replace('component Adder   adder ;', 'component adder_rs   adder ;'));
  assert.equal(switchInstanceType(out, 'client', 'client_rs').split('\n').length, assembly.split('\n').length);
});

test('an instance the assembly does not declare is refused', () => {
  assert.equal(findInstance(assembly, 'nothere'), undefined);
  assert.throws(() => switchInstanceType(assembly, 'nothere', 'x'), /declares no instance 'nothere'/);
});
