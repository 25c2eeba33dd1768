// A tiny Rust dist server for tests: real rust-installer tarballs (built here with
// node-tar's header encoder), a v2 channel manifest with its .sha256, served over
// node:http on 127.0.0.1 with Range support and injectable faults.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { Header } from 'tar';
import { stringify } from 'smol-toml';
import { which } from '../../src/util/which.js';

export const UPSTREAM = 'https://static.rust-lang.org';
export const DATE = '2026-05-20';
export const NAME = `nightly-${DATE}`;
export const RUSTC_VERSION = '1.97.0-nightly (e50aa6fba 2026-05-19)';
export const CARGO_VERSION = '0.98.0-nightly (4d1f98451 2026-05-15)';

export interface TarEntry {
  path: string;
  type?: 'File' | 'Directory' | 'SymbolicLink' | 'Link' | 'CharacterDevice';
  content?: string | Buffer;
  mode?: number;
  linkpath?: string;
}

/** An uncompressed tar stream, encoded with node-tar's Header. */
export function tarball(entries: readonly TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  const mtime = new Date('2026-05-20T00:00:00Z');
  for (const e of entries) {
    const type = e.type ?? 'File';
    const body = type === 'File' ? Buffer.from(e.content ?? '') : Buffer.alloc(0);
    const h = new Header({
      path: e.path,
      type,
      size: body.length,
      mode: e.mode ?? (type === 'Directory' ? 0o755 : 0o644),
      mtime,
      uid: 0,
      gid: 0,
      ...(e.linkpath ? { linkpath: e.linkpath } : {}),
    });
    const block = Buffer.alloc(512);
    h.encode(block, 0);
    blocks.push(block, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

export interface FakeComponent {
  pkg: string;
  /** Triple, or '*' for rust-src. */
  target: string;
  /** Files relative to the prefix; a string content, or {content, mode}. */
  files: Record<string, string | { content: string; mode: number }>;
  /** manifest.in lines (default: `file:` for each file). */
  manifest?: string[];
  /** The component directory inside the tarball (default: pkg, or pkg-target for rust-std). */
  dir?: string;
  /** Raw extra entries (paths relative to the archive root). */
  extra?: TarEntry[];
  /** Published as unavailable. */
  unavailable?: boolean;
}

export function fileName(pkg: string, target: string, ext: string): string {
  const base = pkg.replace(/-preview$/, '');
  return target === '*' ? `${base}-nightly.tar.${ext}` : `${base}-nightly-${target}.tar.${ext}`;
}

export function componentTar(c: FakeComponent): Buffer {
  const top = fileName(c.pkg, c.target, 'x').replace(/\.tar\.x$/, '');
  const dir = c.dir ?? (c.pkg === 'rust-std' ? `rust-std-${c.target}` : c.pkg);
  const entries: TarEntry[] = [
    { path: `${top}/`, type: 'Directory' },
    { path: `${top}/components`, content: `${dir}\n` },
    { path: `${top}/rust-installer-version`, content: '3\n' },
    { path: `${top}/${dir}/`, type: 'Directory' },
  ];
  const manifest = c.manifest ?? Object.keys(c.files).map((f) => `file:${f}`);
  entries.push({ path: `${top}/${dir}/manifest.in`, content: manifest.join('\n') + '\n' });
  const dirs = new Set<string>();
  for (const [rel, v] of Object.entries(c.files)) {
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) {
      const d = parts.slice(0, i).join('/');
      if (!dirs.has(d)) {
        dirs.add(d);
        entries.push({ path: `${top}/${dir}/${d}/`, type: 'Directory' });
      }
    }
    const content = typeof v === 'string' ? v : v.content;
    const mode = typeof v === 'string' ? 0o644 : v.mode;
    entries.push({ path: `${top}/${dir}/${rel}`, content, mode });
  }
  for (const e of c.extra ?? []) {
    // TOP names the package's top directory, in a path and in a hardlink's target.
    const linkpath = e.type === 'Link' ? e.linkpath?.replace(/^TOP\//, `${top}/`) : e.linkpath;
    entries.push({ ...e, path: e.path.replace('TOP', top), ...(linkpath ? { linkpath } : {}) });
  }
  return tarball(entries);
}

export function defaultComponents(host: string): FakeComponent[] {
  return [
    {
      pkg: 'rustc',
      target: host,
      files: {
        'bin/rustc': { content: `#!/bin/sh\necho "rustc ${RUSTC_VERSION}"\n`, mode: 0o755 },
        'lib/librustc_driver.so': 'driver\n',
        'share/doc/rustc/README.md': 'rustc\n',
      },
    },
    {
      pkg: 'cargo',
      target: host,
      files: { 'bin/cargo': { content: `#!/bin/sh\necho "cargo ${CARGO_VERSION}"\n`, mode: 0o755 } },
    },
    { pkg: 'rust-std', target: host, files: { [`lib/rustlib/${host}/lib/libstd.rlib`]: 'std for host\n' } },
    {
      pkg: 'rust-src',
      target: '*',
      files: {
        'lib/rustlib/src/rust/library/core/src/lib.rs': '#![no_std]\n',
        'lib/rustlib/src/rust/library/std/src/lib.rs': '// std\n',
      },
      manifest: ['dir:lib/rustlib/src/rust'],
    },
    {
      pkg: 'llvm-tools-preview',
      target: host,
      files: { [`lib/rustlib/${host}/bin/llvm-objdump`]: { content: '#!/bin/sh\necho objdump\n', mode: 0o755 } },
    },
    {
      pkg: 'rust-std',
      target: 'x86_64-unknown-linux-musl',
      files: { 'lib/rustlib/x86_64-unknown-linux-musl/lib/self-contained/libc.a': '!<arch>\n' },
    },
  ];
}

export interface Built {
  /** URL path → bytes. */
  files: Map<string, Buffer>;
  manifest: string;
}

/** Builds the dist tree for `components`: gz always, xz when the system has it (and `xz` is true). */
export function buildDist(
  components: readonly FakeComponent[],
  host: string,
  opts: { xz?: boolean; date?: string; corrupt?: string[] } = {},
): Built {
  const date = opts.date ?? DATE;
  const files = new Map<string, Buffer>();
  const pkg: Record<string, { version: string; target: Record<string, unknown> }> = {};
  const useXz = opts.xz !== false && which('xz') !== undefined;
  const refs: { pkg: string; target: string }[] = [];
  for (const c of components) {
    const raw = componentTar(c);
    const gz = zlib.gzipSync(raw, { level: 1 });
    const t: Record<string, unknown> = { available: !c.unavailable };
    if (!c.unavailable) {
      const gzName = fileName(c.pkg, c.target, 'gz');
      files.set(`/dist/${date}/${gzName}`, gz);
      Object.assign(t, { url: `${UPSTREAM}/dist/${date}/${gzName}`, hash: sha256(gz) });
      if (useXz) {
        const xz = execFileSync('xz', ['-c', '-0'], { input: raw });
        const xzName = fileName(c.pkg, c.target, 'xz');
        files.set(`/dist/${date}/${xzName}`, xz);
        Object.assign(t, { xz_url: `${UPSTREAM}/dist/${date}/${xzName}`, xz_hash: sha256(xz) });
      }
    }
    Object.assign(t, { components: [], extensions: [] });
    (pkg[c.pkg] ??= { version: c.pkg === 'cargo' ? CARGO_VERSION : RUSTC_VERSION, target: {} }).target[c.target] = t;
    refs.push({ pkg: c.pkg, target: c.target });
  }
  pkg.rust = {
    version: RUSTC_VERSION,
    target: { [host]: { available: false, components: refs.slice(0, 3), extensions: refs.slice(3) } },
  };
  const doc = {
    'manifest-version': '2',
    date,
    pkg,
    renames: { 'llvm-tools': { to: 'llvm-tools-preview' } },
    profiles: { minimal: ['rustc', 'cargo', 'rust-std'] },
  };
  const manifest = stringify(doc) + '\n';
  files.set(`/dist/${date}/channel-rust-nightly.toml`, Buffer.from(manifest));
  files.set(
    `/dist/${date}/channel-rust-nightly.toml.sha256`,
    Buffer.from(`${sha256(manifest)}  channel-rust-nightly.toml\n`),
  );
  for (const p of opts.corrupt ?? []) {
    const b = Buffer.from(files.get(p) as Buffer);
    const i = Math.floor(b.length / 2);
    b[i] = (b[i] as number) ^ 0x01;
    files.set(p, b);
  }
  return { files, manifest };
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export type Fault = 'cut' | 'stall' | 'error500';

export interface DistServer {
  url: string;
  files: Map<string, Buffer>;
  /** One-shot faults by URL path, consumed by the next GET of that path. */
  faults: Map<string, Fault>;
  /** Every request as `METHOD path range`. */
  log: string[];
  close(): Promise<void>;
}

export async function serveDist(files: Map<string, Buffer>): Promise<DistServer> {
  const faults = new Map<string, Fault>();
  const log: string[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const p = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    log.push(`${req.method} ${p} ${req.headers.range ?? ''}`.trim());
    const body = files.get(p);
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range) start = Number(range[1]);
    const part = body.subarray(start);
    const headers = { 'content-length': String(part.length), 'accept-ranges': 'bytes' };
    if (range) res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` });
    else res.writeHead(200, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const fault = faults.get(p);
    if (fault) faults.delete(p);
    if (fault === 'error500') {
      res.destroy();
      return;
    }
    if (fault === 'cut' || fault === 'stall') {
      res.write(part.subarray(0, Math.max(1, Math.floor(part.length / 2))));
      if (fault === 'cut') setTimeout(() => res.destroy(), 20);
      return;
    }
    res.end(part);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    files,
    faults,
    log,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
