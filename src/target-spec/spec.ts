// Target-spec derivation. The spec is never a copied file: it is the chosen rustc's own
// <arch>-unknown-linux-musl spec with our changes applied, so data-layout and field names
// always match that rustc (a mismatched data-layout is a hard error since rust#120062).
import { execa } from 'execa';
import { bootstrapEnv, type Toolchain, ToolchainError } from '../toolchain/resolve.js';

export type Spec = Record<string, unknown>;

export async function printBaseSpec(tc: Toolchain, triple: string): Promise<Spec> {
  try {
    const { stdout } = await execa(
      tc.rustc,
      ['-Z', 'unstable-options', '--print', 'target-spec-json', '--target', triple],
      {
        env: bootstrapEnv(tc),
      },
    );
    return JSON.parse(stdout) as Spec;
  } catch (err) {
    throw new ToolchainError(
      `cannot print ${triple}'s target spec with ${tc.rustc}: ${(err as Error).message}`,
      'check that this rustc runs (`rustc -vV`), or pin another with --toolchain or --toolchain-path',
    );
  }
}

export type LinkerChoice = 'rust-lld' | 'cc';

export interface UserSpecOptions {
  linker: LinkerChoice;
  /** Recorded as target_vendor so programs can cfg on it; os stays "linux" so std builds. */
  vendor: string;
  /** With `cc`: the gcc to run when not the host's `cc` (a cross gcc such as aarch64-linux-gnu-gcc). */
  gcc?: string;
  /** With `cc`: arguments before -nostartfiles (x86_64's -m64; defaults to that). */
  gccArgs?: string[];
}

const crtObjectKey = /^(pre|post)-link-objects(-fallback|-self-contained)?$|^crt-objects-fallback$/;

/** Pure: base musl spec -> the userspace spec (no CRT objects, static non-PIE, our linker). */
export function deriveUserSpec(base: Spec, opts: UserSpecOptions): Spec {
  const spec: Spec = {};
  for (const [k, v] of Object.entries(base)) {
    if (crtObjectKey.test(k) || k === 'metadata' || k === 'pre-link-args' || k === 'linker' || k === 'linker-flavor')
      continue;
    spec[k] = v;
  }
  // We bring our own _start (the runtime crate), so no crt1.o/crti.o/crtbegin.o.
  spec['pre-link-objects'] = {};
  spec['post-link-objects'] = {};
  // The libc crate links libc.a statically when crt-static is on by default.
  spec['crt-static-default'] = true;
  spec['crt-static-respected'] = true;
  spec['position-independent-executables'] = false;
  spec['static-position-independent-executables'] = false;
  spec['relocation-model'] = 'static';
  spec['vendor'] = opts.vendor;
  if (opts.linker === 'rust-lld') {
    spec['linker-flavor'] = 'gnu-lld';
    spec['linker'] = 'rust-lld';
  } else {
    spec['linker-flavor'] = 'gnu-cc';
    // gcc would otherwise add its own crt1.o/crti.o/crtbegin.o.
    spec['pre-link-args'] = { 'gnu-cc': [...(opts.gccArgs ?? ['-m64']), '-nostartfiles'] };
    if (opts.gcc && opts.gcc !== 'cc') spec['linker'] = opts.gcc;
  }
  return sortKeys(spec);
}

export function sortKeys(spec: Spec): Spec {
  return Object.fromEntries(
    Object.keys(spec)
      .sort()
      .map((k) => [k, spec[k]]),
  );
}

export function serializeSpec(spec: Spec): string {
  return `${JSON.stringify(sortKeys(spec), null, 2)}\n`;
}
