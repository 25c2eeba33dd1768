// `ostoo doctor`: what a seed-shaped user-rs tree that we did not generate lacks to build on
// this machine, and the fix for each point. The fixes it may apply only add: files that are
// absent (musl sysroot, libunwind.a stub, an empty deploy dir) and keys that are absent (cargo
// config). Nothing the user wrote is rewritten.
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { encodeText, forParsing } from '../util/byte-text.js';
import { readUserText } from '../util/user-text.js';
import { projectFiles } from '../project/user-files.js';
import { OutsideRootError } from '../util/rooted.js';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { resolveMuslSource, type MuslChoice } from '../sysroot/musl.js';
import { unwindStubArchive } from '../sysroot/unwind-stub.js';
import type { Toolchain } from '../toolchain/resolve.js';
import { which } from '../util/which.js';
import type { WorkspaceInfo } from './detect.js';
import { lexShell, unquote } from './shell-words.js';
import { addTomlKey, tomlGet } from './toml-add-key.js';

type Toml = Record<string, unknown>;

interface ConfigAdd {
  table: string[];
  key: string;
  valueText: string;
  value: unknown;
}

export interface Finding {
  /** What was checked, e.g. "musl sysroot". */
  what: string;
  ok: boolean;
  /** What is there, or exactly what is missing. */
  detail: string;
  /** How to fix it (by hand, or what --fix does). */
  fix?: string;
  /** Applies the fix; returns one line per change. Absent when only a person can fix it. */
  apply?: () => string[];
}

export interface DoctorOptions {
  toolchain: Toolchain;
  musl?: MuslChoice;
  env?: NodeJS.ProcessEnv;
}

const crtFiles = ['crt1.o', 'crti.o', 'crtn.o', 'rcrt1.o', 'Scrt1.o'];

/**
 * Why --fix may not write `files` (one is outside the project, or behind a link leading out of
 * it: util/rooted.ts), or undefined when it may. Such a fix is left to the owner, with this.
 */
function notInProject(ws: WorkspaceInfo, files: string[]): string | undefined {
  const project = projectFiles(ws.root);
  for (const f of files) {
    try {
      project.check(f);
    } catch (err) {
      if (err instanceof OutsideRootError) return `${err.what}; --fix writes only inside the project`;
      throw err;
    }
  }
  return undefined;
}
const byHand = (why: string | undefined) => (why ? ` (by hand: ${why})` : '');

function cargoConfigPath(ws: WorkspaceInfo): string {
  const dir = path.join(ws.dir, '.cargo');
  const legacy = path.join(dir, 'config');
  return existsSync(path.join(dir, 'config.toml')) || !existsSync(legacy) ? path.join(dir, 'config.toml') : legacy;
}

/** The `-L native=DIR` of the target's (or build's) rustflags, resolved from the workspace dir. */
function nativeLibDir(ws: WorkspaceInfo, config: Toml): string | undefined {
  const flags = [tomlGet(config, ['target', ws.target, 'rustflags']), tomlGet(config, ['build', 'rustflags'])].flatMap(
    (f) => (Array.isArray(f) ? f.map(String) : []),
  );
  for (let i = 0; i < flags.length; i++) {
    const f = flags[i]!;
    const joined = f === '-L' ? flags[i + 1] : /^-L/.test(f) ? f.slice(2) : undefined;
    const dir = joined?.replace(/^native=/, '');
    if (dir) return path.resolve(ws.dir, dir);
  }
  return undefined;
}

/** The deploy directory a seed-style script copies into (`DEPLOY_DIR="$PROJECT_DIR/user"`). */
function scriptDeployDir(ws: WorkspaceInfo): { dir: string; created: boolean } | undefined {
  if (!ws.buildScript) return undefined;
  const text = readUserText(ws.buildScript) ?? '';
  let commands;
  try {
    commands = lexShell(text);
  } catch {
    return undefined;
  }
  for (const cmd of commands) {
    for (const w of cmd.words) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(w.raw);
      if (!m || !/deploy/i.test(m[1]!)) continue;
      // `$PROJECT_DIR/user` or `${ROOT}/user/bin`: a path under the kernel root.
      const rel = /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?\/([A-Za-z0-9._/-]+)$/.exec(unquote(m[2]!))?.[1];
      if (!rel || rel.split('/').includes('..')) return undefined;
      const created = commands.some(
        (c) =>
          unquote(c.words[0]?.raw ?? '') === 'mkdir' &&
          c.words.some((x) => unquote(x.raw).includes(`$${m[1]}`) || unquote(x.raw).includes(`\${${m[1]}}`)),
      );
      return { dir: path.join(ws.root, rel), created };
    }
  }
  return undefined;
}

