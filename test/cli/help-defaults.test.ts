// Every command's --help says each option's default once: the option's own description may
// name it, or commander may append "(default: …)", never both (as `toolchain lock` once did).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ostooBin } from '../helpers/paths.js';

const run = promisify(execFile);

async function help(args: string[]): Promise<string> {
  return (await run(process.execPath, [ostooBin, ...args, '--help'])).stdout;
}

/** The command names listed under "Commands:" in a help text, without `help`. */
function subcommands(text: string): string[] {
  const after = text.split(/^Commands:$/m)[1] ?? '';
  return [...after.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
}

/** Each option's entry (its first line and the continuation lines below it). */
export function optionEntries(text: string): string[] {
  const after = text.split(/^Options:$/m)[1]?.split(/^\S/m)[0] ?? '';
  const entries: string[] = [];
  for (const line of after.split('\n')) {
    if (/^ {2}-/.test(line)) entries.push(line.trim());
    else if (line.trim() && entries.length) entries[entries.length - 1] += ` ${line.trim()}`;
  }
  return entries;
}

const twice = (entry: string) => (entry.match(/\bdefault\b/gi) ?? []).length > 1;

test('no option of any command states its default twice', async () => {
  const top = await help([]);
  const commands = subcommands(top).map((c) => [c]);
  for (const group of ['toolchain', 'sysroot'])
    for (const c of subcommands(await help([group]))) commands.push([group, c]);
  assert.ok(commands.length > 15, `commands found: ${commands.map((c) => c.join(' ')).join(', ')}`);
  const found: string[] = [];
  for (const c of commands) {
    const entries = optionEntries(await help(c));
    for (const e of entries.filter(twice)) found.push(`ostoo ${c.join(' ')}: ${e}`);
  }
  assert.deepEqual(found, []);
});

test('the check sees a default stated twice (it can fail)', () => {
  const text = [
    'Options:',
    '  --lockfile <value>  lock file to update (default: toolchains.lock) (default:',
    '                      "toolchains.lock")',
    '  --sizes             ask for sizes (default: true)',
    '',
  ].join('\n');
  assert.deepEqual(optionEntries(text).filter(twice).length, 1);
});
