// Dist servers: upstream, RUSTUP_DIST_SERVER, our own option/variable, and the URL swap
// rustup does (manifest URLs name static.rust-lang.org; a mirror serves the same paths).
// A server may also be a dist tree on disk (what `ostoo toolchain mirror` writes): a
// file:// URL, or a plain directory path, which is turned into one.
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { OstooError } from '../errors.js';

export const UPSTREAM_DIST_SERVER = 'https://static.rust-lang.org';

/** `--dist-server`, else OSTOO_DIST_SERVER, else RUSTUP_DIST_SERVER, else upstream. */
export function resolveDistServer(given?: string, env: NodeJS.ProcessEnv = process.env): string {
  const server = given || env.OSTOO_DIST_SERVER || env.RUSTUP_DIST_SERVER || UPSTREAM_DIST_SERVER;
  if (/^https?:\/\//.test(server)) {
    if (!URL.canParse(server))
      throw new OstooError(
        `dist server "${server}" is not a valid URL`,
        'give an http(s) URL, a file:// URL or a directory',
      );
    return server.replace(/\/+$/, '');
  }
  const hasScheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(server);
  if (hasScheme && !server.startsWith('file://')) {
    throw new OstooError(
      `dist server "${server}" is not an http(s) URL, a file:// URL or a directory`,
      'give an http(s) URL, a file:// URL or a directory',
    );
  }
  let dir: string;
  try {
    dir = hasScheme ? fileURLToPath(server) : path.resolve(server);
  } catch {
    throw new OstooError(`dist server "${server}" is not a valid file:// URL`, 'write it as file:///absolute/path');
  }
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    /* reported below */
  }
  if (!isDir)
    throw new OstooError(
      `dist server "${server}": ${dir} is not a directory`,
      'give the directory of a mirror (`ostoo toolchain mirror` makes one)',
    );
  return pathToFileURL(dir).href.replace(/\/+$/, '');
}

/** Whether `url` names a file on this machine (a dist tree on disk). */
export function isFileUrl(url: string): boolean {
  return url.startsWith('file:');
}

/** The URL to fetch: upstream's prefix replaced by `server`. */
export function onServer(url: string, server: string): string {
  return url.startsWith(`${UPSTREAM_DIST_SERVER}/`) ? server + url.slice(UPSTREAM_DIST_SERVER.length) : url;
}

/** The URL to record: `server`'s prefix replaced by upstream's, so a lock does not depend on the mirror. */
export function canonical(url: string, server: string): string {
  return url.startsWith(`${server}/`) ? UPSTREAM_DIST_SERVER + url.slice(server.length) : url;
}

export function channelManifestUrl(server: string, channel: string, date: string): string {
  return `${server}/dist/${date}/channel-rust-${channel}.toml`;
}
