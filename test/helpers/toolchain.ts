// Locates the real Rust toolchain the end-to-end tests build with. On CI this is Debian's
// rustc-web + rust-web-src at /usr; OSTOO_TEST_TOOLCHAIN overrides it.
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface TestToolchain {
  root: string;
  rustc: string;
  cargo: string;
}

export function findTestToolchain(): TestToolchain | undefined {
  const root = process.env.OSTOO_TEST_TOOLCHAIN ?? '/usr';
  const rustc = path.join(root, 'bin', 'rustc');
  const cargo = path.join(root, 'bin', 'cargo');
  const src = path.join(root, 'lib', 'rustlib', 'src', 'rust', 'library', 'std');
  if (existsSync(rustc) && existsSync(cargo) && existsSync(src)) return { root, rustc, cargo };
  return undefined;
}

/** For node:test's `skip` option: a reason to skip, or an exception when CI requires the toolchain. */
export function toolchainOrSkip(): { toolchain?: TestToolchain; skip: string | false } {
  const toolchain = findTestToolchain();
  if (toolchain) return { toolchain, skip: false };
  if (process.env.OSTOO_REQUIRE_TOOLCHAIN === '1') {
    throw new Error('OSTOO_REQUIRE_TOOLCHAIN=1 but no toolchain with rust-src was found (set OSTOO_TEST_TOOLCHAIN)');
  }
  return { skip: 'no Rust toolchain with rust-src (install rustc-web cargo-web rust-web-src)' };
}
