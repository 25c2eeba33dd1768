#!/usr/bin/env node
// Thin launcher: the CLI is compiled TypeScript under lib/ (built by `npm install` via `prepare`).
import { main } from '../lib/src/cli/main.js';

main(process.argv).catch((err) => {
  process.stderr.write(`ostoo: ${err?.message ?? err}\n`);
  process.exitCode = process.exitCode || 1;
});
