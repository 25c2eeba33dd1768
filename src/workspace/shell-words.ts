// A small bash lexer, enough to edit build scripts as people write them: words with their
// source offsets (quotes, escapes, `$(...)`, `${...}` and backslash-newline continuations kept
// inside the word), simple commands split at newlines and `; & | && || ( )`, array assignments
// `name=(...)` with their elements, comments and here-documents skipped. It never evaluates.
import { OstooError } from '../errors.js';

export interface Word {
  /** The word exactly as written, quotes and continuations included. */
  raw: string;
  start: number;
  end: number;
  /** Elements of an array assignment `name=( ... )`. */
  array?: { name: string; open: number; close: number; elements: Word[] };
}

export interface SimpleCommand {
  words: Word[];
  start: number;
  end: number;
}

export class ShellSyntaxError extends OstooError {
  constructor(what: string) {
    super(what, "check the script's quotes and here-documents (`bash -n` on it shows where)");
  }
}

const blank = (c: string | undefined) => c === ' ' || c === '\t';
const operatorChars = new Set([';', '&', '|', '(', ')', '\n']);

export function lexShell(text: string): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let words: Word[] = [];
  const heredocs: { delim: string; strip: boolean }[] = [];
  let i = 0;

  const endCommand = () => {
    if (words.length) commands.push({ words, start: words[0]!.start, end: words[words.length - 1]!.end });
    words = [];
  };

  // Skips from an opening quote/expansion at `j`, returning the index just after it.
  const skipSingle = (j: number): number => {
    const close = text.indexOf("'", j + 1);
    if (close < 0) throw new ShellSyntaxError(`unterminated ' at offset ${j}`);
    return close + 1;
  };
  const skipDouble = (j: number): number => {
    for (let k = j + 1; k < text.length; k++) {
      const c = text[k];
      if (c === '\\') k++;
      else if (c === '"') return k + 1;
      else if (c === '$' && (text[k + 1] === '(' || text[k + 1] === '{')) k = skipDollar(k) - 1;
      else if (c === '`') k = skipBacktick(k) - 1;
    }
    throw new ShellSyntaxError(`unterminated " at offset ${j}`);
  };
  const skipBacktick = (j: number): number => {
    for (let k = j + 1; k < text.length; k++) {
      if (text[k] === '\\') k++;
      else if (text[k] === '`') return k + 1;
    }
    throw new ShellSyntaxError(`unterminated \` at offset ${j}`);
  };
  // `$(...)`, `$((...))` or `${...}` starting at the `$`.
  const skipDollar = (j: number): number => {
    const open = text[j + 1]!;
    const close = open === '(' ? ')' : '}';
    let depth = 0;
    for (let k = j + 1; k < text.length; k++) {
      const c = text[k];
      if (c === '\\') k++;
      else if (c === "'" && open === '(') k = skipSingle(k) - 1;
      else if (c === '"') k = skipDouble(k) - 1;
      else if (c === '`') k = skipBacktick(k) - 1;
      else if (c === '$' && (text[k + 1] === '(' || text[k + 1] === '{') && k > j + 1) k = skipDollar(k) - 1;
      else if (c === open) depth++;
      else if (c === close && --depth === 0) return k + 1;
    }
    throw new ShellSyntaxError(`unterminated $${open} at offset ${j}`);
  };

  // Reads one word from `j` (not at a blank or operator); returns its end.
  const readWord = (j: number): number => {
    let k = j;
    while (k < text.length) {
      const c = text[k]!;
      if (c === '\\') {
        k += 2;
      } else if (c === "'") k = skipSingle(k);
      else if (c === '"') k = skipDouble(k);
      else if (c === '`') k = skipBacktick(k);
      else if (c === '$' && (text[k + 1] === '(' || text[k + 1] === '{')) k = skipDollar(k);
      else if (blank(c) || operatorChars.has(c) || c === '<' || c === '>') break;
      else k++;
    }
    return k;
  };

  const skipHeredocs = () => {
    // `i` is just after a newline: drop each pending here-document's body.
    for (const h of heredocs.splice(0)) {
      for (;;) {
        if (i >= text.length) throw new ShellSyntaxError(`here-document ${h.delim} is not terminated`);
        const nl = text.indexOf('\n', i);
        const lineEnd = nl < 0 ? text.length : nl;
        const line = text.slice(i, lineEnd);
        i = lineEnd + 1;
        if ((h.strip ? line.replace(/^\t+/, '') : line) === h.delim) break;
      }
    }
  };

  while (i < text.length) {
    const c = text[i]!;
    if (blank(c)) {
      i++;
    } else if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
    } else if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === '\n') {
      endCommand();
      i++;
      skipHeredocs();
    } else if (operatorChars.has(c)) {
      endCommand();
      i += text[i + 1] === c && c !== '(' && c !== ')' ? 2 : 1;
    } else if (c === '<' || c === '>') {
      // Redirections stay in the command as words: `<`, `>>`, `>&2`, `<<EOF`, `<<<`.
      const start = i;
      const m = /^(<<<|<<-|<<|>>|<>|>\||<&|>&|<|>)([0-9]+-?|-)?/.exec(text.slice(i))!;
      i += m[0].length;
      words.push({ raw: text.slice(start, i), start, end: i });
      if (m[1] === '<<' || m[1] === '<<-') {
        while (blank(text[i])) i++;
        const end = readWord(i);
        if (end === i) throw new ShellSyntaxError(`here-document without a delimiter at offset ${start}`);
        const delim = text.slice(i, end).replace(/['"\\]/g, '');
        words.push({ raw: text.slice(i, end), start: i, end });
        heredocs.push({ delim, strip: m[1] === '<<-' });
        i = end;
      }
    } else {
      const start = i;
      const end = readWord(i);
      const assign = /^([A-Za-z_][A-Za-z0-9_]*)\+?=$/.exec(text.slice(start, end));
      if (assign && text[end] === '(') {
        words.push(readArray(start, end, assign[1]!));
      } else {
        words.push({ raw: text.slice(start, end), start, end });
        i = end;
      }
    }
  }
  endCommand();
  if (heredocs.length) throw new ShellSyntaxError(`here-document ${heredocs[0]!.delim} is not terminated`);
  return commands;

  function readArray(start: number, open: number, name: string): Word {
    const elements: Word[] = [];
    let k = open + 1;
    for (;;) {
      if (k >= text.length) throw new ShellSyntaxError(`unterminated array ${name}=( at offset ${start}`);
      const c = text[k]!;
      if (blank(c) || c === '\n') k++;
      else if (c === '\\' && text[k + 1] === '\n') k += 2;
      else if (c === '#') {
        const nl = text.indexOf('\n', k);
        k = nl < 0 ? text.length : nl;
      } else if (c === ')') break;
      else {
        const end = readWord(k);
        if (end === k) throw new ShellSyntaxError(`unexpected '${c}' in array ${name}=( at offset ${k}`);
        elements.push({ raw: text.slice(k, end), start: k, end });
        k = end;
      }
    }
    i = k + 1;
    return { raw: text.slice(start, i), start, end: i, array: { name, open, close: k, elements } };
  }
}

/** A word with quotes and escapes removed; expansions such as `$X` are kept as written. */
export function unquote(raw: string): string {
  let out = '';
  for (let k = 0; k < raw.length; k++) {
    const c = raw[k]!;
    if (c === '\\') {
      if (raw[k + 1] !== '\n') out += raw[k + 1] ?? '';
      k++;
    } else if (c === "'") {
      const close = raw.indexOf("'", k + 1);
      out += raw.slice(k + 1, close);
      k = close;
    } else if (c === '"') {
      continue;
    } else out += c;
  }
  return out;
}

/** 1-based line number of an offset. */
export function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let k = 0; k < offset; k++) if (text[k] === '\n') n++;
  return n;
}
