// `ostoo doctor` in a Kbuild-era seL4/CAmkES checkout (or a project generated for one): what
// the seL4 document's make interface needs to build here, and the fix for each point.
// --fix only adds: ostoo's Rust support (files, Kconfig `source` lines), a missing include of
// rust.mk, and Kbuild prerequisite lines; and it replaces an earlier tools/rust/xargo (ostoo's own
// script), keeping the old one beside it. Moving a project from ostoo's earlier names to the
// document's rewrites lines, so it is offered, and done only with --rename.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { commitFiles } from '../util/commit-files.js';
import { RECORD_FILE, recordFileText } from '../project/record.js';
import { projectFiles } from '../project/user-files.js';
import { readUserText } from '../util/user-text.js';
import { renderLines, renderTemplate, templatesRoot } from '../render/tree.js';
import type { Spec } from '../target-spec/spec.js';
import type { Toolchain } from '../toolchain/resolve.js';
import { diskView, exists, type FileView } from '../util/file-view.js';
import { which } from '../util/which.js';
import { OstooError } from '../errors.js';
import type { Finding } from '../workspace/doctor.js';
import { addKbuildPrerequisites, readKbuild } from './edit/kbuild.js';
import { joinLines, splitLines } from './edit/lines.js';
import { logicalMakeLines } from './edit/make-syntax.js';
import {
  hasRustSysroot,
  kbuildSupportDirs,
  kbuildSupportKconfig,
  kbuildSupportState,
  planKbuildSupport,
} from './kbuild-support.js';
import { planKbuildSupportAt } from './kbuild-support-add.js';
import { addKconfigSources, detectKbuildTree } from './kbuild-tree.js';
import { readRustModules, type RustModule } from './kbuild-modules.js';

/** A finding `--rename` applies; it never makes doctor fail. */
export interface Offer {
  what: string;
  detail: string;
  apply: () => string[];
}

export interface KbuildDiagnosis {
  root: string;
  findings: Finding[];
  offers: Offer[];
  /** What the applied fixes and offers staged: commit() writes it. */
  writes: KbuildWrites;
}

export interface KbuildDoctorOptions {
  /** The toolchain the support is added with (its record's, when the checkout has one). */
  toolchain: Toolchain;
  specs: () => Promise<Map<string, Spec>>;
  env?: NodeJS.ProcessEnv;
}

