// Runs this package's Yeoman generators through yeoman-environment, so `ostoo` works
// where `yo` refuses (as root, in CI) and without a global yo install.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const generatorNames = ['app', 'program', 'camkes-component', 'camkes-rust', 'toolchain'] as const;

export async function runGenerator(name: string, args: string[], cwd: string): Promise<void> {
  await mkdir(cwd, { recursive: true });
  // Loaded lazily: yeoman-environment costs ~0.5 s to import, which `ostoo verify` need not pay.
  const { createEnv } = await import('yeoman-environment');
  const env = createEnv({ cwd, skipInstall: true });
  for (const gen of generatorNames) {
    const file = path.join(packageRoot, 'lib', 'generators', gen, 'index.js');
    if (existsSync(file)) env.register(file, { namespace: `ostoo:${gen}`, packagePath: packageRoot });
  }
  await env.run([`ostoo:${name}`, ...args]);
}
