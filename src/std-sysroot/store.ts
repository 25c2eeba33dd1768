// Prebuilt sysroots in the content-addressed cache, next to the toolchains' trees:
//   sysroots/<key>/ostoo-sysroot.json       the manifest: the key, its request, and every
//                                           file's path, size and sha256;
//   sysroots/<key>/lib/rustlib/<target>/lib the rlibs, sealed read-only (rustc's own layout);
//   sysroots/<key>/.ostoo-stamp.json        this machine's record of each file's inode, size,
//                                           mode, mtime and ctime, written after every file
//                                           was re-hashed against the manifest.
// Before each use the files are compared with the stamp; any difference (a write changes
// ctime, which nothing can set back) re-hashes every file against the manifest. A sysroot that
// fails is removed from the writable cache (a read-only layer's is only skipped) and built or
// fetched again. No host directory is ever written (lib/rustlib/<host>/bin), so rustc keeps
// finding its own rust-lld in the toolchain's sysroot.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { cacheRoot, type Cache } from '../provisioning/cache.js';
import { SysrootError } from './errors.js';
import { canonicalJson, sha256Hex, type SysrootRequest } from './request.js';

export const MANIFEST = 'ostoo-sysroot.json';
const STAMP = '.ostoo-stamp.json';
export const MANIFEST_FORMAT = 1;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const name = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/);
/** Only rlibs in rustc's target library directory: nothing a manifest names can land elsewhere. */
const filePath = z
  .string()
  .regex(/^lib\/rustlib\/[A-Za-z0-9_][A-Za-z0-9_.+-]*\/lib\/[A-Za-z0-9_][A-Za-z0-9_.+-]*\.rlib$/)
  .refine((p) => !p.split('/').includes('..'));

const manifestSchema = z.strictObject({
  format: z.literal(MANIFEST_FORMAT),
  key: hex64,
  target: name,
  /** `rustc -V` of the toolchain, for listings. */
  toolchain: z.string().max(200),
  request: z.record(z.string(), z.unknown()),
  files: z.array(z.strictObject({ path: filePath, size: z.number().int().nonnegative(), sha256: hex64 })).min(1),
});
export type SysrootManifest = z.infer<typeof manifestSchema>;

/** The digest of a sysroot's content: its key and every file's path and hash (what a lock pins). */
export function contentDigest(m: Pick<SysrootManifest, 'key' | 'files'>): string {
  return sha256Hex(canonicalJson({ key: m.key, files: m.files }));
}

export function parseManifest(text: string, where: string): SysrootManifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error(`${where} is not JSON`);
  }
  const r = manifestSchema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`${where} is not a sysroot manifest (${issue?.path.join('.') || '(top)'}: ${issue?.message})`);
  }
  const m = r.data;
  const targetDir = `lib/rustlib/${m.target}/lib/`;
  const seen = new Set<string>();
  for (const f of m.files) {
    if (!f.path.startsWith(targetDir)) throw new Error(`${where} names ${f.path}, outside ${targetDir}`);
    if (seen.has(f.path)) throw new Error(`${where} names ${f.path} twice`);
    seen.add(f.path);
  }
  return m;
}

export interface Sysroot {
  key: string;
  /** The directory to give rustc as --sysroot. */
  dir: string;
  manifest: SysrootManifest;
}

type Stamp = Record<string, [number, number, number, number, number]>;

function statStamp(file: string): [number, number, number, number, number] {
  const st = statSync(file, { bigint: false });
  return [st.ino, st.size, st.mode & 0o7777, Math.trunc(st.mtimeMs), Math.trunc(st.ctimeMs * 1000)];
}

async function fileSha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(file, { highWaterMark: 1 << 20 })) h.update(c as Buffer);
  return h.digest('hex');
}

/** Every regular file under `root` (relative paths), refusing anything else but directories. */
function walkFiles(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const n of readdirSync(path.join(root, rel)).sort()) {
    const r = rel ? `${rel}/${n}` : n;
    const st = lstatSync(path.join(root, r));
    if (st.isDirectory()) out.push(...walkFiles(root, r));
    else if (st.isFile()) out.push(r);
    else throw new Error(`${path.join(root, r)} is neither a file nor a directory`);
  }
  return out;
}

export type CheckResult = { ok: true; manifest: SysrootManifest } | { ok: false; why: string };

/**
 * Whether `dir` holds exactly what its manifest lists for `key`, unchanged. `full` re-hashes
 * every file even when the stamp matches; `writeStamp` records a fresh stamp after a re-hash.
 */
