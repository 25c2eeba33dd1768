// The TypeScript sources under a directory (declarations excluded), for tests that read the
// code itself: the error-hint scan and the import structure.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export function tsSources(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir)) {
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) tsSources(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}
