// Sysroot pins in toolchains.lock: a prebuilt std, named by its key (src/std-sysroot/request.ts),
// pinned by the sha256 of its archive (checked while it streams in) and of its content (every
// file's hash, checked after unpacking). The archive's place on a dist server follows from the
// key, so a pin holds no path or URL to point anywhere else.
//
//   [sysroots.<key>]
//   target = "x86_64-ostoo-user"
//   host = "x86_64-unknown-linux-gnu"
//   rustc = "rustc 1.96.0 (ac68faa20 2026-05-25)"
//   content = "<sha256>"
//   archive = { sha256 = "<sha256>", size = 12345678 }
import { z } from 'zod';
import { tripleRe } from './toolchain-names.js';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits');
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const text = z.string().regex(/^[^\u0000-\u001f\u007f]*$/, 'contains a NUL or another control character');

export const sysrootPin = z.strictObject({
  /** The target spec's file stem. */
  target: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/, 'expected a target name'),
  /** The machine std was built on (rustc -vV's host). */
  host: z.string().regex(tripleRe, 'expected a target triple'),
  /** `rustc -V` of the toolchain: a toolchain entry whose rustc matches owns the pin. */
  rustc: text.min(1).max(200),
  content: hex64,
  archive: z.strictObject({ sha256: hex64, size: z.number().int().nonnegative() }),
});
export type SysrootPin = z.infer<typeof sysrootPin>;

export const sysrootPins = z.record(hex64, sysrootPin);

/** Where a dist server (and `ostoo toolchain mirror`) keeps the archive of the sysroot `key`. */
export function sysrootArchivePath(key: string): string {
  if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`not a sysroot key: ${key}`);
  return `ostoo-sysroots/${key}.tar.gz`;
}

/** The URL of `key`'s archive on a dist server (a mirror written by `ostoo toolchain mirror`). */
export function sysrootArchiveUrl(server: string, key: string): string {
  return `${server.replace(/\/+$/, '')}/${sysrootArchivePath(key)}`;
}

/** Whether the pin was built by the toolchain whose lock entry says `rustc = "<version>"`. */
export function pinnedFor(pin: SysrootPin, entryRustc: string): boolean {
  return pin.rustc === `rustc ${entryRustc}` || pin.rustc.startsWith(`rustc ${entryRustc} `);
}

export function serializePins(pins: Record<string, SysrootPin>, str: (s: string) => string): string[] {
  return Object.keys(pins)
    .sort()
    .map((key) => {
      const p = pins[key] as SysrootPin;
      return [
        `[sysroots.${key}]`,
        `target = ${str(p.target)}`,
        `host = ${str(p.host)}`,
        `rustc = ${str(p.rustc)}`,
        `content = ${str(p.content)}`,
        `archive = { sha256 = ${str(p.archive.sha256)}, size = ${p.archive.size} }`,
      ].join('\n');
    });
}
