// A command table (src/command/model.ts) under Yeoman: the options declared to the generator,
// help and unknown options checked as `ostoo` does (src/command/commander.ts), and the answers
// resolved "option first, then prompt, then default".
import type Generator from 'yeoman-generator';
import { checkGeneratorOptions, commandFor } from '../../src/command/commander.js';
import type { Answer, Answers, AnswersOf, CommandDef, OptionSpec } from '../../src/command/model.js';
import { checkGivenOptions, optionProblem } from '../../src/command/given.js';
import { asCancelled, OstooError } from '../../src/errors.js';
import { fail, ownErrors, runningUnderYo } from './yo.js';
import { recordBaseOnWrite } from './record-base.js';
import { escapeGeneratorOutput, type Log } from '../../src/util/escaped-log.js';

/**
 * Everything a generator's constructor does with its definition: declare the options to
 * Yeoman, print help from the definition (as `ostoo <cmd> --help` does), and refuse options
 * the definition does not have.
 */
export function useCommand(gen: Generator, def: CommandDef): void {
  // Under yo, nothing else escapes what the generator prints (yeoman-generator copied the log at construction).
  const env = (gen as unknown as { env?: { adapter?: { log?: Log } } }).env;
  if (env?.adapter?.log) {
    escapeGeneratorOutput(env.adapter as { log: Log });
    (gen as unknown as { log: unknown }).log = env.adapter.log;
  }
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

/** A question; Ctrl-C at it ends the run as a refusal (nothing is written before the questions end). */
async function ask<V>(gen: Generator, questions: Parameters<Generator['prompt']>[0]): Promise<Record<string, V>> {
  try {
    return await gen.prompt<Record<string, V>>(questions);
  } catch (err) {
    throw asCancelled(err);
  }
}

/** Checks that need more than the value (a toolchain, the file system); they throw an OstooError. */
export type AnswerCheck = (value: Answer, answers: Answers) => Promise<void> | void;

export interface AnswerHooks<Name extends string> {
  /**
   * Run on an entry's value as soon as it is known: a given option is refused before the next
   * question, a typed answer is shown the problem and asked again.
   */
  check?: Partial<Record<Name, AnswerCheck>>;
  /** Run once an entry is resolved, e.g. to detect and show the toolchain before the questions that depend on it. */
  after?: Partial<Record<Name, (answers: Answers) => Promise<void>>>;
}

/** Whether the run asks questions: a terminal, and no --yes. */
export function isInteractive(gen: Generator): boolean {
  return !(gen.options as Record<string, unknown>).yes && process.stdin.isTTY === true;
}

const asked = (interactive: boolean) => (spec: OptionSpec) => interactive && Boolean(spec.prompt) && !spec.hidden;

/**
 * Resolve every entry: explicit option, else (interactive) prompt, else default. Every given
 * option is checked against its choices and rule before the first question.
 */
export async function resolveAnswers<T extends readonly OptionSpec[]>(
  gen: Generator,
  table: T,
  hooks: AnswerHooks<T[number]['name']> = {},
): Promise<AnswersOf<T>> {
  const answers: Answers = {};
  const opts = gen.options as Record<string, unknown>;
  const interactive = isInteractive(gen);
  checkGivenOptions(table, opts, asked(interactive), helpName(gen));
  const checks = hooks.check as Record<string, AnswerCheck | undefined> | undefined;
  const after = hooks.after as Record<string, ((a: Answers) => Promise<void>) | undefined> | undefined;
  for (const spec of table) {
    await resolveOne(gen, spec, answers, opts, interactive, checks?.[spec.name]);
    await after?.[spec.name]?.(answers);
  }
  return answers as AnswersOf<T>;
}

/** `ostoo new` or `yo ostoo`, for the refusals' "see ... --help". */
function helpName(gen: Generator): string {
  // ostoo:program (or, under yeoman-test, a path-like namespace ending in :program)
  const sub = ((gen.options as { namespace?: string }).namespace ?? '').split(':').pop() ?? '';
  return runningUnderYo() ? `yo ostoo${sub && sub !== 'app' ? `:${sub}` : ''}` : `ostoo ${cliName(sub)}`;
}

function cliName(generator: string): string {
  return generator === 'app' || generator === '' ? 'new' : generator;
}

/** The problem `check` finds with `value`, as the text a prompt shows, or true when it is fine. */
async function checked(check: AnswerCheck | undefined, value: Answer, answers: Answers): Promise<string | true> {
  if (!check) return true;
  try {
    await check(value, answers);
    return true;
  } catch (err) {
    if (err instanceof OstooError) return err.message;
    throw err;
  }
}

async function resolveOne(
  gen: Generator,
  spec: OptionSpec,
  answers: Answers,
  opts: Record<string, unknown>,
  interactive: boolean,
  check: AnswerCheck | undefined,
): Promise<void> {
  const given = opts[spec.name];
  if (given === undefined && spec.when && !spec.when(answers)) return;
  if (given !== undefined) {
    const value = spec.type === 'array' && typeof given === 'string' ? given.split(',') : (given as Answer);
    // Choices that waited for an earlier answer (see checkGivenOptions) are checked now.
    const problem = optionProblem(spec, value, answers, helpName(gen));
    if (problem) throw problem;
    await check?.(value, answers);
    answers[spec.name] = value;
    return;
  }
  const fallback = defaultFor(spec, answers);
  if (!asked(interactive)(spec)) {
    answers[spec.name] = fallback;
    return;
  }
  const { message } = spec.prompt!;
  const choices = typeof spec.prompt!.choices === 'function' ? spec.prompt!.choices(answers) : spec.prompt!.choices;
  const name = spec.name;
  if (spec.type !== 'boolean' && !choices) {
    // Typed: checked as typed, by its rule and then its check.
    const validate = async (v: string) => spec.validate?.(v) ?? (await checked(check, v, answers));
    const res = await ask<Answer>(gen, [
      { type: 'input', name, message, default: fallback as string | undefined, validate },
    ]);
    answers[name] = res[name];
    return;
  }
  // Chosen: a choice the check refuses is explained and asked again.
  for (;;) {
    const question =
      spec.type === 'boolean'
        ? { type: 'confirm' as const, name, message, default: fallback === true }
        : { type: 'select' as const, name, message, choices: [...choices!], default: fallback as string | undefined };
    const res = await ask<Answer>(gen, [question]);
    const problem = await checked(check, res[name]!, answers);
    if (problem === true) {
      answers[name] = res[name];
      return;
    }
    gen.log(`> ${problem}`);
  }
}

/**
 * A required argument (NAME): the given one checked by `problem`, else asked and checked as
 * typed when the run is interactive, else refused with the usage line.
 */
export async function resolveArgument(
  gen: Generator,
  def: CommandDef,
  given: string | undefined,
  problem: (value: string) => string | undefined,
): Promise<string> {
  const arg = def.args[0]!;
  if (given === undefined) {
    if (!isInteractive(gen))
      throw new OstooError(
        `${helpName(gen)} needs a ${arg.name} (${arg.description})`,
        `usage: ${helpName(gen)} ${arg.name} [options]`,
      );
    const res = await ask<string>(gen, [
      { type: 'input', name: 'value', message: arg.description, validate: (v: string) => problem(v) ?? true },
    ]);
    return res.value!;
  }
  const found = problem(given);
  if (found) throw new OstooError(found, `choose another ${arg.name.toLowerCase()}`);
  return given;
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