/** Of the commands whose absence would quietly change what the build script does, those it runs. */
function scriptTools(ws: WorkspaceInfo): string[] {
  if (!ws.buildScript) return [];
  try {
    const first = new Set(lexShell(readUserText(ws.buildScript) ?? '').map((c) => unquote(c.words[0]?.raw ?? '')));
    return ['file'].filter((t) => first.has(t));
  } catch {
    return [];
  }
}

/** Whether the build script sets RUSTC_BOOTSTRAP=1 for cargo (`export RUSTC_BOOTSTRAP=1`, or as a command's prefix). */
function scriptSetsBootstrap(ws: WorkspaceInfo): boolean {
  if (!ws.buildScript) return false;
  try {
    return lexShell(readUserText(ws.buildScript) ?? '').some((c) => {
      const words = c.words.map((w) => unquote(w.raw));
      const at = words.indexOf('RUSTC_BOOTSTRAP=1');
      if (at < 0) return false;
      // `export A=… RUSTC_BOOTSTRAP=1`, or assignments ahead of a command (`RUSTC_BOOTSTRAP=1 cargo …`).
      return words[0] === 'export' || words.slice(0, at).every((w) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
    });
  } catch {
    return false;
  }
}

/**
 * The config with the files its `include` names (cargo's order: included files first, the
 * including file over them). Keys present in either count as set; --fix writes only to the
 * including file.
 */
function withIncludes(config: Toml, dir: string): Toml {
  const inc = config.include;
  const paths = (Array.isArray(inc) ? inc : inc === undefined ? [] : [inc])
    .map((e) => (typeof e === 'string' ? e : typeof (e as Toml)?.path === 'string' ? ((e as Toml).path as string) : ''))
    .filter(Boolean);
  let merged: Toml = {};
  for (const p of paths) {
    const file = path.resolve(dir, p);
    const text = readUserText(file);
    if (text !== undefined) merged = mergeToml(merged, parseToml(forParsing(text)) as Toml);
  }
  return mergeToml(merged, config);
}

function mergeToml(base: Toml, over: Toml): Toml {
  const out: Toml = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    const isTable = (x: unknown) => x !== null && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Date);
    out[k] = isTable(v) && isTable(b) ? mergeToml(b as Toml, v as Toml) : v;
  }
  return out;
}

function rel(ws: WorkspaceInfo, file: string): string {
  return path.relative(ws.root, file) || '.';
}

