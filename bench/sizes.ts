// Size benchmark: generates a user-rs workspace per --panic mode, builds it with the
// generated script, and prints each program's size against the seed's figures and our goals.
// Exits 1 when the default mode misses a goal. Usage:
//   node lib/bench/sizes.js [--toolchain-path DIR | --toolchain NAME] [--modes message,location,immediate-abort]
import { mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/ostoo.js');
const seed: Record<string, number> = { 'hello-rs': 4.6 * 1024, 'hello-std': 55 * 1024 };
const goal: Record<string, number> = { 'hello-rs': 4096, 'hello-std': 51200 };

const { values } = parseArgs({
  options: {
    'toolchain-path': { type: 'string' },
    toolchain: { type: 'string' },
    modes: { type: 'string', default: 'message,location,immediate-abort' },
  },
});
const tcArgs = values.toolchain ? ['--toolchain', values.toolchain] : ['--toolchain-path', values['toolchain-path'] ?? '/usr'];

let failed = false;
console.log('| --panic | program | bytes | seed | goal | |');
console.log('|---|---|---:|---:|---:|---|');
for (const mode of values.modes!.split(',')) {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'ostoo-sizes-')), 'k');
  await execa(process.execPath, [bin, 'new', dir, '--yes', '--panic', mode, ...tcArgs]);
  await execa('bash', [path.join(dir, 'scripts/user-rs-build.sh')]);
  for (const prog of ['hello-rs', 'hello-std']) {
    const size = statSync(path.join(dir, 'user', prog)).size;
    const ok = size <= goal[prog]!;
    if (mode === 'message' && !ok) failed = true;
    console.log(`| ${mode} | ${prog} | ${size} | ~${Math.round(seed[prog]!)} | ${goal[prog]} | ${ok ? 'ok' : 'OVER'} |`);
  }
}
if (failed) {
  console.error('the default (--panic message) build misses a size goal');
  process.exitCode = 1;
}
