// Install benchmark: rustup vs `ostoo toolchain install`, same mirror, same components.
//
//   node lib/bench/install-bench.js [--from DIR] [--src DIR] [--work DIR] [--runs N]
//
// 1. Builds a mirror from an installed toolchain: each component listed by its
//    lib/rustlib/manifest-* files (rustc, cargo, rust-std) is repacked into a real
//    rust-installer tarball, gz and xz; rust-src is synthesized from a rust source tree
//    (default: Debian's /usr/lib/rustlib/src/rust/library). Two channel manifests are
//    written: one with url/hash and xz_url/xz_hash (as upstream), one gz-only.
// 2. Serves each on 127.0.0.1 and times, alternating and with fresh homes:
//    `rustup toolchain install NAME --profile minimal -c rust-src` vs `ostoo toolchain install NAME`;
//    then ostoo warm (cache full, toolchain deleted) and already-installed no-op.
// Not part of `npm test`.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, lstatSync, readdirSync } from 'node:fs';
import { link, mkdir, mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stringify } from 'smol-toml';
import { create as tarCreate } from 'tar';
import { lockToolchain } from '../src/provisioning/lock-toolchain.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ostooBin = path.join(repo, 'bin', 'ostoo.js');
const UPSTREAM = 'https://static.rust-lang.org';

const { values: args } = parseArgs({
  options: {
    from: { type: 'string', default: path.join(os.homedir(), '.rustup/toolchains/nightly-x86_64-unknown-linux-gnu') },
    src: { type: 'string', default: '/usr/lib/rustlib/src/rust' },
    work: { type: 'string', default: path.join(os.tmpdir(), 'ostoo-bench') },
    runs: { type: 'string', default: '3' },
    rustup: { type: 'string', default: path.join(os.homedir(), '.cargo/bin/rustup') },
    // On ext4 without a journal (as on the benchmark VM), creating an inode scans past every
    // inode freed in the last 30 s (5.5 min while its inode table block is dirty), which
    // makes each file or directory creation up to ~0.5 ms of kernel time right after a large
    // `rm -rf`. With this flag, homes and the deleted toolchain are moved aside and removed
    // only after the last run, so that neither tool pays for the previous run's deletion.
    'defer-deletes': { type: 'boolean', default: false },
    // Skip the xz archives (slow to make on a loaded machine): only the gz-only manifest's
    // scenarios run, and warm and no-op are timed on it.
    'gz-only': { type: 'boolean', default: false },
  },
});
const work = path.resolve(args.work as string);
const from = path.resolve(args.from as string);
const runs = Number(args.runs);
const deferDeletes = args['defer-deletes'] as boolean;
const gzOnly = args['gz-only'] as boolean;
const aside = path.join(work, 'deleted');
let asideCount = 0;

/** Deletes `p` now, or moves it aside (to be deleted after the last run) with --defer-deletes. */
async function remove(p: string): Promise<void> {
  if (!deferDeletes) return rm(p, { recursive: true, force: true });
  await mkdir(aside, { recursive: true });
  await rename(p, path.join(aside, String(asideCount++)));
}

interface Pkg {
  pkg: string;
  target: string;
  dir: string;
  /** manifest.in lines */
  parts: string[];
  /** prefix the parts are relative to */
  root: string;
}

async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(file)) h.update(c as Buffer);
  return h.digest('hex');
}

function fileStem(p: Pkg): string {
  return p.target === '*' ? `${p.pkg}-nightly` : `${p.pkg}-nightly-${p.target}`;
}

async function linkTree(src: string, dst: string): Promise<void> {
  const st = await stat(src);
  if (st.isDirectory()) {
    await mkdir(dst, { recursive: true });
    for (const n of await readdir(src)) await linkTree(path.join(src, n), path.join(dst, n));
  } else {
    await mkdir(path.dirname(dst), { recursive: true });
    await link(src, dst).catch(async () => writeFile(dst, await readFile(src)));
  }
}

