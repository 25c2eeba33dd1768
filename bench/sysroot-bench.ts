// The prebuilt std against -Z build-std, side by side in one run (medians of --runs):
//   1. a fresh user-rs workspace's first build (scripts/user-rs-build.sh): OSTOO_BUILD_STD=1
//      (std built from source) against a prebuilt std already in the cache (goal ≤ 0.1×);
//   2. a second workspace with the same key (goal ≤ 5 s on an idle 2-core machine);
//   3. with --sel4: a CMake CAmkES app's Rust part (the library and the component, `ninja
//      hello_cargo client_rust_cargo` after configuring), cold and after a one-line edit, with
//      -DOSTOO_RUST_PREBUILT_STD=OFF (before) and with the prebuilt std (after).
// Load averages are printed with every figure: other work on the machine slows both sides.
// Usage: npm run bench:sysroot [-- --runs 3 --sel4 --toolchain-path /usr --cache DIR]
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repo, 'bin', 'ostoo.js');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    sel4: { type: 'boolean', default: false },
    'toolchain-path': { type: 'string', default: '/usr' },
    cache: { type: 'string' },
    'sel4-dir': { type: 'string', default: path.resolve(repo, '../shared/sel4') },
  },
});
const runs = Number(values.runs);
const cache = path.resolve(values.cache ?? mkdtempSync(path.join(os.tmpdir(), 'ostoo-bench-cache-')));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ostoo-bench-'));
const binDir = path.join(tmp, 'bin');
mkdirSync(binDir);
symlinkSync(bin, path.join(binDir, 'ostoo'));
const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${binDir}:${process.env.PATH}`, OSTOO_CACHE_DIR: cache };
delete env.OSTOO_BUILD_STD;

const load = (): string => os.loadavg()[0]!.toFixed(1);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (s: number): string => `${s.toFixed(1)} s`;

async function timed(fn: () => Promise<unknown>): Promise<{ s: number; load: string }> {
  const l0 = load();
  const t = process.hrtime.bigint();
  await fn();
  return { s: Number(process.hrtime.bigint() - t) / 1e9, load: `${l0}→${load()}` };
}

let n = 0;
async function workspace(): Promise<string> {
  const dir = path.join(tmp, `ws${n++}`);
  await execa(process.execPath, [bin, 'new', dir, '--yes', '--toolchain-path', values['toolchain-path']!], { env });
  return dir;
}
const build = (dir: string, extra: Record<string, string> = {}) =>
  execa('bash', [path.join(dir, 'scripts/user-rs-build.sh')], { env: { ...env, ...extra }, all: true });

console.log(`# ostoo sysroot bench: ${os.cpus().length} CPUs, cache ${cache}, ${runs} run(s) each`);
// The prebuilt std for the workspaces' key, present before anything is timed.
const first = await timed(async () => build(await workspace()));
console.log(`# prebuilt std made (or found) in ${fmt(first.s)} (load ${first.load})`);

const rows: string[] = [];
const buildStd: number[] = [];
const prebuilt: number[] = [];
const second: number[] = [];
const loads: string[] = [];
for (let i = 0; i < runs; i++) {
  // Fresh workspaces each run, built alternately.
  const a = await workspace();
  const r1 = await timed(() => build(a, { OSTOO_BUILD_STD: '1' }));
  buildStd.push(r1.s);
  const b = await workspace();
  const r2 = await timed(() => build(b));
  prebuilt.push(r2.s);
  const c = await workspace();
  const r3 = await timed(() => build(c));
  second.push(r3.s);
  loads.push(`run ${i + 1}: ${fmt(r1.s)} (load ${r1.load}), ${fmt(r2.s)} (${r2.load}), ${fmt(r3.s)} (${r3.load})`);
}
const ratio = median(prebuilt) / median(buildStd);
rows.push(
  `| user-rs, fresh workspace, first build | ${fmt(median(buildStd))} | ${fmt(median(prebuilt))} | ${ratio.toFixed(3)}× | ≤ 0.1× |`,
  `| user-rs, another workspace, same key | | ${fmt(median(second))} | | ≤ 5 s idle |`,
);

if (values.sel4) rows.push(...(await sel4Rows()));

console.log('\n| | build-std (before) | prebuilt std (after) | ratio | goal |\n|---|---:|---:|---:|---|');
for (const r of rows) console.log(r);
console.log('\nruns (build-std, prebuilt, second workspace; load average at start→end):');
for (const l of loads) console.log(`  ${l}`);

/** The seL4 CMake app's Rust targets, cold and after a one-line edit, without and with the prebuilt std. */
async function sel4Rows(): Promise<string[]> {
  const sel4 = values['sel4-dir']!;
  if (!existsSync(path.join(sel4, 'new-workspace.sh'))) throw new Error(`--sel4: no seL4 kit at ${sel4}`);
  const ws = path.join(tmp, 'sel4');
  await execa(path.join(sel4, 'new-workspace.sh'), [ws]);
  const apps = path.join(ws, 'projects/camkes/apps');
  await execa(
    process.execPath,
    [
      bin,
      'new',
      path.join(apps, 'rustdemo'),
      '--flavor',
      'camkes-cmake',
      '--yes',
      '--toolchain-path',
      values['toolchain-path']!,
    ],
    { cwd: apps, env },
  );
  const lib = path.join(apps, 'rustdemo/libs/hello/src/lib.rs');
  const inTree = (script: string, ...args: string[]) =>
    execa('bash', ['-c', `source "${sel4}/env.sh" && ${script}`, ...args], { env, stdin: 'ignore', all: true });
  const out: string[] = [];
  const results: Record<string, { cold: number; edit: number; load: string }> = {};
  // warm: the first build with the prebuilt std makes it for these specs (once per machine).
  for (const [label, prebuiltStd] of [
    ['before', 'OFF'],
    ['warm', 'ON'],
    ['after', 'ON'],
  ] as const) {
    const build = path.join(ws, `build-${label}`);
    await inTree(
      'mkdir -p "$0" && cd "$0" && ../init-build.sh -DPLATFORM=x86_64 -DCAMKES_APP=rustdemo -DSIMULATION=TRUE -DOSTOO_RUST_PREBUILT_STD="$1" >configure.log 2>&1',
      build,
      prebuiltStd,
    );
    const ninja = () => inTree('ninja -C "$0" hello_cargo client_rust_cargo', build);
    const cold = await timed(ninja);
    writeFileSync(lib, `${readFileSync(lib, 'utf8')}\n// edited by the benchmark\n`);
    const edit = await timed(ninja);
    results[label] = { cold: cold.s, edit: edit.s, load: `${cold.load}, ${edit.load}` };
  }
  const b = results.before!;
  const a = results.after!;
  const w = results.warm!;
  out.push(
    `| seL4 CMake app, Rust part, first build with ostoo (std prebuilt then) | ${fmt(b.cold)} | ${fmt(w.cold)} | ${(w.cold / b.cold).toFixed(2)}× | |`,
  );
  out.push(
    `| seL4 CMake app, Rust part cold | ${fmt(b.cold)} | ${fmt(a.cold)} | ${(a.cold / b.cold).toFixed(2)}× | |`,
    `| seL4 CMake app, Rust part after a one-line edit | ${fmt(b.edit)} | ${fmt(a.edit)} | ${(a.edit / b.edit).toFixed(2)}× | |`,
  );
  loads.push(`seL4 before: load ${b.load}; after: load ${a.load}`);
  return out;
}
