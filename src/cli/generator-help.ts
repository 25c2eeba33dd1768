// `ostoo new|program|camkes-component --help`: printed from the generators' command tables,
// the same tables that define their options and prompts, so help cannot drift from them.
import type { OptionSpec } from '../../generators/shared/command.js';

const tables: Record<string, { usage: string; load: () => Promise<readonly OptionSpec[]> }> = {
  app: { usage: 'ostoo new DIR [options]   (yo ostoo)', load: async () => (await import('../../generators/app/command.js')).appCommand },
  program: { usage: 'ostoo program NAME [options]   (yo ostoo:program NAME)', load: async () => (await import('../../generators/program/command.js')).programCommand },
  'camkes-component': {
    usage: 'ostoo camkes-component NAME [options]   (yo ostoo:camkes-component NAME)',
    load: async () => (await import('../../generators/camkes-component/command.js')).camkesComponentCommand,
  },
  'camkes-rust': {
    usage: 'ostoo camkes-rust DIR [options]   (yo ostoo:camkes-rust DIR)',
    load: async () => (await import('../../generators/camkes-rust/command.js')).camkesRustCommand,
  },
};

export function wantsHelp(args: readonly string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}

export async function generatorHelp(generator: string): Promise<string> {
  const entry = tables[generator];
  if (!entry) return '';
  const rows = [{ flag: '-y, --yes', text: 'accept the defaults for every question not given as an option' }];
  for (const spec of await entry.load()) {
    const value = spec.type === 'boolean' ? '' : spec.type === 'array' ? ' <a,b,...>' : ' <value>';
    const def = typeof spec.default === 'function' || spec.default === undefined ? '' : ` (default: ${String(spec.default)})`;
    rows.push({ flag: `--${spec.name}${value}`, text: `${spec.description}${def}` });
  }
  const width = Math.max(...rows.map((r) => r.flag.length)) + 2;
  return [`Usage: ${entry.usage}`, '', 'Options:', ...rows.map((r) => `  ${r.flag.padEnd(width)}${r.text}`), ''].join('\n');
}
