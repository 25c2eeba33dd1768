// Options given on the command line are checked before the first question is asked: a value
// outside its choices or failing its rule is refused at once, with the option's name, rather
// than after every question (or deep inside a plan, as an internal error).
import { OstooError } from '../errors.js';
import { choiceError } from './choices.js';
import type { Answer, Answers, OptionSpec } from './model.js';

function choicesOf(spec: OptionSpec, answers: Answers): readonly string[] | undefined {
  const c = spec.prompt?.choices;
  return typeof c === 'function' ? c(answers) : c;
}

/** The refusal of `value` for `spec` (given as an option), or undefined when it is fine. */
export function optionProblem(spec: OptionSpec, value: Answer, answers: Answers, help: string): OstooError | undefined {
  if (spec.type !== 'string' || typeof value !== 'string') return undefined;
  const choices = choicesOf(spec, answers);
  if (choices && !choices.includes(value))
    return choiceError(`--${spec.name}`, value, choices, { synonyms: spec.synonyms, help });
  const problem = spec.validate?.(value);
  if (problem === undefined) return undefined;
  // A rule's message names the value; some already carry their hint (`... — choose another one`).
  const [what = problem, hint] = problem.split(' — ');
  return new OstooError(what, hint ?? `choose another one (see \`${help} --help\`)`);
}

/**
 * Checks every given option in table order, as far as it can be known before any question:
 * choices that depend on an answer still to be asked (the architectures of a flavor to be
 * chosen) wait for that answer. `asked(spec)` says whether an entry not given will be asked.
 */
export function checkGivenOptions(
  table: readonly OptionSpec[],
  given: Record<string, unknown>,
  asked: (spec: OptionSpec) => boolean,
  help: string,
): void {
  const answers: Answers = {};
  let pending = false;
  for (const spec of table) {
    const value = given[spec.name];
    if (value === undefined) {
      if (asked(spec)) pending = true;
      else answers[spec.name] = typeof spec.default === 'function' ? spec.default(answers) : spec.default;
      continue;
    }
    answers[spec.name] = value as Answer;
    if (pending && typeof spec.prompt?.choices === 'function') continue;
    const problem = optionProblem(spec, value as Answer, answers, help);
    if (problem) throw problem;
  }
}
