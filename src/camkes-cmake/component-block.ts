import { renderTemplate } from '../render/tree.js';

/** The Rust component's lines in an app's CMakeLists.txt (the new app's, and what camkes-component adds). */
export function componentCmakeBlock(
  name: string,
  extra: { sources?: readonly string[]; includes?: readonly string[] } = {},
): string[] {
  const data = { name, sources: extra.sources ?? [], includes: extra.includes ?? [] };
  return renderTemplate('camkes-cmake/app/component-block.cmake.ejs', data).trimEnd().split('\n');
}
