// Reading and editing CAmkES apps' CMakeLists.txt (src/camkes/edit/cmake-lists.ts): comments
// and quoted text never count as calls, and edits only insert whole lines. The edited files
// are built for real in test/camkes-cmake/cmake-apps.test.ts and test/boot/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addBeforeRootserver,
  addSupportInclude,
  cmakeCalls,
  readCmakeApp,
} from '../../../src/camkes/edit/cmake-lists.js';

const support = 'ostoo-rust/rust.cmake';
const include = 'include("${CMAKE_CURRENT_LIST_DIR}/ostoo-rust/rust.cmake")';

test('calls in comments, bracket comments and strings are not calls', () => {
  const text = [
    '# DeclareCAmkESRootserver(commented.camkes)',
    '#[[ RustAddLibrary(hidden SOURCE_DIR x) ]]',
    'message("RustAddLibrary(in a string)")',
    'RustAddLibrary(real SOURCE_DIR "dir with ) paren" TARGET aarch64-sel4-none LIB_FILENAME libreal.a)',
    'DeclareCAmkESComponent(real LIBS real)',
    'DeclareCAmkESRootserver(app.camkes)',
  ].join('\n');
  const names = cmakeCalls(text).map((c) => c.name);
  assert.deepEqual(names, ['message', 'RustAddLibrary', 'DeclareCAmkESComponent', 'DeclareCAmkESRootserver']);
  const facts = readCmakeApp(text, support);
  assert.equal(facts.adl, 'app.camkes');
  assert.deepEqual(facts.rustLibraries, [{ name: 'real', target: 'aarch64-sel4-none' }]);
  assert.deepEqual([...facts.components], ['real']);
  assert.deepEqual(cmakeCalls(text)[1]!.args.slice(0, 3), ['real', 'SOURCE_DIR', 'dir with ) paren']);
});

test('a file whose only DeclareCAmkESRootserver is commented out is not an app', () => {
  assert.throws(
    () => readCmakeApp('project(x C)\n# DeclareCAmkESRootserver(x.camkes)\n', support),
    /does not call DeclareCAmkESRootserver/,
  );
});

test('the support include goes right after include(rust), else after project(); never twice', () => {
  const upstream =
    'cmake_minimum_required(VERSION 3.7.2)\n\nproject(hellorust C)\n\ninclude(rust)\n\nDeclareCAmkESRootserver(hellorust.camkes)\n';
  const edited = addSupportInclude(upstream, readCmakeApp(upstream, support), include);
  assert.match(
    edited,
    /^include\(rust\)\n# Rust libraries: .*\ninclude\("\$\{CMAKE_CURRENT_LIST_DIR\}\/ostoo-rust\/rust\.cmake"\)\n\nDeclare/m,
  );
  assert.equal(addSupportInclude(edited, readCmakeApp(edited, support), include), edited, 'idempotent');

  const plain =
    'cmake_minimum_required(VERSION 3.7.2)\nproject(adder C)\nadd_subdirectory(components/Adder)\nDeclareCAmkESRootserver(adder.camkes)\n';
  assert.match(
    addSupportInclude(plain, readCmakeApp(plain, support), include),
    /^project\(adder C\)\n\n# Rust libraries .*\ninclude\(.*\)\nadd_subdirectory/m,
  );
});

test('component lines go before DeclareCAmkESRootserver and the comment that introduces it', () => {
  const text =
    'project(a C)\nDeclareCAmkESComponent(x SOURCES x.c)\n# The assembly\nDeclareCAmkESRootserver(a.camkes)\n';
  const edited = addBeforeRootserver(text, readCmakeApp(text, support), ['DeclareCAmkESComponent(y LIBS y_rust)']);
  assert.equal(
    edited,
    'project(a C)\nDeclareCAmkESComponent(x SOURCES x.c)\n\nDeclareCAmkESComponent(y LIBS y_rust)\n\n# The assembly\nDeclareCAmkESRootserver(a.camkes)\n',
  );
});
