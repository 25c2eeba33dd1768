// Finds a Rust toolchain and what it can do: which rustc/cargo, whether it is a nightly
// (or needs RUSTC_BOOTSTRAP), where its rust-src lives, whether rust-src vendors std's
// dependencies (offline build-std), and whether its rust-lld actually runs.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { defaultRustupHome } from './rustup-home.js';
import { hasErrno } from '../util/errno.js';
import { OstooError } from '../errors.js';

export interface ToolchainRequest {
  /** A rustup toolchain name, e.g. `nightly-2026-05-20`. */
  name?: string;
  /** A toolchain root with bin/rustc and lib/rustlib/src/rust, e.g. /usr for Debian's rustc-web. */
  path?: string;
  /** The rustup home `name` is looked up in (default: rustup's own, from its environment). */
  rustupHome?: string;
}

export interface Toolchain {
  kind: 'rustup' | 'path';
  /** The rustup name, or the root for path toolchains. */
  id: string;
  root: string;
  rustc: string;
  cargo: string;
  /** `rustc 1.96.0 (ac68faa20 2026-05-25)` */
  versionLine: string;
  release: string;
  host: string;
  llvmVersion?: string;
  channel: 'nightly' | 'beta' | 'stable' | 'dev';
  /** Stable and distro compilers need RUSTC_BOOTSTRAP=1 for -Z flags and #![feature]. */
  needsBootstrap: boolean;
  /** <root>/lib/rustlib/src/rust, when rust-src is installed. */
  rustSrc?: string;
  /** rust-src's library/vendor (Debian ships one), used as a directory source for build-std. */
  vendorDir?: string;
  /** rust-lld shipped in the toolchain and runnable (Debian's is a dangling symlink). */
  rustLld?: string;
}

export class ToolchainError extends OstooError {}

export function bootstrapEnv(tc: Pick<Toolchain, 'needsBootstrap'>): Record<string, string> {
  return tc.needsBootstrap ? { RUSTC_BOOTSTRAP: '1' } : {};
}

function parseVerbose(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split('\n').slice(1)) {
    const i = line.indexOf(': ');
    if (i > 0) fields[line.slice(0, i)] = line.slice(i + 2).trim();
  }
  return fields;
}

function channelOf(release: string): Toolchain['channel'] {
  if (release.includes('-nightly')) return 'nightly';
  if (release.includes('-beta')) return 'beta';
  if (release.includes('-dev')) return 'dev';
  return 'stable';
}

async function rootFromRustup(name: string, rustupHome: string | undefined): Promise<string> {
  let rustc: string;
  try {
    // No backtrace even when the user's RUST_BACKTRACE is set: only rustup's first line is shown.
    const env = { RUSTUP_AUTO_INSTALL: '0', RUST_BACKTRACE: '0', ...(rustupHome ? { RUSTUP_HOME: rustupHome } : {}) };
    const res = await execa('rustup', ['which', '--toolchain', name, 'rustc'], { env });
    rustc = res.stdout.trim();
  } catch (err) {
    const hint = `install it (\`rustup toolchain install ${name} -c rust-src\`, or \`ostoo toolchain install ${name}\` when toolchains.lock pins it), or pass --toolchain-path DIR`;
    if (hasErrno(err, 'ENOENT'))
      throw new ToolchainError(`rustup toolchain '${name}' is not usable: rustup is not installed`, hint);
    const stderr = (err as { stderr?: string }).stderr ?? '';
    if (/is not installed|not found|invalid toolchain/i.test(stderr))
      throw new ToolchainError(`rustup toolchain '${name}' is not usable: it is not installed`, hint);
    const first =
      stderr
        .split('\n')
        .find((l) => l.trim())
        ?.replace(/^error: /, '') ?? (err as Error).message;
    throw new ToolchainError(`rustup toolchain '${name}' is not usable: ${first}`, hint);
  }
  return path.dirname(path.dirname(rustc));
}

async function runnableLld(root: string, host: string): Promise<string | undefined> {
  const lld = path.join(root, 'lib', 'rustlib', host, 'bin', 'rust-lld');
  if (!existsSync(lld)) return undefined; // existsSync follows links: false for a dangling one
  try {
    await execa(lld, ['-flavor', 'gnu', '--version']);
    return lld;
  } catch {
    return undefined;
  }
}

async function printSysroot(rustc: string, fallback: string): Promise<string> {
  try {
    const printed = (await execa(rustc, ['--print', 'sysroot'])).stdout.trim();
    return path.isAbsolute(printed) && existsSync(printed) ? printed : fallback;
  } catch {
    return fallback;
  }
}

