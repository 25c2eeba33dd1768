// `ostoo new DIR --flavor microkit`: a Microkit system with two Rust PDs. `client` writes a
// greeting into a shared memory region and calls `server` (a protected procedure call whose
// message registers carry the length); `server` reads the region, answers in it and in the
// message registers; `client` reads the answer, then notifies `server`. Built by a Microkit
// Makefile that includes rust/microkit.mk. Plain data in, files out.
import { renderTemplate, type FileMap } from '../render/tree.js';
import { readSystem } from './system-model.js';
import { qemuCommand } from './boards.js';
import { planApis, planSupport, rustDir, type SupportConfig } from './support.js';

/** The demo's PDs, callee first (it has the higher priority). */
export const demoPds = ['server', 'client'] as const;

/** The demo's lines on the serial console, in order. */
export const demoLines = [
  'server: hello from Rust, waiting for calls',
  'client: hello from Rust',
  'server: client sent "hello through shared memory" (label 1)',
  'client: server answered "HELLO THROUGH SHARED MEMORY" (label 0, checksum 0xa85)',
  'server: notified by client after 1 call(s)',
];

export type NewSystemConfig = Omit<SupportConfig, 'pds'>;

export function planNewSystem(c: NewSystemConfig): FileMap {
  const pds = [...demoPds];
  const data = { ...c, qemu: qemuCommand(c.board, '$(IMAGE_FILE)') };
  const files: FileMap = new Map();
  const systemText = renderTemplate('microkit/system/system.ejs', data);
  files.set(c.systemFile, systemText);
  files.set('Makefile', renderTemplate('microkit/system/Makefile.ejs', data));
  files.set('.gitignore', renderTemplate('microkit/system/dot-gitignore.ejs', data));
  for (const [file, text] of planSupport({ ...c, pds })) files.set(file, text);
  for (const pd of pds) {
    files.set(`${rustDir}/${pd}/Cargo.toml`, renderTemplate('microkit/pd/Cargo.toml.ejs', { name: pd }));
    files.set(`${rustDir}/${pd}/src/lib.rs`, renderTemplate(`microkit/demo/${pd}.rs.ejs`, {}));
  }
  for (const [file, text] of planApis(readSystem(systemText, c.systemFile), c.systemFile, pds)) files.set(file, text);
  return files;
}
