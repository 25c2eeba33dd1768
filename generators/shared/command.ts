// A command table (src/command/model.ts) under Yeoman: the options declared to the generator,
// help and unknown options checked as `ostoo` does (src/command/commander.ts), and the answers
// resolved "option first, then prompt, then default".
import type Generator from 'yeoman-generator';
import { checkGeneratorOptions, commandFor } from '../../src/command/commander.js';
import type { Answer, Answers, AnswersOf, CommandDef, OptionSpec } from '../../src/command/model.js';
import { fail, ownErrors } from './yo.js';
import { recordBaseOnWrite } from './record-base.js';

/**
 * Everything a generator's constructor does with its definition: declare the options to
 * Yeoman, print help from the definition (as `ostoo <cmd> --help` does), and refuse options
 * the definition does not have.
 */
export function useCommand(gen: Generator, def: CommandDef): void {
  ownErrors(gen);
  // Whatever the command writes, the merge base of its project follows (record-base.ts).
  recordBaseOnWrite(gen, def.cli);
  registerOptions(gen, def.options, def.yes !== false);
  gen.help = () => commandFor(def, 'yo').helpInformation();
  const raw = gen as unknown as { _initOptions?: Record<string, unknown>; _args?: string[] };
  try {
    checkGeneratorOptions(def, raw._initOptions ?? {}, raw._args ?? []);
  } catch (err) {
    fail(err);
  }
}

export function registerOptions(gen: Generator, table: readonly OptionSpec[], yes = true): void {
  if (yes)
    gen.option('yes', {
      type: Boolean,
      alias: 'y',
      description: 'Accept defaults for every question not given as an option',
    });
  for (const spec of table) {
    gen.option(spec.name, {
      type: spec.type === 'boolean' ? Boolean : spec.type === 'array' ? Array : String,
      description: spec.description,
      ...(spec.alias ? { alias: spec.alias } : {}),
    });
  }
}

function defaultFor(spec: OptionSpec, answers: Answers): Answer | undefined {
  return typeof spec.default === 'function' ? spec.default(answers) : spec.default;
}

/**
 * Resolve every entry: explicit option, else (interactive) prompt, else default. `after` runs
 * once an entry is resolved, e.g. to detect and show the toolchain before the questions that
 * depend on it.
 */
export async function resolveAnswers<T extends readonly OptionSpec[]>(
  gen: Generator,
  table: T,
  after: Partial<Record<T[number]['name'], (answers: Answers) => Promise<void>>> = {},
): Promise<AnswersOf<T>> {
  const answers: Answers = {};
  const opts = gen.options as Record<string, unknown>;
  const interactive = !opts.yes && process.stdin.isTTY === true;
  for (const spec of table) {
    await resolveOne(gen, spec, answers, opts, interactive);
    await (after as Record<string, ((a: Answers) => Promise<void>) | undefined>)[spec.name]?.(answers);
  }
  return answers as AnswersOf<T>;
}

async function resolveOne(
  gen: Generator,
  spec: OptionSpec,
  answers: Answers,
  opts: Record<string, unknown>,
  interactive: boolean,
): Promise<void> {
  const given = opts[spec.name];
  if (given === undefined && spec.when && !spec.when(answers)) return;
  if (given !== undefined) {
    answers[spec.name] = spec.type === 'array' && typeof given === 'string' ? given.split(',') : (given as Answer);
    return;
  }
  const fallback = defaultFor(spec, answers);
  if (interactive && spec.prompt && !spec.hidden) {
    const { message } = spec.prompt;
    const choices = typeof spec.prompt.choices === 'function' ? spec.prompt.choices(answers) : spec.prompt.choices;
    const name = spec.name;
    const question =
      spec.type === 'boolean'
        ? { type: 'confirm' as const, name, message, default: fallback === true }
        : choices
          ? { type: 'select' as const, name, message, choices: [...choices], default: fallback as string | undefined }
          : {
              type: 'input' as const,
              name,
              message,
              default: fallback as string | undefined,
              ...(spec.validate ? { validate: (v: string) => spec.validate!(v) ?? true } : {}),
            };
    const res = await gen.prompt<Record<string, Answer>>([question]);
    answers[spec.name] = res[spec.name];
  } else {
    answers[spec.name] = fallback;
  }
}

const camelCase = (name: string) => name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

/** The answers marked `store`, keyed in camelCase as .yo-rc.json conventionally is. */
export function storedSubset(
  table: readonly OptionSpec[],
  answers: Answers | AnswersOf<readonly OptionSpec[]>,
): Answers {
  const all = answers as Answers;
  return Object.fromEntries(
    table.filter((s) => s.store && all[s.name] !== undefined).map((s) => [camelCase(s.name), all[s.name]]),
  );
}

/**
 * Generator features for every ostoo generator: we never write a package.json, so the
 * environment's npm-install step (and its "No change to package.json" notice) is turned off.
 */
export const generatorFeatures = { customInstallTask: true } as const;
