// The cross tools that build and link the PDs: upstream's bare-metal gcc (aarch64-none-elf) or
// a distribution's Linux one (Debian's aarch64-linux-gnu), whichever is on PATH; both work for
// freestanding code linked with Microkit's own linker script.
import type { MicrokitArchInfo } from '../target-spec/microkit-spec.js';
import { which } from '../util/which.js';

export interface CrossChoice {
  prefix: string;
  /** Whether `${prefix}gcc` is on PATH now. */
  found: boolean;
}

export function detectCross(arch: Pick<MicrokitArchInfo, 'crossPrefixes'>, envPath = process.env.PATH): CrossChoice {
  const found = arch.crossPrefixes.find((p) => which(`${p}gcc`, envPath) && which(`${p}ld`, envPath));
  return found ? { prefix: found, found: true } : { prefix: arch.crossPrefixes[0]!, found: false };
}
