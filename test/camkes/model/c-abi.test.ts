// camkes.h's prototypes, as camkes-tool's component.template.h prints them for each parameter
// kind (the same in the 2018 camkes-3.2.0 templates and today's): the expected lines below are
// that template's output, written out by hand from its rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cDataportPointer, cFunctionType, cPrototype } from '../../../src/camkes/model/c-abi.js';
import { parseCamkes } from '../../../src/camkes/model/parse.js';

const [proc] = parseCamkes(
  `procedure P {
    int scalars(in int a, refin int b, out int c, inout int d);
    string strings(in string a, refin string b, out string c, inout string d);
    void arrays(in int a[], refin int b[], out int c[], inout int d[]);
    void string_arrays(in string a[], refin string b[], out string c[], inout string d[]);
    bool types(in boolean a, in character b, in unsigned int c, in MyStruct d, refin struct payload e);
    void nothing(void);
  }`,
  'p.idl4',
).procedures;
const method = (name: string) => proc!.methods.find((m) => m.name === name)!;

test('in / refin / out / inout of a scalar: value, const pointer, pointer, pointer', () => {
  assert.equal(cPrototype('i', method('scalars')), 'int i_scalars(int a, const int *b, int *c, int *d);');
});

test('strings: const char * in, char ** for refin, out and inout; a string return is char *', () => {
  assert.equal(cPrototype('i', method('strings')), 'char *i_strings(const char *a, char **b, char **c, char **d);');
});

test('arrays: a size_t length before each (a pointer to it unless in; const for refin)', () => {
  assert.equal(
    cPrototype('i', method('arrays')),
    'void i_arrays(size_t a_sz, const int *a, const size_t *b_sz, int **b, size_t *c_sz, int **c, size_t *d_sz, int **d);',
  );
  assert.equal(
    cPrototype('i', method('string_arrays')),
    'void i_string_arrays(size_t a_sz, char **a, const size_t *b_sz, char ***b, size_t *c_sz, char ***c, size_t *d_sz, char ***d);',
  );
});

test('normalised types and header types as show_type prints them', () => {
  assert.equal(
    cPrototype('i', method('types')),
    'bool i_types(bool a, char b, unsigned int c, MyStruct d, const struct payload *e);',
  );
  assert.equal(cPrototype('i', method('nothing')), 'void i_nothing(void);');
});

test('function types for __builtin_types_compatible_p, and dataport pointers', () => {
  assert.equal(cFunctionType(method('nothing')), 'void (void)');
  assert.equal(cFunctionType(method('strings')), 'char * (const char *, char **, char **, char **)');
  const [c] = parseCamkes('component C { dataport Buf a; dataport Buf(8192) b; dataport Payload c; }', 'c').components;
  assert.deepEqual(c!.dataports.map(cDataportPointer), ['Buf *', 'void *', 'Payload *']);
});
