// The stub libunwind.a must be readable by binutils and link (dynamic and static, without
// ranlib) into a C program whose calls land in our stubs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { unwindStubArchive } from '../../src/sysroot/unwind-stub.js';

const run = promisify(execFile);

const expectedSymbols = [
  '_Unwind_Backtrace',
  '_Unwind_DeleteException',
  '_Unwind_FindEnclosingFunction',
  '_Unwind_GetCFA',
  '_Unwind_GetDataRelBase',
  '_Unwind_GetGR',
  '_Unwind_GetIP',
  '_Unwind_GetIPInfo',
  '_Unwind_GetLanguageSpecificData',
  '_Unwind_GetRegionStart',
  '_Unwind_GetTextRelBase',
  '_Unwind_RaiseException',
  '_Unwind_Resume',
  '_Unwind_SetGR',
  '_Unwind_SetIP',
];

// Real libgcc's _Unwind_Backtrace would call the NULL callback and crash, so "5 0" proves the stub ran.
const program = `#include <stdio.h>
#include <stdint.h>
extern int _Unwind_Backtrace(void *trace, void *arg);
extern uintptr_t _Unwind_GetIP(void *context);
int main(void) {
  printf("%d %lu\\n", _Unwind_Backtrace(0, 0), (unsigned long)_Unwind_GetIP(0));
  return 0;
}
`;

let dir: string;
let lib: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ostoo-unwind-'));
  lib = path.join(dir, 'libunwind.a');
  await writeFile(lib, unwindStubArchive());
  await writeFile(path.join(dir, 'main.c'), program);
});
after(() => rm(dir, { recursive: true, force: true }));

test('the archive is deterministic and its bytes are pinned', () => {
  const bytes = unwindStubArchive();
  assert.deepEqual(unwindStubArchive(), bytes);
  // Changes only when the stub or the writers change on purpose; update it then.
  assert.equal(
    createHash('sha256').update(bytes).digest('hex'),
    '92c79f70c65652f533b90b112e605c0a262967514d386b7e34a90ba4631e35d5',
  );
});

test('ar t shows the one member', async () => {
  assert.equal((await run('ar', ['t', lib])).stdout, 'unwind-stub.o\n');
});

test('nm shows every _Unwind_* entry point as T, and all are in the index', async () => {
  const { stdout } = await run('nm', ['--print-armap', lib]);
  const [index, table] = stdout.split('unwind-stub.o:\n');
  const indexed = [...index!.matchAll(/^(\S+) in unwind-stub\.o$/gm)].map((m) => m[1]).sort();
  assert.deepEqual(indexed, expectedSymbols);
  const defined = table!
    .trim()
    .split('\n')
    .map((l) => l.split(' ').slice(1).join(' '))
    .sort();
  assert.deepEqual(
    defined,
    expectedSymbols.map((s) => `T ${s}`),
  );
});

for (const mode of ['dynamic', 'static'] as const) {
  test(`a C program links against it (${mode}, no ranlib) and gets END_OF_STACK and 0`, async () => {
    const exe = path.join(dir, `main-${mode}`);
    const flags = mode === 'static' ? ['-static'] : [];
    const { stderr } = await run('gcc', [...flags, '-o', exe, path.join(dir, 'main.c'), `-L${dir}`, '-lunwind']);
    assert.equal(stderr, ''); // e.g. no "missing .note.GNU-stack" warning
    assert.equal((await run(exe)).stdout, '5 0\n');
  });
}
