// One seL4/CAmkES CMake workspace (../shared/sel4) for a whole test file, and one configured
// x86_64 simulation build directory in it that every booted case reuses: the first build
// configures it and compiles the kernel, libsel4, musllibc, the seL4 libraries and the capDL
// loader once; each later case points the same CMake cache at its own app (-DCAMKES_APP) and
// ninja rebuilds only what that app changes. Each build removes images/ first, so what QEMU
// boots is always the image this case's own build made.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { repoRoot, tempDir } from './paths.js';
import { sharedStdEnv } from './shared-std.js';
import { holdsInterleaved } from './interleaved.js';

// ../shared/sel4 beside a clone (CI); one level up again from a git worktree.
export const sel4Dir =
  process.env.OSTOO_SEL4_DIR ??
  [path.resolve(repoRoot, '../shared/sel4'), path.resolve(repoRoot, '../../shared/sel4')].find((d) => existsSync(d)) ??
  path.resolve(repoRoot, '../shared/sel4');

export interface Sel4Workspace {
  ws: string;
  /** projects/camkes/apps */
  apps: string;
  /** A copy of the upstream apps as new-workspace.sh unpacked them. */
  pristine: string;
}

let shared: Promise<Sel4Workspace> | undefined;

/** The file's workspace: unpacked by the first caller, the same for every later one. */
export function sharedWorkspace(): Promise<Sel4Workspace> {
  shared ??= (async () => {
    const root = tempDir('sel4');
    const ws = path.join(root, 'ws');
    await execa(path.join(sel4Dir, 'new-workspace.sh'), [ws]);
    const apps = path.join(ws, 'projects/camkes/apps');
    const pristine = path.join(root, 'upstream-apps');
    cpSync(apps, pristine, { recursive: true, verbatimSymlinks: true });
    return { ws, apps, pristine };
  })();
  return shared;
}