export async function checkSysroot(
  dir: string,
  key: string,
  opts: { full?: boolean; writeStamp?: boolean } = {},
): Promise<CheckResult> {
  let manifest: SysrootManifest;
  try {
    manifest = parseManifest(await readFile(path.join(dir, MANIFEST), 'utf8'), path.join(dir, MANIFEST));
  } catch (err) {
    return { ok: false, why: (err as Error).message };
  }
  if (manifest.key !== key) return { ok: false, why: `its manifest is for key ${manifest.key}` };
  let present: string[];
  try {
    present = walkFiles(dir).filter((f) => f !== MANIFEST && f !== STAMP);
  } catch (err) {
    return { ok: false, why: (err as Error).message };
  }
  const listed = new Set(manifest.files.map((f) => f.path));
  const extra = present.find((f) => !listed.has(f));
  if (extra) return { ok: false, why: `${extra} is not in its manifest` };
  const missing = manifest.files.find((f) => !present.includes(f.path));
  if (missing) return { ok: false, why: `${missing.path} is missing` };

  const now: Stamp = {};
  for (const f of [MANIFEST, ...manifest.files.map((x) => x.path)]) now[f] = statStamp(path.join(dir, f));
  if (!opts.full) {
    try {
      const old = JSON.parse(await readFile(path.join(dir, STAMP), 'utf8')) as Stamp;
      if (canonicalJson(old) === canonicalJson(now)) return { ok: true, manifest };
    } catch {
      // no stamp yet (a fresh machine, a copied cache): re-hash below
    }
  }
  for (const f of manifest.files) {
    const p = path.join(dir, f.path);
    if (statSync(p).size !== f.size) return { ok: false, why: `${f.path} has changed size` };
    if ((await fileSha256(p)) !== f.sha256) return { ok: false, why: `${f.path} does not match its sha256` };
  }
  if (opts.writeStamp) await writeFile(path.join(dir, STAMP), JSON.stringify(now)).catch(() => {});
  return { ok: true, manifest };
}

/** Records the stamp of files this process has just hashed itself. */
async function stampHashed(dir: string, manifest: SysrootManifest): Promise<void> {
  const now: Stamp = {};
  for (const f of [MANIFEST, ...manifest.files.map((x) => x.path)]) now[f] = statStamp(path.join(dir, f));
  await writeFile(path.join(dir, STAMP), JSON.stringify(now));
}

export function sysrootsDir(cacheDir: string): string {
  return path.join(cacheDir, 'sysroots');
}

/**
 * Where the writable cache keeps `key`'s sysroot, checked through the cache's root: a
 * `sysroots` linked out of the cache is refused, so nothing is placed or removed there.
 */
function writableSysrootDir(cacheDir: string, key: string): string {
  return cacheRoot(cacheDir).check(path.join('sysroots', key));
}

/** The sysroot for `key` if a cache layer holds a sound one; a damaged one in the writable cache is removed. */
export async function findSysroot(
  cache: Cache,
  key: string,
  onRefused?: (dir: string, why: string) => void,
): Promise<Sysroot | undefined> {
  for (const [i, layer] of cache.dirs.entries()) {
    const writable = i === 0;
    const dir = writable ? writableSysrootDir(layer, key) : path.join(sysrootsDir(layer), key);
    if (!existsSync(dir)) continue;
    const r = await checkSysroot(dir, key, { writeStamp: writable });
    if (r.ok) return { key, dir, manifest: r.manifest };
    onRefused?.(dir, r.why);
    if (writable) await removeTree(dir);
  }
  return undefined;
}

/** rm -rf, also of sealed files in sealed directories. */
export async function removeTree(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 2 });
}

/**
 * Writes the manifest for the rlibs under `staged` (made read-only), then renames it into
 * place as the sysroot for the request's key. When another process got there first, theirs is
 * used if it is sound.
 */
export async function publishSysroot(
  cache: Cache,
  staged: string,
  request: SysrootRequest,
  key: string,
  toolchain: string,
): Promise<Sysroot> {
  const files = [];
  for (const rel of walkFiles(staged)) {
    const p = path.join(staged, rel);
    await chmod(p, 0o444);
    files.push({ path: rel, size: statSync(p).size, sha256: await fileSha256(p) });
  }
  const manifest: SysrootManifest = {
    format: MANIFEST_FORMAT,
    key,
    target: request.target.name,
    toolchain,
    request: request as unknown as Record<string, unknown>,
    files,
  };
  parseManifest(JSON.stringify(manifest), 'the new manifest');
  await writeFile(path.join(staged, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`, { mode: 0o444 });
  return placeSysroot(cache, staged, key, manifest);
}

/**
 * Renames a complete, sealed sysroot directory into place, or uses a sound one already there.
 * `hashed`: the manifest this process wrote after hashing the files itself; otherwise (an
 * unpacked archive) every file is checked against the directory's own manifest first.
 */
export async function placeSysroot(
  cache: Cache,
  staged: string,
  key: string,
  hashed?: SysrootManifest,
): Promise<Sysroot> {
  let manifest = hashed;
  if (!manifest) {
    const checked = await checkSysroot(staged, key, { full: true });
    if (!checked.ok)
      throw new SysrootError(`the sysroot for ${key} fails its check: ${checked.why}`, 'fetch or build it again');
    manifest = checked.manifest;
  }
  const dest = writableSysrootDir(cache.dir, key);
  await mkdir(path.dirname(dest), { recursive: true });
  try {
    await rename(staged, dest);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
    const theirs = await checkSysroot(dest, key, { writeStamp: true });
    if (theirs.ok) {
      await removeTree(staged);
      return { key, dir: dest, manifest: theirs.manifest };
    }
    await removeTree(dest);
    await rename(staged, dest);
  }
  await stampHashed(dest, manifest);
  return { key, dir: dest, manifest };
}
