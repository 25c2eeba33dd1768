// The refusal every CAmkES editor and planner throws: a one-line reason, and nothing written.
import { OstooError } from '../../errors.js';

export class ComponentError extends OstooError {}
