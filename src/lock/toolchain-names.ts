// Toolchain names (`nightly-2026-05-20`), host triples and component specs (`rust-std@x86_64-unknown-linux-musl`).

export const CHANNELS = ['nightly', 'beta', 'stable'] as const;
import { OstooError } from '../errors.js';
export type Channel = (typeof CHANNELS)[number];

export interface ToolchainName {
  name: string;
  channel: Channel;
  date: string;
}

const nameRe = /^(nightly|beta|stable)-(\d{4}-\d{2}-\d{2})$/;

export function parseToolchainName(name: string): ToolchainName {
  const m = nameRe.exec(name);
  if (!m)
    throw new OstooError(
      `toolchain name "${name}" is not a dated channel like nightly-2026-05-20`,
      'name a dated toolchain (CHANNEL-YYYY-MM-DD)',
    );
  return { name, channel: m[1] as Channel, date: m[2] as string };
}

/** The directory name rustup uses: `nightly-2026-05-20-x86_64-unknown-linux-gnu`. */
export function toolchainDirName(name: string, host: string): string {
  return `${name}-${host}`;
}

export const tripleRe = /^[a-z0-9_]+(-[a-z0-9_.]+){1,4}$/;

/** The host triple rustup would pick on this machine (the four hosts the lock covers by default). */
export function detectHost(): string {
  const env = process.env.OSTOO_HOST;
  if (env) return env;
  const arch = { x64: 'x86_64', arm64: 'aarch64' }[process.arch as string];
  const os = { linux: 'unknown-linux-gnu', darwin: 'apple-darwin' }[process.platform as string];
  if (!arch || !os)
    throw new OstooError(
      `no rustup host triple known for ${process.platform}/${process.arch}`,
      'set OSTOO_HOST to the host triple (e.g. x86_64-unknown-linux-gnu)',
    );
  return `${arch}-${os}`;
}

export const DEFAULT_HOSTS = [
  'x86_64-unknown-linux-gnu',
  'aarch64-unknown-linux-gnu',
  'x86_64-apple-darwin',
  'aarch64-apple-darwin',
] as const;

/** Components the seed needs; the first four are required, the rest optional. */
export const DEFAULT_REQUIRED = ['rustc', 'cargo', 'rust-std', 'rust-src'] as const;
export const DEFAULT_OPTIONAL = ['llvm-tools', 'rust-std@x86_64-unknown-linux-musl'] as const;

export interface ComponentSpec {
  /** Name as the user wrote it, before `[renames]` (e.g. `llvm-tools`). */
  name: string;
  /** Explicit target; absent means the host (or `*` for target-independent packages). */
  target?: string;
}

const specRe = /^([a-z][a-z0-9_-]*)(?:@([a-z0-9_.-]+|\*))?$/;

export function parseComponentSpec(text: string): ComponentSpec {
  const m = specRe.exec(text.trim());
  if (!m)
    throw new OstooError(`component "${text}" is not NAME or NAME@TARGET`, 'write it as rust-src or rust-std@TARGET');
  return m[2] ? { name: m[1] as string, target: m[2] } : { name: m[1] as string };
}

export function formatComponentSpec(spec: ComponentSpec): string {
  return spec.target ? `${spec.name}@${spec.target}` : spec.name;
}
