// The refusal every CAmkES editor and planner throws: a one-line reason, and nothing written.
export class ComponentError extends Error {
  override name = 'ComponentError';
}
