// The command model: one table per command, each entry at once a CLI option, a prompt and a
// stored config key (the jhipster pattern). `ostoo <cmd>` (src/cli) and `yo ostoo:<cmd>`
// (generators/) both read the same definitions (src/commands/), so they share help,
// unknown-option errors and the answers' types. Nothing here knows commander or Yeoman.

export type Answer = string | boolean | string[];
export type Answers = Record<string, Answer | undefined>;

export interface OptionSpec {
  name: string;
  type: 'string' | 'boolean' | 'array';
  description: string;
  /** Default for --yes and non-interactive runs; may depend on earlier answers. */
  default?: Answer | ((answers: Answers) => Answer | undefined);
  /** Asked interactively when not given on the command line and --yes is absent. */
  prompt?: { message: string; choices?: readonly string[] | ((answers: Answers) => readonly string[]) };
  /** Persist into .yo-rc.json so sub-generators can reuse it. */
  store?: boolean;
  alias?: string;
  /** Not shown as a prompt, only as an option (e.g. switches like --skip-install). */
  hidden?: boolean;
  /** A problem with a typed value (asked again), or undefined when it is fine. */
  validate?: (value: string) => string | undefined;
  /** Only asked (and defaulted) when this holds for the earlier answers, e.g. one flavor's options. */
  when?: (answers: Answers) => boolean;
}

/** A command: its `ostoo` name, its generator, its positional arguments and its option table. */
export interface CommandDef<T extends readonly OptionSpec[] = readonly OptionSpec[]> {
  /** `ostoo <cli>` */
  cli: string;
  /** `yo ostoo:<generator>` (`app` is plain `yo ostoo`) */
  generator: string;
  summary: string;
  args: readonly { name: string; description: string; required: boolean }[];
  options: T;
  /** False for commands with no questions (no --yes). */
  yes?: boolean;
}

type ValueOf<S extends OptionSpec> = string extends S['name']
  ? Answer // an untyped table
  : S['type'] extends 'boolean'
    ? boolean
    : S['type'] extends 'array'
      ? string[]
      : S extends { prompt: { choices: readonly (infer C extends string)[] } }
        ? C
        : string;

/** The answers a table resolves to, typed from the table itself (declare tables `as const`). */
export type AnswersOf<T extends readonly OptionSpec[]> = { [S in T[number] as S['name']]?: ValueOf<S> };
