// `ostoo microkit-sync`: after the .system file was edited by hand, rewrites every Rust PD's
// src/system.rs (and rust/system.sha256, which microkit.mk checks) from it. The PDs are the
// ones rust/microkit.mk lists; each must still be in the .system file.
import type { FileMap } from '../render/tree.js';
import type { SystemDir } from './add-pd.js';
import { MicrokitError } from './errors.js';
import { listedPds, planApis, rustDir } from './support.js';

export interface SyncPlan {
  /** Only the files whose text changes. */
  files: FileMap;
  pds: string[];
}

export function planSync(sys: SystemDir): SyncPlan {
  if (sys.microkitMk === undefined)
    throw new MicrokitError(
      `${sys.dir} has no ${rustDir}/microkit.mk, so no Rust PDs`,
      'add one with ostoo microkit-pd NAME',
    );
  const pds = listedPds(sys.microkitMk);
  for (const pd of pds)
    if (!sys.model.pds.some((p) => p.name === pd))
      throw new MicrokitError(
        `Rust PD '${pd}' (in ${rustDir}/microkit.mk) is not in ${sys.systemFile}`,
        `add it back, or remove its line from ${rustDir}/microkit.mk`,
      );
  const files: FileMap = new Map();
  for (const [file, text] of planApis(sys.model, sys.systemFile, pds))
    if (sys.view.read(`${sys.dir}/${file}`) !== text) files.set(file, text);
  return { files, pds };
}
