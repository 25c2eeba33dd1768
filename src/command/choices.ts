// A value that must be one of a few choices: the refusal names them all and, when the value is
// a known other name of one (arm64 for aarch64) or a near miss (sytem), suggests it.
import { distance } from 'fastest-levenshtein';
import { OstooError } from '../errors.js';

/** The choice `value` most likely meant, or undefined when none is near. */
export function suggestChoice(
  value: string,
  choices: readonly string[],
  synonyms: Readonly<Record<string, string>> = {},
): string | undefined {
  const lower = value.toLowerCase();
  const named = synonyms[lower] ?? choices.find((c) => c.toLowerCase() === lower);
  if (named && choices.includes(named)) return named;
  let best: { choice: string; d: number } | undefined;
  for (const choice of choices) {
    const d = distance(lower, choice.toLowerCase());
    if (!best || d < best.d) best = { choice, d };
  }
  // Near: at most a third of the longer word changed (as commander's "did you mean" judges options).
  return best && best.d <= Math.max(1, Math.floor(Math.max(value.length, best.choice.length) / 3))
    ? best.choice
    : undefined;
}

/** `<option> must be one of a, b, c (got 'v') — did you mean b?` */
export function choiceError(
  option: string,
  value: string,
  choices: readonly string[],
  opts: { synonyms?: Readonly<Record<string, string>>; help?: string; context?: string } = {},
): OstooError {
  const guess = suggestChoice(value, choices, opts.synonyms);
  return new OstooError(
    `${option} must be one of ${choices.join(', ')}${opts.context ? ` ${opts.context}` : ''} (got '${value}')`,
    guess ? `did you mean ${guess}?` : `pick one of those${opts.help ? ` (see \`${opts.help} --help\`)` : ''}`,
  );
}

/** `value` when it is one of `choices`, else the refusal above. */
export function oneOf<T extends string>(
  option: string,
  value: unknown,
  choices: readonly T[],
  opts?: Parameters<typeof choiceError>[3],
): T {
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  throw choiceError(option, String(value), choices, opts);
}
