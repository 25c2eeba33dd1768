#!/usr/bin/env node
// Thin launcher: the CLI is compiled TypeScript under lib/ (built by `npm install` via `prepare`).
import { main } from '../lib/src/cli/main.js';
import { printError } from '../lib/src/cli/errors.js';

main(process.argv).catch((err) => {
  printError(err);
  process.exitCode = process.exitCode || 1;
});
