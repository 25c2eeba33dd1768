// The ids the built-in flavors have in --flavor and in the project record. A leaf, so that
// code below the flavors (workspace detection) can name one without loading its module.
export const userRsId = 'user-rs';
export const camkesKbuildId = 'camkes';
export const camkesCmakeId = 'camkes-cmake';
export const microkitId = 'microkit';