export async function resolveToolchain(req: ToolchainRequest): Promise<Toolchain> {
  if (!req.name && !req.path)
    throw new ToolchainError('no toolchain given', 'pass --toolchain NAME or --toolchain-path DIR');
  const root = req.path ? path.resolve(req.path) : await rootFromRustup(req.name!, req.rustupHome);
  const rustc = path.join(root, 'bin', 'rustc');
  const cargo = path.join(root, 'bin', 'cargo');
  for (const [what, file] of [
    ['rustc', rustc],
    ['cargo', cargo],
  ] as const) {
    if (!existsSync(file))
      throw new ToolchainError(
        `toolchain at ${root} has no ${what} (looked for ${file})`,
        "pass a toolchain's root, the directory above bin/rustc (e.g. /usr for Debian's rustc-web)",
      );
  }
  let verbose: string;
  try {
    verbose = (await execa(rustc, ['-vV'])).stdout;
  } catch (err) {
    throw new ToolchainError(
      `${rustc} -vV failed: ${(err as Error).message.split('\n')[0]}`,
      'check that it is a working rustc, or pass another toolchain',
    );
  }
  const fields = parseVerbose(verbose);
  const release = fields.release ?? '';
  const host = fields.host ?? '';
  const channel = channelOf(release);
  // rust-src and rust-lld live in rustc's sysroot, which is the toolchain dir except for
  // wrappers and distro layouts; cargo's build-std looks there too.
  const sysroot = await printSysroot(rustc, root);
  const src = path.join(sysroot, 'lib', 'rustlib', 'src', 'rust');
  const hasSrc = existsSync(path.join(src, 'library', 'std', 'src', 'lib.rs'));
  const vendor = path.join(src, 'library', 'vendor');
  const tc: Toolchain = {
    kind: req.path ? 'path' : 'rustup',
    id: req.path ? root : req.name!,
    root,
    rustc,
    cargo,
    versionLine: verbose.split('\n')[0] ?? '',
    release,
    host,
    channel,
    needsBootstrap: channel !== 'nightly' && channel !== 'dev',
  };
  if (fields['LLVM version']) tc.llvmVersion = fields['LLVM version'];
  if (hasSrc) tc.rustSrc = src;
  if (hasSrc && existsSync(vendor)) tc.vendorDir = vendor;
  const lld = await runnableLld(sysroot, host);
  if (lld) tc.rustLld = lld;
  return tc;
}

export function requireRustSrc(tc: Toolchain): string {
  if (!tc.rustSrc) {
    const fix =
      tc.kind === 'rustup'
        ? `rustup component add rust-src --toolchain ${tc.id}`
        : 'install rust-src (Debian: apt-get install rust-web-src)';
    throw new ToolchainError(`toolchain ${tc.id} (${tc.versionLine}) has no rust-src, which -Z build-std needs`, fix);
  }
  return tc.rustSrc;
}

/**
 * rustup toolchains (in `rustupHome`, default $RUSTUP_HOME or ~/.rustup), then distro roots,
 * that could serve; the first with rust-src wins in auto mode.
 */
export function candidateRequests(preferred?: string, rustupHome?: string): ToolchainRequest[] {
  const home = rustupHome ?? defaultRustupHome();
  let names: string[] = [];
  try {
    names = readdirSync(path.join(home, 'toolchains'));
  } catch {
    /* no rustup */
  }
  const rank = (n: string) => (preferred && n.startsWith(preferred) ? 0 : n.startsWith('nightly') ? 1 : 2);
  const rustup = names
    .sort((a, b) => rank(a) - rank(b) || b.localeCompare(a))
    .map((name) => (rustupHome ? { name, rustupHome } : { name }));
  const roots = ['/usr', '/usr/local']
    .filter((r) => existsSync(path.join(r, 'bin', 'rustc')))
    .map((p) => ({ path: p }));
  return [...rustup, ...roots];
}

/** Auto mode: the first candidate that resolves and has rust-src. */
export async function autoDetectToolchain(preferred?: string, rustupHome?: string): Promise<Toolchain> {
  const tried: string[] = [];
  for (const req of candidateRequests(preferred, rustupHome)) {
    try {
      const tc = await resolveToolchain(req);
      if (tc.rustSrc) return tc;
      tried.push(`${tc.id}: no rust-src`);
    } catch (err) {
      tried.push((err as Error).message);
    }
  }
  throw new ToolchainError(
    `no Rust toolchain with rust-src found${tried.length ? ` (${tried.join('; ')})` : ''}`,
    "install a nightly with `rustup toolchain install nightly -c rust-src`, or pass --toolchain-path /usr with Debian's rustc-web and rust-web-src.",
  );
}
