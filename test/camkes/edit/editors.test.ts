// The CAmkES editors (src/camkes/edit/): the line helpers they share, and each editor as a pure
// function of text. The generator runs over them are in test/camkes/add-component.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addToAssembly, readAssembly } from '../../../src/camkes/edit/assembly.js';
import { joinLines, lineOfOffset, splitLines } from '../../../src/camkes/edit/lines.js';
import { logicalMakeLines, maskMakeComments } from '../../../src/camkes/edit/make-syntax.js';
import { assertRustMkPath, editMakefile, readMakefile } from '../../../src/camkes/edit/makefile.js';

test('splitLines and joinLines give every non-empty text back byte for byte; lines added to an empty one end with a newline', () => {
  for (const text of ['\n', 'a', 'a\n', 'a\nb', 'a\n\nb\n', '\n\n'])
    assert.equal(joinLines(splitLines(text)), text, JSON.stringify(text));
  assert.deepEqual(splitLines(''), { lines: [], trailingNewline: true });
  const empty = splitLines('');
  empty.lines.push('x');
  assert.equal(joinLines(empty), 'x\n');
  assert.deepEqual(splitLines('a\nb'), { lines: ['a', 'b'], trailingNewline: false });
  assert.equal(lineOfOffset('a\nb\nc', 4), 2);
});

test('make lines: continuations are joined, comments masked, an escaped \\# kept', () => {
  assert.equal(maskMakeComments('A := x # note'), 'A := x       ');
  assert.equal(maskMakeComments('A := x\\#y'), 'A := x\\#y');
  const logical = logicalMakeLines(['A := a \\', '  b # c \\', 'B := d']);
  assert.deepEqual(
    logical.map((l) => [l.first, l.last]),
    [
      [0, 1],
      [2, 2],
    ],
  );
  assert.match(logical[0]!.text, /^A := a +b +$/);
});

test('readMakefile reads ADL, component variables and the rust.mk include, not comments', () => {
  const facts = readMakefile(
    'ADL := app.camkes\n# ghost_CFILES := x\nping_CFILES := \\\n  a.c\noverride pong_LIBS += l\n# include rust.mk\n',
  );
  assert.equal(facts.adl, 'app.camkes');
  assert.deepEqual([...facts.components].sort(), ['ping', 'pong']);
  assert.equal(facts.hasRustMk, false);
  assert.equal(readMakefile('-include ${PWD}/tools/rust/rust.mk\n').hasRustMk, true);
});

test('--rust-mk may start from ${PWD} or $(PWD) and is otherwise a plain path', () => {
  for (const ok of ['${PWD}/tools/rust/rust.mk', '$(PWD)/x.mk', 'rel/rust.mk', '']) assertRustMkPath(ok);
  for (const bad of ['$(shell touch x)', 'a b.mk', 'a#b', '${HOME}/r.mk'])
    assert.throws(() => assertRustMkPath(bad), /must be a path/);
});

test('addToAssembly renders its lines from the partials and imports the connectors only for a connection in a file that lacks them', () => {
  const bare = 'import "a.camkes";\nassembly {\n    composition {\n        component a a_obj;\n    }\n}\n';
  const conn = 'connection seL4RPCCall c_obj_x(from c_obj.x, to a_obj.x);';
  const connection = {
    connector: 'seL4RPCCall',
    name: 'c_obj_x',
    from: { instance: 'c_obj', iface: 'x' },
    to: { instance: 'a_obj', iface: 'x' },
  };
  const withConn = addToAssembly(bare, readAssembly(bare), {
    dir: 'components/c',
    name: 'c',
    instance: 'c_obj',
    connections: [connection],
  });
  assert.equal(
    withConn,
    'import "a.camkes";\nimport <std_connector.camkes>;\nimport "components/c/c.camkes";\nassembly {\n    composition {\n        component a a_obj;\n        component c c_obj;\n        ' +
      conn +
      '\n    }\n}\n',
  );
  const plain = addToAssembly(bare, readAssembly(bare), {
    dir: 'components/c',
    name: 'c',
    instance: 'c_obj',
    connections: [],
  });
  assert.doesNotMatch(plain, /std_connector/);
  const has = `import <std_connector.camkes>;\n${bare}`;
  assert.equal(
    addToAssembly(has, readAssembly(has), {
      dir: 'components/c',
      name: 'c',
      instance: 'c_obj',
      connections: [connection],
    }).match(/std_connector/g)!.length,
    1,
  );
});

test('the spliced partials quote what they are given: a value the file cannot carry is refused, not written', () => {
  const bare = 'assembly {\n    composition {\n    }\n}\n';
  const add = (c: Partial<Parameters<typeof addToAssembly>[2]>) =>
    addToAssembly(bare, readAssembly(bare), {
      dir: 'components/c',
      name: 'c',
      instance: 'c_obj',
      connections: [],
      ...c,
    });
  assert.throws(() => add({ instance: 'c obj' }), /cannot be written safely/);
  assert.throws(() => add({ dir: 'components/"c' }), /cannot be written safely/);
  const connection = {
    connector: 'seL4RPCCall',
    name: 'n',
    from: { instance: 'c_obj', iface: 'x' },
    to: { instance: 'a_obj', iface: 'x);' },
  };
  assert.throws(() => add({ connections: [connection] }), /cannot be written safely/);
  assert.match(editMakefile('include camkes.mk\n', 'c', ''), /^c_CFILES := \\$/m);
});
