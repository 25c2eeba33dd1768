// Yeoman's log (the adapter's), made to escape what it prints: the same for `ostoo`, which makes
// the environment, and for `yo ostoo`, where yo makes it and the generator only sees it.
import { terminalText } from './terminal-text.js';

export type Log = ((...args: unknown[]) => unknown) & Record<PropertyKey, unknown>;

const escaped = Symbol('ostoo: log escaped');

/** Yeoman's log methods that print their arguments after a status of Yeoman's own (coloured). */
const statuses = [
  'skip',
  'force',
  'create',
  'invoke',
  'conflict',
  'identical',
  'info',
  'added',
  'removed',
  'ok',
  'error',
];

/**
 * What generators print goes through Yeoman's log, which prints it raw: escape every string
 * handed to it (paths and names from outside may hold ESC or CR), before Yeoman adds its own
 * colours. The one output path (util/terminal-text.ts) for generators' lines. Done once per
 * adapter, whether `ostoo` or the generator itself (under `yo`) asks first.
 */
export function escapeGeneratorOutput(adapter: { log: Log }): void {
  const orig = adapter.log;
  if (orig[escaped]) return;
  const esc = (args: unknown[]) => args.map((a) => (typeof a === 'string' ? terminalText(a, { layout: true }) : a));
  const log = ((...args: unknown[]) => {
    orig(...esc(args));
    return log;
  }) as Log;
  Object.assign(log, orig);
  for (const s of statuses) {
    const method = orig[s];
    if (typeof method !== 'function') continue;
    log[s] = function (this: unknown, ...args: unknown[]) {
      return (method as (...a: unknown[]) => unknown).apply(this, esc(args));
    };
  }
  log[escaped] = true;
  adapter.log = log;
}
