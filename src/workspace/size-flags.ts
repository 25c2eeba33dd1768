// The size levers of a user-rs build, as rustflags and build-std features. Each lever that
// trades away a feature is behind an option; the rest cost nothing on this target.
import type { LinkerChoice } from '../target-spec/spec.js';

/**
 * - message: panics print their message, without file:line (-Zlocation-detail=none).
 * - location: panics print message and location (~0.5 KiB more for a std program).
 * - immediate-abort: panics abort at once and print nothing (smallest; -Cpanic=immediate-abort).
 */
export type PanicMode = 'message' | 'location' | 'immediate-abort';
export const panicModes: readonly PanicMode[] = ['message', 'location', 'immediate-abort'];

export interface SizeOptions {
  linker: LinkerChoice;
  panic: PanicMode;
  /** build-std-features = ["optimize_for_size"]: smaller, slower algorithms in core/alloc. */
  optimizeForSize: boolean;
}

export interface Flag {
  flag: string;
  why: string;
}

function linkArgs(linker: LinkerChoice, args: string[]): string {
  return linker === 'cc' ? `-Clink-arg=-Wl,${args.join(',')}` : `-Clink-arg=${args.join('')}`;
}

export function sizeRustflags(o: SizeOptions): Flag[] {
  const flags: Flag[] = [
    { flag: '-Cforce-unwind-tables=no', why: 'panic=abort never unwinds, so .eh_frame is dead weight' },
    { flag: linkArgs(o.linker, ['--build-id=none']), why: 'no .note.gnu.build-id' },
    {
      flag: linkArgs(o.linker, ['-z', 'norelro']),
      why: 'a static binary has nothing to protect with RELRO; saves a page-aligned segment',
    },
    {
      flag: linkArgs(o.linker, ['-z', 'max-page-size=4096']),
      why: "4 KiB pages, not the linker's larger default alignment (2 MiB in older x86_64 binutils, 64 KiB on aarch64)",
    },
    {
      flag: linkArgs(o.linker, ['-z', 'noseparate-code']),
      why: 'headers and code share the first page (still separate R E and RW segments)',
    },
  ];
  if (o.panic !== 'location')
    flags.push({
      flag: '-Zlocation-detail=none',
      why: 'panic messages without file:line (--panic location keeps them)',
    });
  if (o.panic === 'immediate-abort') {
    flags.push({ flag: '-Zunstable-options', why: 'needed by the next flag' });
    flags.push({
      flag: '-Cpanic=immediate-abort',
      why: 'panics print nothing and abort at once (--panic immediate-abort)',
    });
  }
  return flags;
}

/** std's default build-std features minus `backtrace`: our libunwind stub yields no frames to symbolize. */
export function buildStdFeatures(o: Pick<SizeOptions, 'optimizeForSize'>): string[] {
  return o.optimizeForSize ? ['optimize_for_size'] : [];
}
