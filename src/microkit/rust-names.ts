// Rust identifiers for names a .system file chose (PDs, memory regions), which may be anything
// XML allows: `eth-driver`, `uartDevice`, `1st`. Each becomes a type (`EthDriver`) or a
// constant (`ETH_DRIVER`); an allocator keeps them unique within one generated module.

/** Lowercase words: split at anything but letters and digits, and at lower-to-upper case changes. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

function lead(ident: string, prefix: string): string {
  // Identifiers cannot start with a digit, and a name of symbols alone leaves nothing.
  return ident === '' || /^[0-9]/.test(ident) ? `${prefix}${ident}` : ident;
}

/** `eth-driver` -> `EthDriver` (`Pd1st` for `1st`). */
export function typeName(name: string, prefix = 'Pd'): string {
  const ident = nameWords(name)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
  return lead(ident, prefix);
}

/** `eth-driver` -> `ETH_DRIVER` (`PD_1ST` for `1st`). */
export function constName(name: string, prefix = 'PD_'): string {
  return lead(nameWords(name).join('_').toUpperCase(), prefix);
}

/** Hands out identifiers, never the same twice and never a reserved one. */
export class IdentAllocator {
  private readonly used: Set<string>;

  constructor(reserved: Iterable<string>) {
    this.used = new Set(reserved);
  }

  /** `base` if free, else `base` with `suffix` (`_`-joined for constants), then numbered. */
  take(base: string, suffix: string): string {
    const join = (a: string, b: string) => (/^[A-Z0-9_]+$/.test(a) ? `${a}_${b}` : `${a}${b}`);
    let ident = base;
    if (this.used.has(ident)) ident = join(base, suffix);
    for (let n = 2; this.used.has(ident); n++) ident = join(join(base, suffix), String(n));
    this.used.add(ident);
    return ident;
  }
}
