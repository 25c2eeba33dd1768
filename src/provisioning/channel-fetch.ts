// Fetching a channel manifest whose sha256 is not known yet (`toolchain lock`, `bump`):
// the manifest and its `.sha256` sibling, fetched together and compared. Once a lock
// records the hash, the manifest goes through verifiedFetch like any artifact.
import { fetchText, sha256Hex } from './download.js';
import { channelManifestUrl } from './mirror.js';
import { OstooError } from '../errors.js';

/** The .sha256 file's hash: `<hex>  channel-rust-nightly.toml` or just `<hex>`. */
export function parseSha256File(text: string, url: string): string {
  const m = /^([0-9a-f]{64})(\s|$)/.exec(text.trim());
  if (!m)
    throw new OstooError(
      `${url} does not hold a sha256`,
      'the dist server or mirror is incomplete or not a dist server; check --dist-server',
    );
  return m[1] as string;
}

export interface CheckedText {
  text: string;
  sha256: string;
  url: string;
}

/** `url` and `url.sha256`, checked against each other. */
export async function fetchChecked(url: string): Promise<CheckedText> {
  const [text, sumText] = await Promise.all([fetchText(url), fetchText(`${url}.sha256`)]);
  const expected = parseSha256File(sumText, `${url}.sha256`);
  const actual = sha256Hex(text);
  if (actual !== expected)
    throw new OstooError(
      `sha256 mismatch for ${url}: expected ${expected} (from its .sha256), got ${actual}`,
      'the server serves a damaged or tampered manifest; try again, or use another mirror (--dist-server)',
    );
  return { text, sha256: actual, url };
}

/** A dated channel manifest, checked against its .sha256. */
export function fetchChannelManifest(server: string, channel: string, date: string): Promise<CheckedText> {
  return fetchChecked(channelManifestUrl(server, channel, date));
}