/** The Kbuild checkout or project at `dir` or above it: tools/camkes beside a Kconfig, or tools/rust/rust.mk. */
export function findKbuildRoot(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (detectKbuildTree(d) || existsSync(path.join(d, 'tools/rust/rust.mk'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

const rel = (root: string, p: string) => path.relative(root, p) || '.';

/**
 * What --fix writes, held until every fix has been planned and then written in one step
 * (util/commit-files.ts) under the editors' rules: only inside the checkout (a file, or a directory
 * on its way, that is a link leading out is refused before anything is written), every byte
 * not changed kept (the texts are read with util/user-text.ts and encoded back to them).
 */
export class KbuildWrites {
  readonly files = new Map<string, string>();
  readonly modes = new Map<string, number>();

  constructor(readonly root: string) {}

  /** Stages `text` for `file` (absolute); says what that will do. */
  write(file: string, text: string, mode?: number): string {
    const existed = this.files.has(file) || existsSync(file);
    this.files.set(file, text);
    if (mode) this.modes.set(file, mode);
    return `${existed ? 'edited' : 'added'} ${rel(this.root, file)}`;
  }

  /** Writes what was staged, all or nothing. */
  async commit(): Promise<void> {
    if (this.files.size) await commitFiles(projectFiles(this.root), this.files, this.modes);
  }
}

/** The module's Kbuild prerequisites the document asks for that it lacks. */
function missingPrerequisites(m: RustModule, hasSysroot: boolean): string[] {
  if (m.kbuildText === undefined) return [];
  const wanted = [...(hasSysroot ? ['rust_sysroot'] : []), ...(m.kind === 'app' ? ['libcompiler-rt'] : [])];
  try {
    const have = readKbuild(m.kbuildText, m.kind === 'app' ? 'apps' : 'libs').prerequisites;
    return wanted.filter((p) => !have.has(p));
  } catch {
    return [];
  }
}

/** The finding for a tools/rust/xargo that is not this version's, or undefined when it is (or is missing). */
function staleXargo(
  root: string,
  view: FileView,
  write: (root: string, file: string, text: string, mode?: number) => string,
): Finding | undefined {
  const file = path.join(root, 'tools/rust/xargo');
  const have = view.read(file);
  // Read as the checkout's copy is (every byte kept), so that the two compare byte for byte.
  const template = path.join(templatesRoot, 'camkes/tools/rust/xargo');
  const current = readUserText(template);
  // The package ships it: without it, nothing could be compared (or written back).
  if (current === undefined)
    throw new OstooError(
      `${template} is missing from this ostoo`,
      'reinstall generator-ostoo (npm install -g generator-ostoo)',
    );
  if (have === undefined || have === current) return undefined;
  // The copy that is replaced is kept beside it, under the first name that is free.
  let kept = `${file}.orig`;
  for (let n = 1; exists(view, kept); n++) kept = `${file}.orig.${n}`;
  return {
    what: 'tools/rust/xargo',
    ok: false,
    detail:
      "not this ostoo's (an earlier version's, or edited): an earlier one leaves a non-CAmkES app's RUST_TARGET archive only in the stage, and the app does not link",
    fix: `replace it with this version's, keeping yours as ${rel(root, kept)}`,
    apply: () => [write(root, kept, have), write(root, file, current, 0o755)],
  };
}

export async function diagnoseKbuild(root: string, opts: KbuildDoctorOptions): Promise<KbuildDiagnosis> {
  const view = diskView;
  const out = new KbuildWrites(root);
  const write = (_root: string, file: string, text: string, mode?: number) => out.write(file, text, mode);
  const findings: Finding[] = [];
  const offers: Offer[] = [];
  const tree = detectKbuildTree(root);
  const state = kbuildSupportState(root, view);
  // A project repository of ours (no project.mk here) is written for the seL4_tools that has it.
  const hasSysroot = hasRustSysroot(root, view) ?? true;
  const modules = readRustModules(root, view);

  // 1. ostoo's support.
  if (state === 'current') {
    findings.push({ what: 'Rust support', ok: true, detail: 'tools/rust/ (rust.mk, xargo.mk, xargo) is there' });
  } else if (state === 'absent') {
    const specs = await opts.specs();
    findings.push({
      what: 'Rust support',
      ok: false,
      detail: 'no tools/rust/: nothing serves XARGO, RUST_TARGET, <component>_RUST or libcompiler-rt',
      fix: `add tools/rust/, tools/xargo/ and libs/libcompiler-rt/ pinned to ${opts.toolchain.id} (${opts.toolchain.versionLine})${tree ? ', and their Kconfig source lines' : ''}`,
      apply: () => {
        const support = planKbuildSupportAt(root, opts.toolchain, specs, view);
        const changes = [...support.files].map(([file, contents]) =>
          write(root, path.join(root, file), String(contents), support.executables.includes(file) ? 0o755 : undefined),
        );
        for (const [file, text] of support.edits) changes.push(write(root, file, text));
        const rc = path.join(root, RECORD_FILE);
        const old = readUserText(rc);
        changes.push(write(root, rc, recordFileText(old, support.record, rc)));
        return changes;
      },
    });
  } else {
    // ostoo's earlier tools/rust/: add what the document's names need, keep every file it has.
    const specs = await opts.specs();
    const support = planKbuildSupport(opts.toolchain, specs);
    const rustMk = path.join(root, 'tools/rust/rust.mk');
    const added = [...support.keys()].filter(
      (f) => kbuildSupportDirs.some((d) => f.startsWith(`${d}/`)) && !exists(view, path.join(root, f)),
    );
    findings.push({
      what: 'Rust support',
      ok: false,
      detail:
        "tools/rust/ is ostoo's earlier one: no xargo, so RUST_TARGET, <component>_RUST and rust_sysroot do not build",
      fix: `add ${added.join(', ')} and include xargo.mk in tools/rust/rust.mk (one new line)`,
      apply: () => {
        const changes = added.map((f) =>
          write(root, path.join(root, f), String(support.get(f)!), f === 'tools/rust/xargo' ? 0o755 : undefined),
        );
        const doc = splitLines(readUserText(rustMk) ?? '');
        const at = doc.lines.findIndex((l) => /^\.DEFAULT_GOAL\s*:=/.test(l));
        doc.lines.splice(
          at < 0 ? doc.lines.length : at,
          0,
          ...renderLines('partials/rust-mk-xargo-include.mk.ejs', {}),
        );
        changes.push(write(root, rustMk, joinLines(doc)));
        return changes;
      },
    });
  }

  // 1b. tools/rust/xargo is ostoo's own script and holds no settings: one that differs from this
  // version's is an earlier one (or edited), and an earlier one does not leave a non-CAmkES app's
  // RUST_TARGET archive in its build directory, where seL4_tools' common.mk links it from.
  if (state === 'current') {
    const xargoFinding = staleXargo(root, view, write);
    if (xargoFinding) findings.push(xargoFinding);
  }

  // 2. tools/xargo: seL4_tools builds it as XARGO for rust_sysroot and hand-written libraries.
  if (hasSysroot && state !== 'absent') {
    const manifest = view.read(path.join(root, 'tools/xargo/Cargo.toml'));
    if (manifest === undefined) {
      if (state === 'current') {
        const files = planKbuildSupport(opts.toolchain, await opts.specs());
        const xargo = [...files].filter(([f]) => f.startsWith('tools/xargo/'));
        findings.push({
          what: 'tools/xargo',
          ok: false,
          detail: "missing: seL4_tools' rust_sysroot builds it, and its XARGO is tools/xargo/target/release/xargo",
          fix: 'add tools/xargo/ (a program that runs tools/rust/xargo)',
          apply: () => xargo.map(([f, text]) => write(root, path.join(root, f), String(text))),
        });
      }
    } else if (!manifest.includes('generator-ostoo')) {
      findings.push({
        what: 'tools/xargo',
        ok: false,
        detail:
          "tools/xargo is another xargo (the 2016 manifests checked one out there): seL4_tools' rust_sysroot builds and runs it, and it does not work with today's cargo",
        fix: 'move tools/xargo away (and drop it from your repo manifest), then run `ostoo doctor --fix`',
      });
    } else {
      findings.push({ what: 'tools/xargo', ok: true, detail: 'runs tools/rust/xargo for seL4_tools' });
    }
  }

  // 3. The checkout's Kconfig sees the support.
  if (tree && state !== 'absent') {
    const text = addKconfigSources(tree.kconfigText, kbuildSupportKconfig);
    findings.push(
      text === tree.kconfigText
        ? { what: 'Kconfig', ok: true, detail: `${rel(root, tree.kconfigFile)} sources tools/rust and libcompiler-rt` }
        : {
            what: 'Kconfig',
            ok: false,
            detail: `${rel(root, tree.kconfigFile)} does not source tools/rust/Kconfig and libs/libcompiler-rt/Kconfig`,
            fix: 'add the source lines',
            apply: () => [write(root, tree.kconfigFile, text)],
          },
    );
  }

  // 4. rust_sysroot writes seL4_tools' spec through envsubst.
  if (hasSysroot && modules.length) {
    const envsubst = which('envsubst', (opts.env ?? process.env).PATH);
    findings.push(
      envsubst
        ? { what: 'envsubst', ok: true, detail: envsubst }
        : {
            what: 'envsubst',
            ok: false,
            detail: "not on PATH: seL4_tools' rust_sysroot runs it",
            fix: 'install it (Debian: apt-get install gettext-base)',
          },
    );
  }

  // rust_sysroot runs `multirust override $(CONFIG_RUST_VERSION)` when that is set; multirust is gone.
  const version = /^CONFIG_RUST_VERSION="([^"]+)"$/m.exec(view.read(path.join(root, '.config')) ?? '')?.[1];
  if (hasSysroot && version) {
    findings.push({
      what: 'CONFIG_RUST_VERSION',
      ok: false,
      detail: `.config sets it to "${version}": seL4_tools' rust_sysroot then runs \`multirust override ${version}\`, and multirust is long gone (the toolchain is tools/rust/toolchain.mk's)`,
      fix: 'set it to "" (make menuconfig: Toolchain Options, Rust version), and in your defconfig',
    });
  }

  // 5. Each module written with the document's names.
  const templateRules = /_RUST/.test(view.read(path.join(root, 'tools/camkes/camkes/templates/Makefile')) ?? '');
  for (const m of modules) {
    const where = rel(root, m.dir);
    const documentNamed = m.rustTarget || m.components.size || m.compilerRt;
    const missing = documentNamed ? missingPrerequisites(m, hasSysroot) : [];
    if (missing.length) {
      const kbuild = path.join(m.dir, 'Kbuild');
      const text = addKbuildPrerequisites(m.kbuildText!, missing, m.kind === 'app' ? 'apps' : 'libs');
      findings.push({
        what: `${where} Kbuild`,
        ok: false,
        detail: `${m.name} uses Rust but does not depend on ${missing.join(' and ')}`,
        fix: `add \`${readKbuild(m.kbuildText!, m.kind === 'app' ? 'apps' : 'libs').app}: ${missing.join(' ')}\``,
        apply: () => [write(root, kbuild, text)],
      });
    }
    for (const [component] of m.components) {
      if (!exists(view, path.join(m.dir, 'components', component, 'Cargo.toml'))) {
        findings.push({
          what: `${where} ${component}_RUST`,
          ok: false,
          detail: `components/${component}/Cargo.toml does not exist (<component>_RUST builds components/<component>/)`,
          fix: `put the crate there, or drop the ${component}_RUST line`,
        });
      }
    }
    if (m.components.size && !templateRules && !m.includesRustMk) {
      const text = includeRustMk(m.makefileText);
      findings.push({
        what: `${where} Makefile`,
        ok: false,
        detail: `${[...m.components.keys()].map((c) => `${c}_RUST`).join(', ')}: this camkes-tool has no _RUST rules, and the Makefile does not include tools/rust/rust.mk, which has them`,
        ...(text
          ? {
              fix: 'include ${PWD}/tools/rust/rust.mk before camkes.mk',
              apply: () => [write(root, path.join(m.dir, 'Makefile'), text)],
            }
          : { fix: 'include ${PWD}/tools/rust/rust.mk after the _RUST lines, before camkes.mk' }),
      });
    }
    // ostoo's earlier names still build; moving them is offered.
    const rename = renameToDocumentNames(m, hasSysroot);
    if (rename) offers.push({ what: `${where} names`, detail: rename.detail, apply: rename.apply(out) });
  }
  const defconfigs = renameDefconfigs(root, out);
  if (defconfigs && offers.length) offers.push(defconfigs);
  if (!modules.length)
    findings.push({ what: 'Rust modules', ok: true, detail: 'no library or app Makefile here uses Rust yet' });
  return { root, findings, offers, writes: out };
}

/** The Makefile with `include ${PWD}/tools/rust/rust.mk` before its camkes.mk include. */
function includeRustMk(text: string): string | undefined {
  const doc = splitLines(text);
  const camkes = logicalMakeLines(doc.lines).find((l) => /^\s*-?include\s+.*\bcamkes\.mk\b/.test(l.text));
  if (!camkes) return undefined;
  doc.lines.splice(
    camkes.first,
    0,
    ...renderLines('partials/camkes-rust-mk-include.mk.ejs', { rustMk: '${PWD}/tools/rust/rust.mk' }),
  );
  return joinLines(doc);
}

interface Rename {
  detail: string;
  apply: (out: KbuildWrites) => () => string[];
}

/**
 * A module's move from ostoo's earlier names to the document's: RUST_STATICLIB -> RUST_TARGET,
 * RUST_BUILTINS_TARGET -> RUST_COMPILER_RT, `RUST_CAMKES_COMPONENTS += a b` -> `a_RUST := a`
 * and `b_RUST := b`, and the Kbuild prerequisites the document asks for.
 */
function renameToDocumentNames(m: RustModule, hasSysroot: boolean): Rename | undefined {
  const { staticlib, builtins, listed } = m.earlier;
  if (!staticlib && !builtins && !listed.length) return undefined;
  const doc = splitLines(m.makefileText);
  const moves: string[] = [];
  // Bottom-up, so earlier line numbers stay right.
  for (const a of [...m.assignments].reverse()) {
    const line = doc.lines[a.first]!;
    if (a.name === 'RUST_STATICLIB' || a.name === 'RUST_BUILTINS_TARGET') {
      const to = a.name === 'RUST_STATICLIB' ? 'RUST_TARGET' : 'RUST_COMPILER_RT';
      doc.lines[a.first] = line.replace(a.name, to);
      moves.unshift(`${a.name} -> ${to}`);
    } else if (a.name === 'RUST_CAMKES_COMPONENTS') {
      const names = a.value.split(' ').filter(Boolean);
      const indent = /^\s*/.exec(line)![0];
      doc.lines.splice(a.first, a.last - a.first + 1, ...names.map((n) => `${indent}${n}_RUST := ${n}`));
      moves.unshift(
        `RUST_CAMKES_COMPONENTS += ${names.join(' ')} -> ${names.map((n) => `${n}_RUST := ${n}`).join(', ')}`,
      );
    }
  }
  const makefile = joinLines(doc);
  const wanted = [...(hasSysroot ? ['rust_sysroot'] : []), ...(m.kind === 'app' ? ['libcompiler-rt'] : [])];
  let kbuild: string | undefined;
  if (m.kbuildText !== undefined && wanted.length) {
    try {
      const edited = addKbuildPrerequisites(m.kbuildText, wanted, m.kind === 'app' ? 'apps' : 'libs');
      if (edited !== m.kbuildText) {
        kbuild = edited;
        // Only what the Kbuild lacks is added (and said): a prerequisite it has stays where it is.
        moves.push(`Kbuild: ${missingPrerequisites(m, hasSysroot).join(' ')}`);
      }
    } catch {
      // Not a Kbuild of the usual shape: the names move, the prerequisites are the user's.
    }
  }
  // ostoo's libcompiler-rt also makes rust_sysroot safe without CONFIG_USE_RUST.
  if (builtins && hasSysroot && kbuild !== undefined && !/^CONFIG_RUST_VERSION\s*\?=/m.test(kbuild)) {
    kbuild = `${kbuild}${kbuild.endsWith('\n') ? '' : '\n'}\n${renderTemplate('partials/kbuild-rust-version-guard.mk.ejs', {})}`;
  }
  return {
    detail: `ostoo's earlier names (they still build): ${moves.join('; ')}`,
    apply: (out) => () => [
      out.write(path.join(m.dir, 'Makefile'), makefile),
      ...(kbuild !== undefined ? [out.write(path.join(m.dir, 'Kbuild'), kbuild)] : []),
    ],
  };
}

/**
 * ostoo's earlier defconfigs chose the profile with CONFIG_RUST_RELEASE (tools/rust/Kconfig);
 * the document's names follow seL4_tools' CONFIG_USE_RUST and CONFIG_RUST_COMPILE_RELEASE.
 */
function renameDefconfigs(root: string, out: KbuildWrites): Offer | undefined {
  const dir = path.join(root, 'configs');
  const files = diskView
    .list(dir)
    .filter((e) => !e.dir && e.name.endsWith('_defconfig'))
    .map((e) => path.join(dir, e.name))
    .filter((f) => {
      const text = readUserText(f) ?? '';
      return /^CONFIG_RUST_RELEASE=y$/m.test(text) && !/^CONFIG_USE_RUST=/m.test(text);
    });
  if (!files.length) return undefined;
  return {
    what: 'configs',
    detail: `${files.map((f) => rel(root, f)).join(', ')} choose the profile with ostoo's CONFIG_RUST_RELEASE; the document's names follow seL4_tools' CONFIG_USE_RUST and CONFIG_RUST_COMPILE_RELEASE (then re-run make <defconfig>)`,
    apply: () =>
      files.map((f) => {
        const text = readUserText(f) ?? '';
        const sep = text.endsWith('\n') ? '' : '\n';
        return out.write(f, `${text}${sep}${renderTemplate('partials/defconfig-use-rust.ejs', {})}`);
      }),
  };
}

export function formatOffer(o: Offer): string {
  return `offer   ${o.what}: ${o.detail}`;
}
