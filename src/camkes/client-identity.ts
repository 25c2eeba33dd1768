// Servers that tell their clients apart (keyvalue-style stores, lock servers): they read the
// badge of the caller (`<iface>_get_sender_id()`, `*_badge`) or a per-client attribute
// (`<client>.<iface>_attributes = ...` in the assembly's configuration). A new client needs
// its own value there, which only the user knows, so `camkes-component` says what to add.
import path from 'node:path';
import type { FileView } from '../util/file-view.js';
import { maskComments } from './idl.js';

export interface ServerEnd {
  /** The instance connected to, and its interface. */
  instance: string;
  iface: string;
  /** Its component type. */
  type: string;
}

export interface ClientIdentityNote {
  /** Why we think the server identifies clients. */
  evidence: string[];
  /** Lines for the assembly's `configuration { ... }` block. */
  lines: string[];
}

function cSources(view: FileView, dir: string): string[] {
  const out: string[] = [];
  for (const entry of view.list(dir)) {
    const full = path.join(dir, entry.name);
    if (entry.dir) out.push(...cSources(view, full));
    else if (/\.(c|h|rs)$/.test(entry.name)) out.push(full);
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Evidence that `server` identifies its clients, from the assembly (other clients' attributes
 * or badges for connections to the same interface) and the server component's sources.
 * `from` is the new client end (`instance.iface`).
 */
export function clientIdentityNote(
  view: FileView,
  appDir: string,
  assemblyText: string,
  server: ServerEnd,
  from: { instance: string; iface: string },
): ClientIdentityNote | undefined {
  const masked = maskComments(assemblyText);
  const evidence: string[] = [];
  const examples: string[] = [];
  // Other clients of server.iface, and what the configuration sets for their ends.
  const conn = new RegExp(
    `\\bconnection\\s+\\w+\\s+\\w+\\s*\\(\\s*from\\s+(\\w+)\\.(\\w+)\\s*,\\s*to\\s+${escape(server.instance)}\\.${escape(server.iface)}\\s*\\)`,
    'g',
  );
  for (const m of masked.matchAll(conn)) {
    const setting = new RegExp(
      `^\\s*(${escape(m[1]!)}\\.${escape(m[2]!)}_(attributes|badge)\\s*=\\s*[^;]+;)`,
      'm',
    ).exec(masked);
    if (setting) {
      evidence.push(`${m[1]}.${m[2]}_${setting[2]} is set for another client`);
      examples.push(setting[1]!.trim());
    }
  }
  // The server's own code reading the caller's identity.
  const reads = new RegExp(
    `\\b(${escape(server.iface)}_get_sender_id|${escape(server.iface)}_get_badge|\\w*_badge\\b|\\w*_attributes\\b)`,
  );
  for (const file of cSources(view, path.join(appDir, 'components', server.type))) {
    const m = reads.exec(maskComments(view.read(file) ?? ''));
    if (m) {
      evidence.push(`${path.relative(appDir, file)} uses ${m[1]}`);
      break;
    }
  }
  if (!evidence.length) return undefined;
  const kind = examples.some((e) => /_badge\s*=/.test(e)) ? 'badge' : 'attributes';
  const lines = [`${from.instance}.${from.iface}_${kind} = <a value ${server.instance} expects for this client>;`];
  return { evidence, lines: examples.length ? [...lines, `(as the others have: ${examples.join(' ')})`] : lines };
}
