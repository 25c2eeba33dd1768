import { renderTemplate } from '../render/tree.js';

/** The Rust component's lines in an app's CMakeLists.txt (the new app's, and what camkes-component adds). */
export function componentCmakeBlock(name: string): string[] {
  return renderTemplate('camkes-cmake/app/component-block.cmake.ejs', { name }).trimEnd().split('\n');
}
