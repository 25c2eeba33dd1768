// The archive writer is checked against GNU binutils: `ar` and `nm` must read what we write,
// and for the same inputs `ar rcD` must produce the very same bytes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, rm, writeFile, readFile, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeArchive, type ArMember } from '../../src/binfmt/ar.js';
import { writeElfObject } from '../../src/binfmt/elf-object.js';

const run = promisify(execFile);
const LONG = 'a-member-with-a-long-name.o';
const ret = Buffer.from([0xc3]);

const members: ArMember[] = [
  {
    name: 'a.o',
    data: writeElfObject({
      functions: [
        { name: 'alpha', code: ret },
        { name: 'gamma', code: ret },
      ],
    }),
  },
  { name: LONG, data: writeElfObject({ functions: [{ name: 'beta', code: ret }] }) },
  { name: 'notes.txt', data: Buffer.from('abc') }, // odd length: exercises the `\n` padding
];
const symbols = [
  { name: 'alpha', member: 0 },
  { name: 'gamma', member: 0 },
  { name: 'beta', member: 1 },
];

let dir: string;
let archive: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ostoo-ar-'));
  archive = path.join(dir, 'test.a');
  await writeFile(archive, writeArchive(members, symbols));
});
after(() => rm(dir, { recursive: true, force: true }));

test('ar t lists every member, including the long name', async () => {
  const { stdout } = await run('ar', ['t', archive]);
  assert.equal(stdout, `a.o\n${LONG}\nnotes.txt\n`);
});

test('ar p extracts member contents unchanged', async () => {
  assert.equal((await run('ar', ['p', archive, 'notes.txt'])).stdout, 'abc');
  const { stdout } = await run('ar', ['p', archive, LONG], { encoding: 'buffer' });
  assert.deepEqual(stdout, members[1]!.data);
});

test('nm --print-armap shows our symbol index', async () => {
  const { stdout } = await run('nm', ['--print-armap', archive]);
  assert.ok(stdout.startsWith(`\nArchive index:\nalpha in a.o\ngamma in a.o\nbeta in ${LONG}\n\n`), stdout);
});

test('same bytes on every call, and the same bytes as GNU `ar rcD`', async () => {
  const ours = writeArchive(members, symbols);
  assert.deepEqual(writeArchive(members, symbols), ours);
  for (const m of members) {
    await writeFile(path.join(dir, m.name), m.data);
    await chmod(path.join(dir, m.name), 0o644); // ar D keeps the file mode; ours is always 644
  }
  await run('ar', ['rcD', 'gnu.a', ...members.map((m) => m.name)], { cwd: dir });
  assert.deepEqual(ours, await readFile(path.join(dir, 'gnu.a')));
});

test('no symbols means no index, like GNU ar', () => {
  const bytes = writeArchive([{ name: 'x', data: Buffer.from('hi') }], []);
  assert.equal(
    bytes.toString('latin1'),
    `!<arch>\n${'x/'.padEnd(16)}${'0'.padEnd(12)}0     0     644     2         \`\nhi`,
  );
});

test('bad input is rejected', () => {
  assert.throws(() => writeArchive([{ name: 'a/b.o', data: Buffer.alloc(0) }], []), /invalid member name/);
  assert.throws(() => writeArchive(members, [{ name: 'x', member: 3 }]), /refers to member 3, but there are 3/);
});
