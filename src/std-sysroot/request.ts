// What a prebuilt std depends on, as one value, and its key. The key is the sha256 of the
// request's canonical JSON: every input that reaches std's rlibs, and nothing else, so that a
// change of any of them (toolchain, spec bytes, a flag, a profile setting, a feature) names a
// new sysroot and a change of a link-only flag does not.
import { createHash } from 'node:crypto';

/** Bumped whenever the way a sysroot is built changes (then every key changes). */
export const RECIPE = 1;

export interface SysrootRequest {
  recipe: number;
  toolchain: {
    /** `rustc -vV`: release, commit, host, LLVM version. */
    rustc: string;
    /** `cargo -V`. */
    cargo: string;
    /** sha256 of rust-src's library/Cargo.lock: the exact versions of std's dependencies. */
    rustSrc: string;
  };
  target: {
    /** The spec's file stem: rustc's and cargo's name for the target. */
    name: string;
    /** sha256 of the spec's bytes (rustc's own target identity hashes them too). */
    spec: string;
  };
  /** `-Z build-std`, sorted. */
  crates: string[];
  /** `-Z build-std-features`, sorted; null: cargo's default set. */
  features: string[] | null;
  /** The profile and the profiles it inherits from, with the settings that reach std. */
  profile: { name: string; tables: Record<string, ProfileTable> };
  /** The target's rustflags in order, without the ones that only matter when linking. */
  rustflags: string[];
}

export type ProfileTable = Record<string, unknown>;

/**
 * Profile keys that cannot change std's rlibs: `lto` (a sysroot always carries bitcode
 * next to machine code, so it serves LTO and non-LTO builds alike), `strip` and `rpath`
 * (link time only) and `incremental` (cargo never builds std incrementally).
 */
const NOT_IN_STD = new Set(['lto', 'strip', 'rpath', 'incremental']);

export function stdProfileTable(t: ProfileTable): ProfileTable {
  return Object.fromEntries(Object.entries(t).filter(([k]) => !NOT_IN_STD.has(k)));
}

/**
 * The rustflags that can change an rlib: all but search paths (`-L`) and the linker's own
 * (`-C link-arg(s)`, `-C linker`), which rustc records nowhere before the final link. (`-l`
 * stays: an rlib records the native libraries it was told to link.)
 */
export function stdRustflags(flags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const f = flags[i] as string;
    if (f === '-L') {
      i++;
      continue;
    }
    if (/^-L./.test(f)) continue;
    const c = codegenOption(flags, i);
    if (c) {
      if (/^(link-args?|linker)=/.test(c.value)) {
        i += c.width - 1;
        continue;
      }
    }
    out.push(f);
  }
  return out;
}

/** `-C x`, `-Cx` and `--codegen x` as the option and how many words it took. */
function codegenOption(flags: readonly string[], i: number): { value: string; width: number } | undefined {
  const f = flags[i] as string;
  if (f === '-C' || f === '--codegen') {
    const v = flags[i + 1];
    return v === undefined ? undefined : { value: v, width: 2 };
  }
  if (f.startsWith('-C')) return { value: f.slice(2), width: 1 };
  if (f.startsWith('--codegen=')) return { value: f.slice('--codegen='.length), width: 1 };
  return undefined;
}

/** JSON with object keys sorted at every level: one text per value. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function sysrootKey(r: SysrootRequest): string {
  return sha256Hex(canonicalJson(r));
}

/** The start of a key, for messages. */
export function shortKey(key: string): string {
  return key.slice(0, 12);
}
