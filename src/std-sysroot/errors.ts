// Errors of the prebuilt std: what went wrong with a sysroot, and what to do.
import { OstooError } from '../errors.js';

export class SysrootError extends OstooError {}

/** A command whose std cannot be prebuilt (or not safely): it runs with build-std as written. */
export class NotPrebuildable extends OstooError {}
