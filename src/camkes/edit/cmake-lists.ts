// Reading and editing a CAmkES app's CMakeLists.txt. Reads go through a copy with comments
// and quoted strings masked, so commented-out calls do not count; edits only insert whole
// lines, so every existing line and comment stays as it was.
import { renderLines } from '../../render/tree.js';
import { joinLines, lineOfOffset, splitLines } from './lines.js';
import { OstooError } from '../../errors.js';

export class CmakeAppError extends OstooError {}

export interface CmakeCall {
  /** Command name as written. */
  name: string;
  /** Arguments with quotes removed (unquoted arguments as written). */
  args: string[];
  /** Line index of the command name and of its closing parenthesis. */
  first: number;
  last: number;
}

/** Blanks comments (`# ...`, `#[[ ... ]]`) and the contents of quoted/bracket arguments. */
export function maskCmake(text: string): string {
  let out = '';
  let i = 0;
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  while (i < text.length) {
    const c = text[i]!;
    const bracket = /^\[(=*)\[/.exec(text.slice(i, i + 40));
    if (c === '#' || bracket) {
      const open = c === '#' ? /^#\[(=*)\[/.exec(text.slice(i, i + 40)) : bracket;
      if (open) {
        const close = text.indexOf(`]${open[1]}]`, i + open[0].length);
        const end = close < 0 ? text.length : close + open[1]!.length + 2;
        // A bracket argument stays visible as a placeholder word; a bracket comment goes.
        out += c === '#' ? blank(text.slice(i, end)) : `[${blank(text.slice(i + 1, end - 1))}]`;
        i = end;
        continue;
      }
      const nl = text.indexOf('\n', i);
      const end = nl < 0 ? text.length : nl;
      out += blank(text.slice(i, end));
      i = end;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += `"${blank(text.slice(i + 1, j))}"`;
      i = j + 1;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** Every command invocation, with its arguments read from the original text. */
export function cmakeCalls(text: string): CmakeCall[] {
  const masked = maskCmake(text);
  const calls: CmakeCall[] = [];
  const re = /(^|[\s;])([A-Za-z_][A-Za-z0-9_]*)[ \t]*\(/g;
  for (let m = re.exec(masked); m; m = re.exec(masked)) {
    const start = m.index + m[1]!.length;
    let depth = 0;
    let end = -1;
    for (let i = m.index + m[0].length - 1; i < masked.length; i++) {
      if (masked[i] === '(') depth++;
      else if (masked[i] === ')' && --depth === 0) {
        end = i;
        break;
      }
    }
    if (end < 0)
      throw new CmakeAppError(
        `unbalanced parentheses after ${m[2]}( in CMakeLists.txt`,
        'fix the call (cmake would refuse it too), then run this again',
      );
    const open = m.index + m[0].length;
    calls.push({
      name: m[2]!,
      args: splitArgs(text.slice(open, end), masked.slice(open, end)),
      first: lineOfOffset(text, start),
      last: lineOfOffset(text, end),
    });
    re.lastIndex = end + 1;
  }
  return calls;
}

function splitArgs(text: string, masked: string): string[] {
  const args: string[] = [];
  for (const m of masked.matchAll(/"[^"]*"|\[[^\]]*\]|[^\s()"]+/g)) {
    const raw = text.slice(m.index, m.index + m[0].length);
    args.push(raw.startsWith('"') ? raw.slice(1, -1) : raw.startsWith('[') ? raw.replace(/^\[=*\[|\]=*\]$/g, '') : raw);
  }
  return args;
}

const is = (call: CmakeCall, name: string) => call.name.toLowerCase() === name.toLowerCase();

export interface CmakeAppFacts {
  /** The assembly named by DeclareCAmkESRootserver. */
  adl: string;
  rootserver: CmakeCall;
  /** Names declared with DeclareCAmkESComponent. */
  components: Set<string>;
  /** RustAddLibrary calls: library name and TARGET argument (undefined when omitted). */
  rustLibraries: { name: string; target?: string }[];
  /** CMake targets the file creates (libraries, custom targets, imported RustAddLibrary ones). */
  targets: Set<string>;
  includeRust?: CmakeCall;
  hasSupportInclude: boolean;
  project?: CmakeCall;
  minimumRequired?: CmakeCall;
}

/** The facts an edit needs; throws CmakeAppError when this is not a CAmkES app's file. */
export function readCmakeApp(text: string, supportRelPath: string): CmakeAppFacts {
  const calls = cmakeCalls(text);
  const rootserver = calls.find((c) => is(c, 'DeclareCAmkESRootserver'));
  if (!rootserver || !rootserver.args[0])
    throw new CmakeAppError(
      'CMakeLists.txt does not call DeclareCAmkESRootserver, so it is not a CAmkES app',
      'run this on a CAmkES app directory (projects/camkes/apps/APP)',
    );
  const facts: CmakeAppFacts = {
    adl: rootserver.args[0],
    rootserver,
    components: new Set(),
    rustLibraries: [],
    targets: new Set(),
    hasSupportInclude: false,
  };
  for (const c of calls) {
    if (is(c, 'DeclareCAmkESComponent') && c.args[0]) facts.components.add(c.args[0]);
    if (is(c, 'RustAddLibrary') && c.args[0]) {
      const t = c.args.indexOf('TARGET');
      facts.rustLibraries.push({
        name: c.args[0],
        ...(t >= 0 && c.args[t + 1] !== undefined ? { target: c.args[t + 1] } : {}),
      });
      facts.targets.add(c.args[0]);
    }
    if ((is(c, 'add_library') || is(c, 'add_custom_target') || is(c, 'add_executable')) && c.args[0])
      facts.targets.add(c.args[0]);
    if (is(c, 'include') && c.args[0] === 'rust') facts.includeRust ??= c;
    if (is(c, 'include') && c.args[0]?.endsWith(supportRelPath)) facts.hasSupportInclude = true;
    if (is(c, 'project')) facts.project ??= c;
    if (is(c, 'cmake_minimum_required')) facts.minimumRequired ??= c;
  }
  return facts;
}

/**
 * Adds the support include: right after `include(rust)`, so upstream's functions are
 * replaced by ours, else after project() (before any subdirectory could call RustAddLibrary).
 */
export function addSupportInclude(text: string, facts: CmakeAppFacts, includeLine: string): string {
  if (facts.hasSupportInclude) return text;
  const doc = splitLines(text);
  const anchor = facts.includeRust ?? facts.project ?? facts.minimumRequired;
  const at = anchor ? anchor.last + 1 : 0;
  const added = renderLines('partials/cmake-support-include.cmake.ejs', {
    replacesUpstream: facts.includeRust !== undefined,
    includeLine,
  });
  if (!facts.includeRust && anchor) added.unshift('');
  doc.lines.splice(at, 0, ...added);
  return joinLines(doc);
}

/** Inserts `block` (whole lines) just before DeclareCAmkESRootserver, keeping a comment above it. */
export function addBeforeRootserver(text: string, facts: CmakeAppFacts, block: string[]): string {
  const doc = splitLines(text);
  let at = facts.rootserver.first;
  while (at > 0 && /^\s*#/.test(doc.lines[at - 1]!)) at--;
  const added = [...block];
  if (at > 0 && doc.lines[at - 1]!.trim() !== '') added.unshift('');
  if (added[added.length - 1]!.trim() !== '') added.push('');
  doc.lines.splice(at, 0, ...added);
  return joinLines(doc);
}
