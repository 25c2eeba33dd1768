// The CAmkES reader: every method parameter kind of camkes-tool's grammar (directions, the
// default `in`, arrays, built-in, string and header types, void lists, trailing commas) and
// every component declaration; what it cannot read is kept by text and line, never dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCamkes } from '../../../src/camkes/model/parse.js';

const idl = `/* Every kind. */
procedure Kinds {
    include "my_struct.h";
    include <stdint.h>;
    attribute int weight; // connector attributes change no signature
    int scalars(in int a, unsigned int b, in char c, refin bool d, inout int64_t e, out uint8_t f);
    string strings(in string a, refin string b, out string c, inout string d,);
    void arrays(in int a[], refin signed char b[], out string c[], inout MyStruct d[]);
    struct payload by_struct(in struct payload p, unsigned u, signed s);
    void nothing(void);
    void empty();
#if 0
    void hidden(in int x);
#endif
    FOO_MACRO(x)
};`;

test('every parameter kind, with the default direction and arrays', () => {
  const [proc] = parseCamkes(idl, 'k.idl4').procedures;
  assert.ok(proc);
  assert.equal(proc.name, 'Kinds');
  assert.deepEqual(proc.includes, ['"my_struct.h"', '<stdint.h>']);
  assert.deepEqual(
    proc.methods.map((m) => m.name),
    ['scalars', 'strings', 'arrays', 'by_struct', 'nothing', 'empty', 'hidden'],
  );
  const [scalars, strings, arrays, byStruct, nothing] = proc.methods;
  assert.deepEqual(
    scalars!.params.map((p) => [p.direction, p.type.kind === 'builtin' ? p.type.c : p.type.kind, p.name, p.array]),
    [
      ['in', 'int', 'a', false],
      ['in', 'unsigned int', 'b', false],
      ['in', 'char', 'c', false],
      ['refin', 'bool', 'd', false],
      ['inout', 'int64_t', 'e', false],
      ['out', 'uint8_t', 'f', false],
    ],
  );
  assert.deepEqual(scalars!.returns, { kind: 'builtin', idl: 'int', c: 'int', rust: 'core::ffi::c_int' });
  assert.deepEqual(
    strings!.params.map((p) => `${p.direction} ${p.type.kind} ${p.name}`),
    ['in string a', 'refin string b', 'out string c', 'inout string d'],
    'a trailing comma ends the list',
  );
  assert.equal(strings!.returns?.kind, 'string');
  assert.deepEqual(
    arrays!.params.map((p) => [
      p.direction,
      p.type.kind === 'string' ? 'string' : (p.type as { c: string }).c,
      p.array,
    ]),
    [
      ['in', 'int', true],
      ['refin', 'signed char', true],
      ['out', 'string', true],
      ['inout', 'MyStruct', true],
    ],
  );
  assert.equal(arrays!.returns, undefined);
  assert.deepEqual(byStruct!.returns, { kind: 'header', c: 'struct payload', rust: 'payload' });
  assert.deepEqual(
    byStruct!.params.map((p) => (p.type.kind === 'builtin' ? p.type.c : p.type.kind)),
    ['header', 'unsigned int', 'int'],
  );
  assert.deepEqual(nothing!.params, []);
  assert.deepEqual(
    proc.unparsed,
    [
      { text: '#if 0', line: 12 },
      { text: '#endif', line: 14 },
      { text: 'FOO_MACRO(x)', line: 15 },
    ],
    'preprocessor lines (ostoo does not run cpp) and a macro are kept by text and line',
  );
  assert.match(
    proc.text,
    /^procedure Kinds \{ include "my_struct\.h"; include <stdint\.h>; attribute int weight; int scalars/,
  );
  assert.doesNotMatch(
    proc.text,
    /Every kind|#if|connector attributes/,
    'comments and preprocessor lines are not part of it',
  );
});

test('bool, boolean, character and the spellings camkes-tool normalises', () => {
  const [proc] = parseCamkes(
    'procedure P { boolean a(in bool x, in character c, in integer i, in signed int s, in unsigned integer u); }',
    'p.camkes',
  ).procedures;
  const m = proc!.methods[0]!;
  assert.deepEqual(
    [m.returns, ...m.params.map((p) => p.type)].map((t) => (t && t.kind === 'builtin' ? [t.idl, t.c, t.rust] : t)),
    [
      ['boolean', 'bool', 'bool'],
      ['boolean', 'bool', 'bool'],
      ['character', 'char', 'core::ffi::c_char'],
      ['int', 'int', 'core::ffi::c_int'],
      ['int', 'int', 'core::ffi::c_int'],
      ['unsigned int', 'unsigned int', 'core::ffi::c_uint'],
    ],
  );
});

test('a method that does not parse is kept, not dropped', () => {
  const [proc] = parseCamkes('procedure P { int ok(in int a); int bad(in int); int (in int a); }', 'p.idl4').procedures;
  assert.deepEqual(
    proc!.methods.map((m) => m.name),
    ['ok'],
  );
  assert.deepEqual(
    proc!.unparsed.map((u) => u.text),
    ['int bad(in int);', 'int (in int a);'],
  );
});

test('a component: every kind of declaration, and what is not understood', () => {
  const text = `
component Server {
    control;
    include "payload.h";
    provides Addition a;
    uses Addition b;
    maybe uses Addition c;
    emits Ready ready;
    consumes Ready done;
    maybe consumes Ready late;
    dataport Buf d;
    dataport Buf(8192) big;
    dataport Payload typed;
    attribute int weight = 3;
    attribute string label;
    attribute int list[];
    has mutex m;
    has semaphore s;
    has binary_semaphore bs;
    SOME_MACRO()
}
assembly { composition { component Server server; } }`;
  const [c] = parseCamkes(text, 'server.camkes').components;
  assert.ok(c);
  assert.equal(c.name, 'Server');
  assert.equal(c.where.line, 2);
  assert.equal(c.control, true);
  assert.deepEqual(c.includes, ['"payload.h"']);
  assert.deepEqual(c.provides, [{ type: 'Addition', name: 'a', optional: false }]);
  assert.deepEqual(c.uses, [
    { type: 'Addition', name: 'b', optional: false },
    { type: 'Addition', name: 'c', optional: true },
  ]);
  assert.deepEqual(c.emits, [{ type: 'Ready', name: 'ready', optional: false }]);
  assert.deepEqual(
    c.consumes.map((i) => [i.name, i.optional]),
    [
      ['done', false],
      ['late', true],
    ],
  );
  assert.deepEqual(
    c.dataports.map((d) => [d.name, d.type]),
    [
      ['d', { kind: 'buf', size: 4096, spelling: 'Buf' }],
      ['big', { kind: 'buf', size: 8192, spelling: 'Buf(8192)' }],
      ['typed', { kind: 'typed', c: 'Payload' }],
    ],
  );
  assert.deepEqual(c.attributes, [
    { name: 'weight', type: 'int', array: false, default: '3' },
    { name: 'label', type: 'string', array: false },
    { name: 'list', type: 'int', array: true },
  ]);
  assert.deepEqual([c.mutexes, c.semaphores, c.binarySemaphores], [['m'], ['s'], ['bs']]);
  assert.equal(c.compound, false);
  assert.deepEqual(c.unparsed, [{ text: 'SOME_MACRO()', line: 20 }]);
  assert.equal(parseCamkes(text, 'x').components.length, 1, 'instances in an assembly are not component types');
});

test('a compound component (its own composition) is marked so', () => {
  const [c] = parseCamkes(
    'component Outer { provides P p; composition { component Inner i; } }',
    'o.camkes',
  ).components;
  assert.equal(c!.compound, true);
  assert.deepEqual(c!.unparsed, []);
});

test('Buf with an expression for its size is kept as not understood', () => {
  const [c] = parseCamkes('component C { dataport Buf(SIZE) d; dataport Buf(0) zero; }', 'c.camkes').components;
  assert.deepEqual(
    c!.unparsed.map((u) => u.text),
    ['dataport Buf(SIZE) d;', 'dataport Buf(0) zero;'],
  );
});
