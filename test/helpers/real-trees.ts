// The shared samples of trees written by others (read-only; tests work on copies):
// $OSTOO_REAL_TREES, else ../shared/real-trees beside the checkout, else /work/shared/real-trees.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths.js';

const candidates = [
  process.env.OSTOO_REAL_TREES,
  path.resolve(repoRoot, '..', 'shared', 'real-trees'),
  '/work/shared/real-trees',
];
export const realTrees = candidates.find((c): c is string => !!c && existsSync(c)) ?? '/work/shared/real-trees';
