// src/camkes_glue.c of a Rust component, compiled by gcc against a camkes.h: with the
// declarations camkes-tool prints for the component it compiles, and when one of them
// differs (the .camkes changed, the bindings did not) the build stops, naming the command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { cDataportPointer, cPrototype } from '../../../src/camkes/model/c-abi.js';
import { indexApp, procedures } from '../../../src/camkes/rust/app-index.js';
import { renderGlueC } from '../../../src/camkes/rust/glue-c.js';
import { diskView } from '../../../src/util/file-view.js';
import { repoRoot, tempDir } from '../../helpers/paths.js';

const fixture = path.join(repoRoot, 'test/fixtures/camkes-rust-abi');
const index = indexApp(diskView, fixture, ['kinds.camkes']);
const component = index.components.get('kinds')!;
const procs = procedures(component, index);
const refresh = 'ostoo camkes-component kinds --refresh';

/** A camkes.h as component.template.h prints it for `kinds` (the parts the glue checks). */
function camkesH(edit: (line: string) => string = (l) => l): string {
  const lines = [
    '#include <stdbool.h>',
    '#include <stddef.h>',
    '#include <stdint.h>',
    '#include <sys/types.h>',
    '#include "kinds_types.h"',
    'typedef struct Buf_ { char content[4096]; } Buf;',
    'typedef struct dataport_ptr_ { int32_t id; off_t offset; } dataport_ptr_t;',
    'const char *get_instance_name(void);',
    ...[...component.provides, ...component.uses].flatMap((i) =>
      procs.get(i.type)!.methods.map((m) => cPrototype(i.name, m)),
    ),
    'void e_emit(void);',
    'void c_wait(void);',
    'int c_poll(void);',
    'int c_reg_callback(void (*callback)(void*), void *arg);',
    ...component.dataports.map((d) => `extern ${cDataportPointer(d)} ${d.name};`),
    'extern const int x;',
    'extern const char * s;',
    'int m_lock(void);',
    'int m_unlock(void);',
    'int sem_wait(void);',
    'int sem_trywait(void);',
    'int sem_post(void);',
    'int bs_wait(void);',
    'int bs_post(void);',
  ];
  return `${lines.map(edit).join('\n')}\n`;
}

async function compile(header: string) {
  const dir = tempDir('camkes-glue');
  mkdirSync(path.join(dir, 'sel4'));
  writeFileSync(path.join(dir, 'sel4/sel4.h'), 'static inline void seL4_Yield(void) {}\n');
  writeFileSync(path.join(dir, 'camkes.h'), header);
  writeFileSync(path.join(dir, 'camkes_glue.c'), renderGlueC(component, procs, refresh));
  return execa(
    'gcc',
    [
      '-std=gnu11',
      '-Wall',
      '-Werror',
      '-c',
      '-I',
      dir,
      '-I',
      fixture,
      '-o',
      path.join(dir, 'glue.o'),
      path.join(dir, 'camkes_glue.c'),
    ],
    {
      reject: false,
      all: true,
    },
  );
}

test("the glue compiles against the component's camkes.h", async () => {
  const res = await compile(camkesH());
  assert.equal(res.exitCode, 0, res.all);
});

test('a prototype that changed stops the build with the refresh command', async () => {
  const res = await compile(camkesH((l) => l.replace(/^int k_scalars\(int a,/, 'int k_scalars(long a,')));
  assert.notEqual(res.exitCode, 0);
  assert.match(
    res.all ?? '',
    /k_scalars" differs from src\/camkes\.rs: the Rust bindings are stale; run: " "ostoo camkes-component kinds --refresh"|k_scalars differs from src\/camkes\.rs: the Rust bindings are stale; run: ostoo camkes-component kinds --refresh/,
  );
});

test('a const that changed, a dataport type and an attribute type are checked too', async () => {
  for (const edit of [
    (l: string) => l.replace('bool k_refs(const int *a', 'bool k_refs(int *a'),
    (l: string) => l.replace('extern Buf * d;', 'extern void * d;'),
    (l: string) => l.replace('extern const int x;', 'extern const long x;'),
  ]) {
    const res = await compile(camkesH(edit));
    assert.notEqual(res.exitCode, 0, `${res.all}`);
    assert.match(res.all ?? '', /the Rust bindings are stale/);
  }
});
