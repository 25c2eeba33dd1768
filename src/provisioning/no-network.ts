// What to do when a dist server cannot be reached (no internet, no DNS, --offline with a cold
// cache). Its own module: download.ts loads undici, which an offline install must not pay for.

/** Where a toolchain comes from without the dist server. */
export const NO_NETWORK_HINT =
  'without internet, install from a mirror (`--dist-server URL`, or `file:///DIR` for one on disk; `ostoo toolchain mirror` makes one), or use an installed toolchain with `--toolchain-path DIR`';
