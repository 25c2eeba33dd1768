// CAmkES names (C identifiers) as Rust identifiers: a Rust keyword becomes a raw identifier
// (`r#type`); the few that cannot be raw are refused, as are interface names that would
// clash with the bindings' own modules.
import { ComponentError } from '../edit/component-error.js';

const rustKeywords = new Set(
  (
    'as break const continue crate else enum extern false fn for if impl in let loop match mod move mut pub ref ' +
    'return self Self static struct super trait true type unsafe use where while async await dyn abstract become ' +
    'box do final macro override priv typeof unsized virtual yield try gen'
  ).split(' '),
);
const notRaw = new Set(['self', 'Self', 'super', 'crate', '_']);

/** The bindings' own names in `camkes::`, which no interface may take. */
export const reservedModuleNames = new Set(['ffi', 'types', 'attributes', 'Dataport', 'Plain', 'CallbackBusy']);

export function rustIdent(name: string, what: string): string {
  if (notRaw.has(name))
    throw new ComponentError(`${what} '${name}' cannot be a Rust identifier — rename it in the .camkes file`);
  return rustKeywords.has(name) ? `r#${name}` : name;
}

/** An interface name as the module `camkes::<iface>`. */
export function interfaceModule(name: string): string {
  if (reservedModuleNames.has(name))
    throw new ComponentError(
      `interface name '${name}' clashes with the Rust bindings' own camkes::${name} — rename the interface`,
    );
  return rustIdent(name, 'interface name');
}