async function run(
  cmd: string,
  argv: string[],
  env: NodeJS.ProcessEnv,
  input?: Buffer,
): Promise<{ ms: number; out: string }> {
  const t0 = process.hrtime.bigint();
  const child = spawn(cmd, argv, { env, stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c));
  child.stderr?.on('data', (c: Buffer) => (out += c));
  if (input) child.stdin?.end(input);
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (code !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${code}):\n${out}`);
  return { ms, out };
}

/** Repack one component into `<stem>.tar.gz` and `<stem>.tar.xz` under `out`. */
async function repack(p: Pkg, out: string): Promise<void> {
  const stem = fileStem(p);
  const gz = path.join(out, `${stem}.tar.gz`);
  const xz = path.join(out, `${stem}.tar.xz`);
  // Each archive is made only when missing: a gz kept from a --gz-only run stays the one its
  // mirrors link to and its manifests hash.
  const makeGz = !existsSync(gz);
  const makeXz = !gzOnly && !existsSync(xz);
  if (!makeGz && !makeXz) return;
  const stage = path.join(work, 'stage', stem);
  await rm(stage, { recursive: true, force: true });
  await mkdir(path.join(stage, stem, p.dir), { recursive: true });
  await writeFile(path.join(stage, stem, 'components'), `${p.dir}\n`);
  await writeFile(path.join(stage, stem, 'rust-installer-version'), '3\n');
  await writeFile(path.join(stage, stem, p.dir, 'manifest.in'), p.parts.map((l) => `${l}\n`).join(''));
  for (const line of p.parts) {
    const rel = line.slice(line.indexOf(':') + 1);
    await linkTree(path.join(p.root, rel), path.join(stage, stem, p.dir, rel));
  }
  process.stderr.write(`packing ${stem}\n`);
  if (makeGz)
    await pipeline(
      tarCreate({ cwd: stage, portable: true, gzip: { level: 6 } }, [stem]),
      createWriteStream(`${gz}.tmp`),
    );
  if (makeXz) await run('sh', ['-c', `tar -C "${stage}" -cf - "${stem}" | xz -T2 -6 > "${xz}.tmp"`], process.env);
  await rm(stage, { recursive: true, force: true });
  if (makeGz) await rename(`${gz}.tmp`, gz);
  if (makeXz) await rename(`${xz}.tmp`, xz);
}

async function buildMirror(
  name: string,
  date: string,
  host: string,
  rustcVersion: string,
  cargoVersion: string,
): Promise<Record<string, string>> {
  const rl = path.join(from, 'lib/rustlib');
  const pkgs: Pkg[] = [];
  for (const [pkg, dir] of [
    ['rustc', 'rustc'],
    ['cargo', 'cargo'],
    ['rust-std', `rust-std-${host}`],
  ] as const) {
    const parts = (await readFile(path.join(rl, `manifest-${pkg}-${host}`), 'utf8')).split('\n').filter(Boolean);
    pkgs.push({ pkg, target: host, dir, parts, root: from });
  }
  // rust-src: upstream ships library/ (and a few files) under lib/rustlib/src/rust.
  const srcRoot = path.join(work, 'rust-src-root');
  if (!existsSync(srcRoot)) {
    await linkTree(
      path.join(path.resolve(args.src as string), 'library'),
      path.join(srcRoot, 'lib/rustlib/src/rust/library'),
    );
  }
  pkgs.push({ pkg: 'rust-src', target: '*', dir: 'rust-src', parts: ['dir:lib/rustlib/src/rust'], root: srcRoot });

  const files = path.join(work, 'files', 'dist', date);
  await mkdir(files, { recursive: true });
  for (const p of pkgs) await repack(p, files);

  const mirrors: Record<string, string> = gzOnly
    ? { gzOnly: path.join(work, 'mirror-gz') }
    : { full: path.join(work, 'mirror-full'), gzOnly: path.join(work, 'mirror-gz') };
  for (const [kind, root] of Object.entries(mirrors)) {
    const dist = path.join(root, 'dist', date);
    await mkdir(dist, { recursive: true });
    const pkg: Record<string, unknown> = {};
    for (const p of pkgs) {
      const stem = fileStem(p);
      for (const ext of kind === 'full' ? ['gz', 'xz'] : ['gz']) {
        const f = path.join(dist, `${stem}.tar.${ext}`);
        const made = path.join(files, `${stem}.tar.${ext}`);
        // A mirror serves exactly the archive its manifest hashes: relink one left from another build.
        if (existsSync(f) && lstatSync(f).ino !== lstatSync(made).ino) await rm(f);
        if (!existsSync(f)) await link(made, f);
      }
      const t: Record<string, unknown> = {
        available: true,
        url: `${UPSTREAM}/dist/${date}/${stem}.tar.gz`,
        hash: await sha256File(path.join(files, `${stem}.tar.gz`)),
      };
      if (kind === 'full')
        Object.assign(t, {
          xz_url: `${UPSTREAM}/dist/${date}/${stem}.tar.xz`,
          xz_hash: await sha256File(path.join(files, `${stem}.tar.xz`)),
        });
      Object.assign(t, { components: [], extensions: [] });
      pkg[p.pkg] = { version: p.pkg === 'cargo' ? cargoVersion : rustcVersion, target: { [p.target]: t } };
    }
    const ref = (p: string, t: string) => ({ pkg: p, target: t });
    pkg.rust = {
      version: rustcVersion,
      target: {
        [host]: {
          available: false,
          components: [ref('rustc', host), ref('rust-std', host), ref('cargo', host)],
          extensions: [ref('rust-src', '*')],
        },
      },
    };
    const manifest =
      stringify({
        'manifest-version': '2',
        date,
        pkg,
        profiles: { minimal: ['rustc', 'cargo', 'rust-std'], default: ['rustc', 'cargo', 'rust-std'] },
      }) + '\n';
    await writeFile(path.join(dist, `channel-rust-nightly.toml`), manifest);
    await writeFile(
      path.join(dist, `channel-rust-nightly.toml.sha256`),
      `${createHash('sha256').update(manifest).digest('hex')}  channel-rust-nightly.toml\n`,
    );
  }
  void name;
  return mirrors;
}

async function serve(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const p = path.join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (!p.startsWith(root) || !existsSync(p) || (await stat(p)).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    const size = (await stat(p)).size;
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    res.writeHead(m ? 206 : 200, {
      'content-length': String(size - start),
      ...(m ? { 'content-range': `bytes ${start}-${size - 1}/${size}` } : {}),
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(p, { start, highWaterMark: 1 << 20 }).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

async function freshHome(): Promise<string> {
  const home = await mkdtemp(path.join(work, 'home-'));
  await writeFile(path.join(home, 'settings.toml'), 'version = "12"\nprofile = "minimal"\n');
  return home;
}

/** Distinct inodes under `dir`: directories, files (hardlinks counted once) and symlinks. */
function countInodes(dir: string): string {
  const seen = new Set<number>();
  let dirs = 0;
  let files = 0;
  let links = 0;
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const st = lstatSync(p);
      if (seen.has(st.ino)) continue;
      seen.add(st.ino);
      if (st.isDirectory()) {
        dirs++;
        walk(p);
      } else if (st.isSymbolicLink()) links++;
      else files++;
    }
  };
  walk(dir);
  return `${seen.size} (${dirs} directories, ${files} files, ${links} symlinks)`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

async function main(): Promise<void> {
  await mkdir(work, { recursive: true });
  const host = 'x86_64-unknown-linux-gnu';
  const manifest = await readFile(path.join(from, 'lib/rustlib/multirust-channel-manifest.toml'), 'utf8');
  const date = /^date = "(\d{4}-\d{2}-\d{2})"/m.exec(manifest)?.[1] as string;
  const name = `nightly-${date}`;
  const rustcVersion = (await run(path.join(from, 'bin/rustc'), ['--version'], process.env)).out
    .trim()
    .replace(/^rustc /, '');
  const cargoVersion = (await run(path.join(from, 'bin/cargo'), ['--version'], process.env)).out
    .trim()
    .replace(/^cargo /, '');
  const mirrors = await buildMirror(name, date, host, rustcVersion, cargoVersion);
  const sizes: string[] = [];
  for (const f of (await readdir(path.join(work, 'files/dist', date))).sort())
    sizes.push(`${f} ${((await stat(path.join(work, 'files/dist', date, f))).size / 1048576).toFixed(1)} MiB`);
  console.log(`mirror files:\n  ${sizes.join('\n  ')}`);

  const results: Record<string, number[]> = {};
  const inodes: string[] = [];
  const add = (k: string, ms: number) => (results[k] ??= []).push(ms);
  const baseEnv = { ...process.env, RUSTUP_UPDATE_ROOT: 'http://127.0.0.1:9/rustup', RUSTUP_TOOLCHAIN: undefined };
  delete baseEnv.RUSTUP_TOOLCHAIN;

  for (const [kind, root] of Object.entries(mirrors)) {
    const server = await serve(root);
    const lockfile = path.join(work, `toolchains-${kind}.lock`);
    await lockToolchain({
      name,
      lockfile,
      distServer: server.url,
      hosts: [host],
      required: ['rustc', 'cargo', 'rust-std', 'rust-src'],
      optional: [],
    });
    for (let i = 0; i < runs; i++) {
      const order = i % 2 === 0 ? ['rustup', 'ostoo'] : ['ostoo', 'rustup'];
      for (const tool of order) {
        const home = await freshHome();
        const env = { ...baseEnv, RUSTUP_HOME: home, RUSTUP_DIST_SERVER: server.url };
        if (tool === 'rustup') {
          const r = await run(
            args.rustup as string,
            ['toolchain', 'install', name, '--profile', 'minimal', '-c', 'rust-src', '--no-self-update'],
            env,
          );
          add(`rustup cold (${kind})`, r.ms);
          if (i === 0) inodes.push(`rustup cold (${kind}): ${countInodes(home)}`);
        } else {
          const cache = path.join(home, 'cache');
          const cmd = [
            ostooBin,
            'toolchain',
            'install',
            name,
            '--lockfile',
            lockfile,
            '--dist-server',
            server.url,
            '--cache',
            cache,
            '--quiet',
          ];
          add(`ostoo cold (${kind})`, (await run(process.execPath, cmd, env)).ms);
          if (i === 0) inodes.push(`ostoo cold (${kind}), home and cache: ${countInodes(home)}`);
          if (kind === (gzOnly ? 'gzOnly' : 'full')) {
            add('ostoo no-op (already installed)', (await run(process.execPath, cmd, env)).ms);
            await remove(path.join(home, 'toolchains'));
            add('ostoo warm (cache full, toolchain deleted)', (await run(process.execPath, cmd, env)).ms);
          }
        }
        await remove(home);
      }
    }
    await server.close();
  }
  await rm(aside, { recursive: true, force: true });
  console.log(
    `\n${runs} runs each, ${os.cpus().length} CPUs, Node ${process.version}${deferDeletes ? ', deletions deferred' : ''}\n`,
  );
  console.log('| scenario | median s | runs (s) |\n|---|---|---|');
  for (const [k, v] of Object.entries(results))
    console.log(`| ${k} | ${(median(v) / 1000).toFixed(2)} | ${v.map((x) => (x / 1000).toFixed(2)).join(', ')} |`);
  console.log(`\ninodes after the first cold install (what each tool created):\n  ${inodes.join('\n  ')}`);
  const r = (k: string) => median(results[k] ?? [NaN]);
  console.log(
    `\nostoo cold / rustup default (xz): ${(r('ostoo cold (full)') / r('rustup cold (full)')).toFixed(2)} (goal <= 0.35)`,
  );
  console.log(
    `ostoo cold / rustup gz-only: ${(r('ostoo cold (gzOnly)') / r('rustup cold (gzOnly)')).toFixed(2)} (goal <= 0.9)`,
  );
  console.log(
    `ostoo warm / rustup default: ${(r('ostoo warm (cache full, toolchain deleted)') / r('rustup cold (full)')).toFixed(3)} (goal <= 0.04)`,
  );
  if (gzOnly)
    console.log(
      `ostoo warm / rustup gz-only: ${(r('ostoo warm (cache full, toolchain deleted)') / r('rustup cold (gzOnly)')).toFixed(3)}`,
    );
  console.log(`ostoo no-op: ${(r('ostoo no-op (already installed)') / 1000).toFixed(2)} s (goal < 0.3)`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
