// The one converter from a command table to commander: `ostoo <cmd>` parses with it, and the
// generators check their options with it under `yo`, so both print the same help and reject
// the same unknown options with commander's "did you mean".
import { Command, CommanderError, Option } from 'commander';
import { OstooError } from '../errors.js';
import type { CommandDef, OptionSpec } from './model.js';

/** Comma-separated and repeatable: `--uses A,B --uses C`. */
export function collectList(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}

function describe(spec: OptionSpec): string {
  const d = spec.default;
  // Defaults worth printing: non-empty strings. Booleans read from the flag, lists from their text.
  return typeof d === 'string' && d !== '' ? `${spec.description} (default: ${d})` : spec.description;
}

/** Adds a table's options to a commander command: one flag per entry, `--no-X` for those on by default. */
export function addTableOptions(
  cmd: Command,
  table: readonly OptionSpec[],
  opts: { yes?: boolean; cliDefaults?: boolean } = {},
): Command {
  if (opts.yes !== false) cmd.option('-y, --yes', 'accept the defaults for every question not given as an option');
  for (const spec of table) {
    const value = spec.type === 'boolean' ? '' : spec.type === 'array' ? ' <a,b,...>' : ' <value>';
    const option = new Option(`${spec.alias ? `-${spec.alias}, ` : ''}--${spec.name}${value}`, describe(spec));
    if (spec.type === 'array') option.argParser(collectList);
    // The toolchain commands read defaults from commander; generators resolve their own.
    if (opts.cliDefaults && spec.default !== undefined && typeof spec.default !== 'function')
      option.default(spec.default);
    cmd.addOption(option);
    if (spec.type === 'boolean' && spec.default === true) cmd.option(`--no-${spec.name}`, `turn off --${spec.name}`);
  }
  return cmd;
}

/** `ostoo <cli>` (or, with `yo`, `yo ostoo:<generator>`) as a commander command, without an action. */
export function commandFor(def: CommandDef, as: 'ostoo' | 'yo' = 'ostoo'): Command {
  const yoName = def.generator === 'app' ? 'yo ostoo' : `yo ostoo:${def.generator}`;
  const other = as === 'ostoo' ? yoName : `ostoo ${def.cli}`;
  // Under yo, DIR is the current directory.
  const args = as === 'yo' ? def.args.filter((a) => a.name !== 'DIR') : def.args;
  const cmd = new Command(as === 'ostoo' ? def.cli : yoName)
    .summary(def.summary)
    .description(`${def.summary} (also \`${other}\`)`)
    .usage([...args.map((a) => a.name), '[options]'].join(' '));
  for (const a of args) cmd.argument(`[${a.name}]`, a.description);
  return addTableOptions(cmd, def.options, { yes: def.yes !== false });
}

/** commander's "error: unknown option '--x'\n(Did you mean --y?)" as one `what — what to do` error. */
export function fromCommanderError(err: CommanderError, helpCommand: string): OstooError {
  const [what = err.message, suggestion] = err.message.replace(/^error: /, '').split('\n');
  const hint = suggestion
    ? suggestion.replace(/^\((.*)\)$/, '$1').replace(/^Did/, 'did')
    : `see \`${helpCommand} --help\``;
  return new OstooError(what, hint);
}

// Keys yo (meow), yeoman-environment, yeoman-generator and yeoman-test put into a generator's options.
const hostKeys = new Set([
  'env',
  'resolved',
  'namespace',
  '_meta',
  'sharedData',
  'forwardErrorToEnvironment',
  'skipLocalCache',
  'destinationRoot',
  'help',
  'h',
  'version',
  'debug',
  'insight',
  'generators',
  'localOnly',
  'environmentVersion',
  'skipCache',
  'skipInstall',
  'forceInstall',
  'askAnswered',
  'compose',
  'force',
  'localConfigOnly',
  'skipChecks',
  'dryRun',
  'bail',
  'skipYoResolve',
]);

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * The option names a generator was given (yo passes them parsed, camelCased and kebab-cased;
 * `ostoo` passes them as arguments): any that the table does not declare is an error.
 */
export function checkGeneratorOptions(def: CommandDef, given: Record<string, unknown>, args: readonly string[]): void {
  const cmd = commandFor(def, 'yo')
    .exitOverride()
    .allowExcessArguments()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} });
  const known = (key: string) =>
    hostKeys.has(key) ||
    cmd.options.some((o) => o.long === `--${kebab(key)}` || o.long === `--no-${kebab(key)}` || o.short === `-${key}`);
  const flags = [
    ...Object.keys(given)
      .filter((k) => given[k] !== undefined && !known(k))
      .map((k) => `--${kebab(k)}`),
    ...args.filter((a) => a.startsWith('-')),
  ];
  for (const flag of flags) {
    try {
      cmd.parse([flag.replace(/=[\s\S]*/, '')], { from: 'user' });
    } catch (err) {
      // A known option missing its value (from the flag alone) is not this check's business.
      if (err instanceof CommanderError && err.code === 'commander.unknownOption')
        throw fromCommanderError(err, `${cmd.name()}`);
    }
  }
}
