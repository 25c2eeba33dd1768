// What `ostoo update` says it does, one line per file that changes or needs a look, grouped
// as git's merge output is: what was taken from ostoo, merged, in conflict, or left alone.
import type { Action } from './plan.js';

const what: Record<Action['kind'], string> = {
  create: 'new file from ostoo',
  replace: "you had not changed it: ostoo's new text",
  merge: "your edits and ostoo's changes, merged",
  conflict: 'CONFLICT: you and ostoo changed the same lines',
  keep: 'only you changed it: kept',
  gone: 'ostoo no longer writes it: kept, yours from now on',
  deleted: 'you deleted it: stays deleted',
  adopted: 'differs from what this ostoo writes: kept as your edits',
};

const order: Action['kind'][] = ['conflict', 'merge', 'replace', 'create', 'gone', 'deleted', 'keep', 'adopted'];

export function describeActions(actions: readonly Action[], opts: { adopt: boolean; dryRun: boolean }): string[] {
  const lines: string[] = [];
  const width = Math.min(60, Math.max(0, ...actions.map((a) => a.rel.length)));
  for (const kind of order) {
    for (const a of actions.filter((x) => x.kind === kind)) {
      let note = what[kind];
      if (a.kind === 'conflict') note += ` (${a.regions} region${a.regions > 1 ? 's' : ''} marked)`;
      if (a.kind === 'deleted' && a.changed) note += ' (ostoo changed it since; not written back)';
      lines.push(`  ${a.rel.padEnd(width)}  ${note}`);
    }
  }
  const adopted = actions.filter((a) => a.kind === 'adopted').length;
  const head = opts.dryRun ? 'ostoo update would do this:' : 'ostoo update:';
  if (lines.length === 0) return [`${head} every file is as this ostoo writes it, or only you changed it.`];
  const tail = opts.adopt
    ? [
        adopted
          ? `\n${adopted} file${adopted > 1 ? 's' : ''} differ from what this ostoo writes, and nothing tells which of those differences are your edits and which are changes in ostoo since the project was made: each difference is kept, as if it were yours, and later updates merge around it.`
          : '\nEvery file is as this ostoo writes it.',
        `The merge base (.ostoo-base) now holds this ostoo's output; commit it with the project.`,
      ]
    : [];
  return [head, ...lines, ...tail];
}