export function diagnose(ws: WorkspaceInfo, opts: DoctorOptions): Finding[] {
  const tc = opts.toolchain;
  const env = opts.env ?? process.env;
  const findings: Finding[] = [];
  const configFile = cargoConfigPath(ws);
  const configText = readUserText(configFile) ?? '';
  let config: Toml;
  try {
    config = withIncludes(parseToml(forParsing(configText)) as Toml, path.dirname(configFile));
  } catch (err) {
    return [
      {
        what: 'cargo config',
        ok: false,
        detail: `${rel(ws, configFile)}: ${(err as Error).message.split('\n')[0]}`,
        fix: 'fix the TOML syntax, then run ostoo doctor again',
      },
    ];
  }

  findings.push(
    tc.rustSrc
      ? { what: 'toolchain', ok: true, detail: `${tc.versionLine} (${tc.id}) with rust-src` }
      : {
          what: 'toolchain',
          ok: false,
          detail: `${tc.versionLine} (${tc.id}) has no rust-src, which -Z build-std needs`,
          fix:
            tc.kind === 'rustup'
              ? `rustup component add rust-src --toolchain ${tc.id}`
              : 'install rust-src (Debian: apt-get install rust-web-src)',
        },
  );
  if (tc.needsBootstrap && env.RUSTC_BOOTSTRAP !== '1' && scriptSetsBootstrap(ws)) {
    // Judged as the build script runs cargo; plain cargo (and rust-analyzer) need it too.
    findings.push({
      what: 'nightly features',
      ok: true,
      detail: `${tc.versionLine} is not a nightly; ${rel(ws, ws.buildScript!)} sets RUSTC_BOOTSTRAP=1 (export it to run cargo yourself)`,
    });
  } else if (tc.needsBootstrap && env.RUSTC_BOOTSTRAP !== '1') {
    findings.push({
      what: 'nightly features',
      ok: false,
      detail: `${tc.versionLine} is not a nightly; cargo refuses [unstable] and -Z without RUSTC_BOOTSTRAP=1`,
      fix: `export RUSTC_BOOTSTRAP=1 before running cargo or ${ws.buildScript ? rel(ws, ws.buildScript) : 'the build script'}`,
    });
  }

  // Cargo config keys are planned here and written in order by the findings' fixes, so that a
  // key --fix cannot add as a new line is reported before anything is written.
  const planned: { finding: Finding; adds: ConfigAdd[] }[] = [];
  const configFinding = (finding: Finding, adds: ConfigAdd[]) => {
    findings.push(finding);
    planned.push({ finding, adds });
  };
  const key = (what: string, table: string[], name: string, valueText: string, value: unknown, why: string) => {
    const have = tomlGet(config, [...table, name]);
    if (have !== undefined) {
      findings.push({
        what,
        ok: true,
        detail: `${rel(ws, configFile)}: ${[...table, name].join('.')} = ${JSON.stringify(have)}`,
      });
      return;
    }
    const fix = `add \`${name} = ${valueText}\` to [${table.join('.')}] in ${rel(ws, configFile)}`;
    configFinding(
      { what, ok: false, detail: `${rel(ws, configFile)} has no ${[...table, name].join('.')}: ${why}`, fix },
      [{ table, key: name, valueText, value }],
    );
  };

  const buildTarget = tomlGet(config, ['build', 'target']);
  if (tomlGet(config, ['unstable', 'build-std']) === undefined) {
    key(
      'build-std',
      ['unstable'],
      'build-std',
      '["std", "panic_abort"]',
      ['std', 'panic_abort'],
      'the target has no prebuilt std, so cargo must build it',
    );
  }
  if (typeof buildTarget === 'string' && buildTarget.endsWith('.json')) {
    key(
      'json-target-spec',
      ['unstable'],
      'json-target-spec',
      'true',
      true,
      `cargo needs -Zjson-target-spec to accept the target ${buildTarget}`,
    );
  }

  // build-std fetches std's own dependencies from crates.io unless a source replaces it.
  const replaced = tomlGet(config, ['source', 'crates-io', 'replace-with']);
  if (replaced !== undefined) {
    findings.push({
      what: 'offline std dependencies',
      ok: true,
      detail: `crates.io is replaced by source ${JSON.stringify(replaced)}`,
    });
  } else if (tc.vendorDir) {
    const lock = path.join(ws.dir, 'Cargo.lock');
    const registry = /^source = "registry\+/m.test(readUserText(lock) ?? '');
    const vendorName = 'rust-src-vendor';
    configFinding(
      {
        what: 'offline std dependencies',
        ok: false,
        detail: `build-std needs std's dependencies from crates.io, and ${rel(ws, configFile)} has no source replacing it`,
        fix:
          `use the toolchain's vendored copy: [source.crates-io] replace-with = "${vendorName}" and [source.${vendorName}] directory = "${tc.vendorDir}"` +
          (registry ? ' (your own crates.io dependencies in Cargo.lock must then be vendored too: cargo vendor)' : ''),
      },
      [
        {
          table: ['source', vendorName],
          key: 'directory',
          valueText: JSON.stringify(tc.vendorDir),
          value: tc.vendorDir,
        },
        {
          table: ['source', 'crates-io'],
          key: 'replace-with',
          valueText: JSON.stringify(vendorName),
          value: vendorName,
        },
      ],
    );
  } else {
    findings.push({
      what: 'offline std dependencies',
      ok: false,
      detail: `no source replaces crates.io and ${tc.id}'s rust-src vendors nothing`,
      fix: 'build with network access to crates.io, or use a toolchain whose rust-src has library/vendor (Debian: rust-web-src)',
    });
  }

  // The linker the target spec names must run here.
  const specFile = path.join(ws.dir, `${ws.target}.json`);
  let spec: Toml = {};
  try {
    spec = JSON.parse(forParsing(readUserText(specFile) ?? '')) as Toml;
  } catch {
    /* detect.ts already required it to parse */
  }
  const configured = tomlGet(config, ['target', ws.target, 'linker']);
  const specLinker = typeof spec.linker === 'string' ? spec.linker : 'cc';
  const flavor = typeof spec['linker-flavor'] === 'string' ? spec['linker-flavor'] : '';
  if (configured !== undefined) {
    findings.push({
      what: 'linker',
      ok: true,
      detail: `${rel(ws, configFile)}: target.${ws.target}.linker = ${JSON.stringify(configured)}`,
    });
  } else if ((specLinker === 'rust-lld' && tc.rustLld) || (specLinker !== 'rust-lld' && which(specLinker, env.PATH))) {
    findings.push({ what: 'linker', ok: true, detail: `${specLinker} (from ${rel(ws, specFile)})` });
  } else if (specLinker === 'rust-lld' && /lld/.test(flavor) && !/cc/.test(flavor)) {
    // gnu-lld passes plain ld arguments, which GNU ld accepts as well.
    const ld = which('ld.lld', env.PATH) ? 'ld.lld' : which('ld', env.PATH) ? 'ld' : undefined;
    const finding: Finding = {
      what: 'linker',
      ok: false,
      detail: `${rel(ws, specFile)} links with rust-lld, which ${tc.id} does not ship in a runnable form`,
      fix: ld
        ? `link with ${ld} instead: add \`linker = "${ld}"\` to [target.${ws.target}] in ${rel(ws, configFile)}`
        : 'install binutils (GNU ld) or lld',
    };
    if (ld)
      configFinding(finding, [
        { table: ['target', ws.target], key: 'linker', valueText: JSON.stringify(ld), value: ld },
      ]);
    else findings.push(finding);
  } else {
    findings.push({
      what: 'linker',
      ok: false,
      detail: `${specLinker} (from ${rel(ws, specFile)}) is not on PATH`,
      fix: `install ${specLinker}, or set target.${ws.target}.linker in ${rel(ws, configFile)}`,
    });
  }

  // The musl sysroot: libc.a and the CRT objects where rustflags' -L points.
  const libDir = nativeLibDir(ws, config) ?? path.join(ws.root, 'sysroot', ws.target, 'lib');
  const missingLibs = ['libc.a', 'crt1.o', 'crti.o', 'crtn.o'].filter((f) => !existsSync(path.join(libDir, f)));
  if (!missingLibs.length) {
    findings.push({
      what: 'musl sysroot',
      ok: true,
      detail: `${rel(ws, libDir)} has libc.a and crt1.o, crti.o, crtn.o`,
    });
  } else {
    const extract = path.join(ws.root, 'scripts', 'extract-musl-sysroot.sh');
    const script = readUserText(extract) ?? '';
    const docker = /\bdocker\b/.test(script);
    const crosstool = /\bcrosstool\//.test(script) && !existsSync(path.join(ws.root, 'crosstool'));
    const why = docker
      ? ` (${rel(ws, extract)} copies it out of a Docker image${which('docker', env.PATH) ? '' : ', and docker is not on PATH'}${crosstool ? '; it builds that image with crosstool/, which is absent' : ''})`
      : '';
    let source: ReturnType<typeof resolveMuslSource> | undefined;
    let sourceError = '';
    try {
      source = resolveMuslSource(opts.musl ?? { kind: 'auto' }, tc);
      if (source.kind === 'docker') source = undefined;
    } catch (err) {
      sourceError = (err as Error).message;
    }
    const include = path.join(path.dirname(libDir), 'include');
    const outside = source
      ? notInProject(ws, [
          ...['libc.a', ...crtFiles].map((f) => path.join(libDir, f)),
          ...(source.include ? [include] : []),
        ])
      : undefined;
    findings.push({
      what: 'musl sysroot',
      ok: false,
      detail: `${rel(ws, libDir)} lacks ${missingLibs.join(', ')}${why}`,
      fix: source
        ? `copy them from the local musl (${source.kind}: ${source.lib})${source.include ? ' with its headers' : ''}${byHand(outside)}`
        : sourceError || 'copy musl libc.a and crt*.o there',
      apply:
        source && !outside
          ? () => {
              const changes: string[] = [];
              mkdirSync(libDir, { recursive: true });
              for (const f of ['libc.a', ...crtFiles]) {
                const from = path.join(source.lib, f);
                const to = path.join(libDir, f);
                if (!existsSync(from) || existsSync(to)) continue;
                copyFileSync(from, to);
                changes.push(`added ${rel(ws, to)} (from ${from})`);
              }
              if (source.include && !existsSync(include)) {
                cpSync(source.include, include, { recursive: true });
                changes.push(
                  `added ${rel(ws, include)}/ (${readdirSync(include).length} entries, from ${source.include})`,
                );
              }
              return changes;
            }
          : undefined,
    });
  }

  // std links -lunwind on musl targets; panic=abort never calls it, so a stub does.
  const unwind = path.join(libDir, 'libunwind.a');
  if (existsSync(unwind)) {
    findings.push({ what: 'libunwind.a', ok: true, detail: `${rel(ws, unwind)} exists` });
  } else {
    const outside = notInProject(ws, [unwind]);
    findings.push({
      what: 'libunwind.a',
      ok: false,
      detail: `${rel(ws, unwind)} is missing; std on a musl target links -lunwind`,
      fix: `write the stub libunwind.a (its _Unwind_* functions report end of stack) to ${rel(ws, unwind)}${byHand(outside)}`,
      apply: outside
        ? undefined
        : () => {
            mkdirSync(libDir, { recursive: true });
            writeFileSync(unwind, unwindStubArchive());
            return [`added ${rel(ws, unwind)} (stub: _Unwind_* report end of stack)`];
          },
    });
  }

  // Tools the build script runs that are not on PATH (the seed deploys only what `file` calls ELF).
  for (const tool of scriptTools(ws).filter((t) => !which(t, env.PATH))) {
    findings.push({
      what: `${tool} command`,
      ok: false,
      detail: `${rel(ws, ws.buildScript!)} runs ${tool}, which is not on PATH`,
      fix: `install ${tool} (Debian: apt-get install ${tool})`,
    });
  }

  const deploy = scriptDeployDir(ws);
  if (deploy && !deploy.created) {
    findings.push(
      existsSync(deploy.dir)
        ? { what: 'deploy dir', ok: true, detail: `${rel(ws, deploy.dir)}/ exists` }
        : {
            what: 'deploy dir',
            ok: false,
            detail: `${rel(ws, deploy.dir)}/ does not exist, and ${rel(ws, ws.buildScript!)} copies into it without creating it`,
            fix: `mkdir -p ${rel(ws, deploy.dir)}${byHand(notInProject(ws, [deploy.dir]))}`,
            apply: notInProject(ws, [deploy.dir])
              ? undefined
              : () => {
                  mkdirSync(deploy.dir, { recursive: true });
                  return [`added ${rel(ws, deploy.dir)}/ (empty)`];
                },
          },
    );
  }
  let text = configText;
  const configOutside = notInProject(ws, [configFile]);
  for (const { finding, adds } of planned) {
    if (configOutside) {
      finding.fix += byHand(configOutside);
      continue;
    }
    let next: string | undefined = text;
    for (const a of adds)
      next = next === undefined ? undefined : addTomlKey(next, a.table, a.key, a.valueText, a.value);
    if (next === undefined) {
      finding.fix += ` (by hand: --fix cannot add it to ${rel(ws, configFile)} as a new line)`;
      continue;
    }
    const content = (text = next);
    finding.apply = () => {
      // An edit of the user's own file: inside the project only, every other byte kept.
      const target = projectFiles(ws.root).check(configFile);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, encodeText(content));
      return adds.map((a) => `${rel(ws, configFile)}: added ${a.key} = ${a.valueText} to [${a.table.join('.')}]`);
    };
  }
  return findings;
}

export function formatFinding(f: Finding): string[] {
  const lines = [`${f.ok ? 'ok     ' : 'MISSING'} ${f.what}: ${f.detail}`];
  if (!f.ok && f.fix) lines.push(`        fix${f.apply ? ' (--fix does this)' : ''}: ${f.fix}`);
  return lines;
}
