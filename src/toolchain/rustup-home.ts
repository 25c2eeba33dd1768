// Where rustup keeps its toolchains: $RUSTUP_HOME, else ~/.rustup. Read from the
// environment only here, at the edge; everything below takes the directory as a parameter.
import os from 'node:os';
import path from 'node:path';

export function defaultRustupHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.RUSTUP_HOME ? path.resolve(env.RUSTUP_HOME) : path.join(os.homedir(), '.rustup');
}
