// A per-generator command table: each entry is at once a CLI option, a prompt and a
// stored config key (the jhipster pattern), resolved "option first, then quick default".
import type Generator from 'yeoman-generator';

export type Answer = string | boolean | string[];
export type Answers = Record<string, Answer | undefined>;

export interface OptionSpec {
  name: string;
  type: 'string' | 'boolean' | 'array';
  description: string;
  /** Default for --yes and non-interactive runs; may depend on earlier answers. */
  default?: Answer | ((answers: Answers) => Answer | undefined);
  /** Asked interactively when not given on the command line and --yes is absent. */
  prompt?: { message: string; choices?: string[] | ((answers: Answers) => string[]) };
  /** Persist into .yo-rc.json so sub-generators can reuse it. */
  store?: boolean;
  alias?: string;
  /** Not shown as a prompt, only as an option (e.g. switches like --skip-install). */
  hidden?: boolean;
  /** Only asked (and defaulted) when this holds for the earlier answers, e.g. one flavor's options. */
  when?: (answers: Answers) => boolean;
}

export function registerOptions(gen: Generator, table: readonly OptionSpec[]): void {
  gen.option('yes', { type: Boolean, alias: 'y', description: 'Accept defaults for every question not given as an option' });
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

/** Resolve every entry: explicit option, else (interactive) prompt, else default. */
export async function resolveAnswers(gen: Generator, table: readonly OptionSpec[]): Promise<Answers> {
  const answers: Answers = {};
  const opts = gen.options as Record<string, unknown>;
  const interactive = !opts.yes && process.stdin.isTTY === true;
  for (const spec of table) {
    const given = opts[spec.name];
    if (given === undefined && spec.when && !spec.when(answers)) continue;
    if (given !== undefined) {
      answers[spec.name] = spec.type === 'array' && typeof given === 'string' ? given.split(',') : (given as Answer);
      continue;
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
            ? { type: 'select' as const, name, message, choices, default: fallback as string | undefined }
            : { type: 'input' as const, name, message, default: fallback as string | undefined };
      const res = await gen.prompt<Record<string, Answer>>([question]);
      answers[spec.name] = res[spec.name];
    } else {
      answers[spec.name] = fallback;
    }
  }
  return answers;
}

const camelCase = (name: string) => name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

/** The answers marked `store`, keyed in camelCase as .yo-rc.json conventionally is. */
export function storedSubset(table: readonly OptionSpec[], answers: Answers): Answers {
  return Object.fromEntries(table.filter((s) => s.store && answers[s.name] !== undefined).map((s) => [camelCase(s.name), answers[s.name]]));
}

/**
 * Generator features for every ostoo generator: we never write a package.json, so the
 * environment's npm-install step (and its "No change to package.json" notice) is turned off.
 */
export const generatorFeatures = { customInstallTask: true } as const;