/** Puts upstream app `name` back as the snapshot has it (a case before may have edited it). */
export function restoreApp(w: Sel4Workspace, name: string): string {
  const dir = path.join(w.apps, name);
  rmSync(dir, { recursive: true, force: true });
  cpSync(path.join(w.pristine, name), dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

/** bash with env.sh's PATH; stdin from /dev/null (CAmkES's CMake code opens /dev/stdin). */
const inEnv = (script: string, args: string[]) =>
  execa('bash', ['-c', `source "${sel4Dir}/env.sh" && ${script}`, ...args], {
    // ostoo on PATH: core/alloc/compiler_builtins come from the suite's shared prebuilt std.
    env: sharedStdEnv(),
    stdin: 'ignore',
    reject: false,
    all: true,
  });

/** ninja in a build directory, with env.sh's PATH. */
export const ninja = (build: string, targets: string[] = []) =>
  inEnv(`exec nice ninja -C "$0" "$@"`, [build, ...targets]);

const tail = (file: string, n = 4000) => (existsSync(file) ? readFileSync(file, 'utf8').slice(-n) : '');

export interface Booted {
  /** The serial console of this boot, without CRs and escape sequences. */
  serial: string;
  /** The build directory (shared by every case of the file). */
  build: string;
  /** How many steps ninja ran for this app. */
  steps: number;
}

/**
 * A line the console must show; or lines that threads print at the same time, which may
 * interleave character by character but must each be whole and in order.
 */
export type Want = string | readonly string[];

const shows = (serial: string, w: Want) => (typeof w === 'string' ? serial.includes(w) : holdsInterleaved(serial, w));

/**
 * Configures the shared x86_64 build directory for `app` (a directory in projects/camkes/apps),
 * builds it with ninja, boots ./simulate and waits until every line of `want` has appeared on
 * the serial console (or `seconds` pass).
 */
export async function buildAndBoot(w: Sel4Workspace, app: string, want: Want[], seconds = 240): Promise<Booted> {
  const started = Date.now();
  const build = path.join(w.ws, 'build-x86_64');
  const configured = existsSync(path.join(build, 'CMakeCache.txt'));
  mkdirSync(build, { recursive: true });
  // The first time init-build.sh; after that the same cache, re-run for another app. Output to a
  // file: CAmkES's CMake code also opens /dev/stdout and /dev/stderr.
  const configure = configured
    ? `cmake -DCAMKES_APP="$1" . >configure.log 2>&1`
    : `../init-build.sh -DPLATFORM=x86_64 -DCAMKES_APP="$1" -DSIMULATION=TRUE >configure.log 2>&1`;
  const conf = await inEnv(`cd "$0" && ${configure}`, [build, app]);
  assert.equal(conf.exitCode, 0, `configure ${app}: ${conf.all}\n${tail(path.join(build, 'configure.log'))}`);
  assert.match(readFileSync(path.join(build, 'CMakeCache.txt'), 'utf8'), new RegExp(`^CAMKES_APP:STRING=${app}$`, 'm'));
  const configuredAt = Date.now();

  // Only this build can make the images QEMU is given.
  const images = path.join(build, 'images');
  rmSync(images, { recursive: true, force: true });
  const built = await inEnv(`cd "$0" && nice ninja -j"\${JOBS:-2}" >build.log 2>&1`, [build]);
  const buildLog = readFileSync(path.join(build, 'build.log'), 'utf8');
  assert.equal(built.exitCode, 0, `ninja ${app}: ${built.all}\n${buildLog.slice(-4000)}`);
  const steps = Number([...buildLog.matchAll(/^\[(\d+)\/\d+\]/gm)].at(-1)?.[1] ?? 0);
  const image = path.join(images, 'capdl-loader-image-x86_64-pc99');
  assert.ok(existsSync(image), `ninja ${app} made ${image}`);
  assert.ok(statSync(image).mtimeMs >= configuredAt - 1000, `${image} is from this build`);
  const builtAt = Date.now();

  const serial = await simulate(build, want, seconds);
  writeFileSync(path.join(build, `serial-${app}.log`), serial);
  const s = (a: number, b: number) => Math.round((b - a) / 1000);
  console.log(
    `# ${app}: configured in ${s(started, configuredAt)} s, built in ${s(configuredAt, builtAt)} s (${steps} ninja steps), booted in ${s(builtAt, Date.now())} s`,
  );
  return { serial, build, steps };
}

/** ./simulate in its own process group, until every line of `want` is on its console; then QEMU is stopped. */
async function simulate(build: string, want: Want[], seconds: number): Promise<string> {
  const child = spawn('bash', ['-c', `source "${sel4Dir}/env.sh" && exec ./simulate`], {
    cwd: build,
    env: sharedStdEnv(),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  // eslint-disable-next-line no-control-regex -- QEMU's console escapes are what is removed
  const clean = () => out.replace(/\r/g, '').replace(/\x1b\[[0-9;?]*[a-zA-Z]/g, '');
  const seen = () => {
    const serial = clean();
    return want.every((w) => shows(serial, w));
  };
  await new Promise<void>((resolve) => {
    let done = false;
    const finish = (after: number) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      // A moment more, for the lines printed right after the last awaited one.
      setTimeout(resolve, after);
    };
    const timer = setTimeout(() => finish(0), seconds * 1000);
    const onData = (d: string) => {
      out += d;
      if (seen()) finish(1000);
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.on('exit', () => finish(0));
  });
  const exited = new Promise((resolve) =>
    (child.exitCode ?? child.signalCode) !== null ? resolve(undefined) : child.on('exit', resolve),
  );
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // Already gone.
    }
  };
  killGroup('SIGTERM');
  // QEMU gone before the next case builds.
  const stopped = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 10_000))]);
  if (!stopped) killGroup('SIGKILL');
  const serial = clean();
  for (const w of want)
    assert.ok(shows(serial, w), `${JSON.stringify(w)} on the console within ${seconds} s:\n${serial.slice(-4000)}`);
  return serial;
}
