// The app Kbuild of a Kbuild-era CAmkES app. Adding a Rust component leaves it as it is (the
// Rust rules need no other target built first), so this is only a reader: it refuses a file
// that is not an app's.
import { ComponentError } from './component-error.js';
import { splitLines } from './lines.js';
import { logicalMakeLines } from './make-syntax.js';

export interface KbuildFacts {
  app: string;
  prerequisites: Set<string>;
  /** Index of the last physical line of the app's last dependency (or apps- line). */
  insertAfter: number;
}

export function readKbuild(text: string): KbuildFacts {
  const logical = logicalMakeLines(splitLines(text).lines);
  const apps = logical.map((l) => /^\s*apps-\S*\s*\+=\s*(\S+)/.exec(l.text)).find(Boolean);
  if (!apps) throw new ComponentError('the app Kbuild has no `apps-$(CONFIG_...) += <app>` line');
  const app = apps[1]!;
  const facts: KbuildFacts = {
    app,
    prerequisites: new Set(),
    insertAfter: logical.find((l) => /^\s*apps-/.test(l.text))!.last,
  };
  const dep = new RegExp(`^\\s*${app.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}\\s*:(?!=)(.*)$`);
  for (const l of logical) {
    const m = dep.exec(l.text);
    if (!m) continue;
    for (const p of m[1]!.trim().split(/\s+/).filter(Boolean)) facts.prerequisites.add(p);
    facts.insertAfter = l.last;
  }
  return facts;
}
