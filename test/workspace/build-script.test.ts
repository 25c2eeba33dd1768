// Editing build scripts as their owners wrote them: the real ostoo seed script and variants in
// the other common shapes. Every edited script must pass `bash -n` and shellcheck (run for real).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execaSync } from 'execa';
import { addProgramToScript, type ScriptProgram } from '../../src/workspace/build-script.js';
import { lexShell, unquote } from '../../src/workspace/shell-words.js';
import { which } from '../../src/util/which.js';
import { realTrees } from '../helpers/real-trees.js';

const seedScript = readFileSync(path.join(realTrees, 'ostoo-4500ed9', 'scripts', 'user-rs-build.sh'), 'utf8');
const target = 'x86_64-ostoo-user';
const seedPrograms: ScriptProgram[] = [
  { name: 'hello-rs', tier: 'nostd' },
  { name: 'hello-std', tier: 'std' },
];

/** Like ostoo's later script: a continued loop of path items, one `cargo build` per tier, user/bin. */
const continuedLoop = `#!/bin/bash
set -e
SCRIPT_DIR="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
OUT="$ROOT/user-rs/target/${target}/release"
DEPLOY_DIR="$ROOT/user/bin"
cd "$ROOT/user-rs"
# no_std programs, then std ones (separate builds: the runtime's no_std feature)
cargo build --release -p hello-rs -p shell -p init "$@"
cargo build --release -p hello-std "$@"
mkdir -p "$DEPLOY_DIR"
for bin in "$OUT"/hello-rs "$OUT"/hello-std \\
           "$OUT"/shell \\
           "$OUT"/init; do
    cp "$bin" "$DEPLOY_DIR/$(basename "$bin")"
done
`;
const continuedPrograms: ScriptProgram[] = [
  ...seedPrograms,
  { name: 'shell', tier: 'nostd' },
  { name: 'init', tier: 'nostd' },
];

/** A bash array of bare names over several lines, `--package` builds one per line. */
const arrayScript = `#!/usr/bin/env bash
set -euo pipefail
here=$(dirname "\${BASH_SOURCE[0]}")
release="$here/../user-rs/target/${target}/release"
PROGRAMS=(
    hello-rs   # the no_std demo
    'hello-std'
)
(cd "$here/../user-rs" && cargo build --release --package hello-rs)
(cd "$here/../user-rs" && cargo build --release --package=hello-std)
for p in "\${PROGRAMS[@]}"; do
    install -m 0755 "$release/$p" "$here/../user/bin/$p"
done
cat <<EOF
deployed \${#PROGRAMS[@]} programs (not: for x in hello-rs; do)
EOF
`;

function shellcheck(text: string): void {
  assert.ok(which('shellcheck'), 'shellcheck is installed (Debian: shellcheck)');
  const res = execaSync('shellcheck', ['-s', 'bash', '-'], { input: text, reject: false });
  assert.equal(res.exitCode, 0, `shellcheck:\n${res.stdout}\n${text}`);
}

function edited(text: string, name: string, tier: 'std' | 'nostd', programs: ScriptProgram[]): string {
  const res = addProgramToScript(text, { name, tier, programs, target });
  assert.ok('text' in res, `edits: ${'advice' in res ? res.advice.join('; ') : ''}`);
  execaSync('bash', ['-n'], { input: res.text });
  shellcheck(res.text);
  return res.text;
}

test('the lexer keeps quotes, continuations and arrays inside words', () => {
  const cmds = lexShell(
    'for b in "$T"/a \\\n  "$T/b c"; do echo "$(basename "$b")"; done # x\nA=(one "two three" # c\n four)\n',
  );
  assert.deepEqual(
    cmds.map((c) => c.words.map((w) => w.raw)),
    [
      ['for', 'b', 'in', '"$T"/a', '"$T/b c"'],
      ['do', 'echo', '"$(basename "$b")"'],
      ['done'],
      ['A=(one "two three" # c\n four)'],
    ],
  );
  assert.deepEqual(
    cmds[3]!.words[0]!.array!.elements.map((w) => unquote(w.raw)),
    ['one', 'two three', 'four'],
  );
  // Here-document bodies are not commands.
  assert.deepEqual(
    lexShell('cat <<-EOF\n\tfor a in b; do\n\tEOF\nls\n').map((c) => c.words[0]!.raw),
    ['cat', 'ls'],
  );
  assert.throws(() => lexShell('echo "open\n'), /unterminated "/);
});

test('the seed script (one `-p` per line, one-line loop of paths): a new line per program, the loop extended', () => {
  const nostd = edited(seedScript, 'tool', 'nostd', seedPrograms);
  assert.equal(
    nostd,
    seedScript
      .replace(
        'cargo build --release -p hello-rs "$@"\n',
        'cargo build --release -p hello-rs "$@"\ncargo build --release -p tool "$@"\n',
      )
      .replace('"$TARGET_DIR"/hello-std; do', '"$TARGET_DIR"/hello-std "$TARGET_DIR"/tool; do'),
  );
  const std = edited(seedScript, 'tool-std', 'std', seedPrograms);
  assert.match(std, /-p hello-std "\$@"\ncargo build --release -p tool-std "\$@"\n/);
});

test('a continued loop with one cargo build line per tier: the program joins its tier line and gets its own loop line', () => {
  const nostd = edited(continuedLoop, 'tool', 'nostd', continuedPrograms);
  assert.equal(
    nostd,
    continuedLoop
      .replace('-p init "$@"', '-p init -p tool "$@"')
      .replace('           "$OUT"/init; do', '           "$OUT"/init \\\n           "$OUT"/tool; do'),
  );
  const std = edited(continuedLoop, 'tool-std', 'std', continuedPrograms);
  assert.equal(
    std,
    continuedLoop
      .replace('-p hello-std "$@"', '-p hello-std -p tool-std "$@"')
      .replace('"$OUT"/init; do', '"$OUT"/init \\\n           "$OUT"/tool-std; do'),
  );
});

test('a bash array over several lines, with comments and quotes; --package builds inside subshells', () => {
  const nostd = edited(arrayScript, 'tool', 'nostd', seedPrograms);
  assert.equal(
    nostd,
    arrayScript
      .replace("    'hello-std'\n", "    'hello-std'\n    'tool'\n")
      .replace(
        '--package hello-rs)\n',
        '--package hello-rs)\n(cd "$here/../user-rs" && cargo build --release --package tool)\n',
      ),
  );
  const std = edited(arrayScript, 'tool-std', 'std', seedPrograms);
  assert.match(
    std,
    /--package=hello-std\)\n\(cd "\$here\/\.\.\/user-rs" && cargo build --release --package=tool-std\)\n/,
  );
  // The here-document's text is not a loop to edit.
  assert.match(std, /deployed \$\{#PROGRAMS\[@\]\} programs \(not: for x in hello-rs; do\)\nEOF\n$/);
});

test('one line per program: each kind of line is copied after the last of the same tier', () => {
  const perLine = `#!/bin/sh
set -e
OUT=user-rs/target/${target}/release
DEST=\${DEST:-user/bin}
(cd user-rs && cargo build --release -p hello-rs)
(cd user-rs && cargo build --release -p hello-std)
cp "$OUT/hello-rs" "$DEST/hello-rs"
cp "$OUT/hello-std" "$DEST/hello-std"
strip "$DEST/hello-std" # only the std tier carries symbols
echo "built hello-rs and hello-std"
`;
  assert.equal(
    edited(perLine, 'tool', 'nostd', seedPrograms),
    perLine
      .replace('-p hello-rs)\n', '-p hello-rs)\n(cd user-rs && cargo build --release -p tool)\n')
      .replace(
        'cp "$OUT/hello-rs" "$DEST/hello-rs"\n',
        'cp "$OUT/hello-rs" "$DEST/hello-rs"\ncp "$OUT/tool" "$DEST/tool"\n',
      ),
  );
  const std = edited(perLine, 'tool-std', 'std', seedPrograms);
  assert.match(
    std,
    /strip "\$DEST\/hello-std" # only the std tier carries symbols\nstrip "\$DEST\/tool-std" # only the std tier carries symbols\n/,
  );
  assert.match(std, /cp "\$OUT\/hello-std" "\$DEST\/hello-std"\ncp "\$OUT\/tool-std" "\$DEST\/tool-std"\n/);
});

test("a deploy the tool cannot see: advice in the script's own variables, covering the cargo build lines", () => {
  const perFile = continuedLoop.replace(
    /for bin in[^]*done\n/,
    'cp "$OUT/hello-rs" "$OUT/hello-std" "$OUT/shell" "$OUT/init" "$DEPLOY_DIR/"\n',
  );
  const res = addProgramToScript(perFile, { name: 'tool', tier: 'nostd', programs: continuedPrograms, target });
  assert.ok('advice' in res);
  assert.deepEqual(res.advice, [
    'line 9: add -p tool to the cargo build of the no_std programs',
    'deploy it like the other programs, e.g.: cp "$OUT/tool" "$DEPLOY_DIR/tool"',
  ]);
  // ostoo's seed variables.
  const seedAdvice = addProgramToScript(seedScript.replace(/for bin in[^]*done\n/, ''), {
    name: 'tool',
    tier: 'std',
    programs: seedPrograms,
    target,
  });
  assert.ok('advice' in seedAdvice);
  assert.deepEqual(seedAdvice.advice, [
    'after line 19, add: cargo build --release -p tool "$@"',
    'deploy it like the other programs, e.g.: cp "$TARGET_DIR/tool" "$DEPLOY_DIR/tool"',
  ]);
  // A build line continued from the line before cannot be copied; every line is still named.
  const continued = arrayScript.replace(
    '(cd "$here/../user-rs" && cargo build --release --package hello-rs)',
    'cd "$here/../user-rs" &&\n    cargo build --release --package hello-rs',
  );
  const res2 = addProgramToScript(continued, { name: 'tool', tier: 'nostd', programs: seedPrograms, target });
  assert.ok('advice' in res2);
  assert.deepEqual(res2.advice, [
    "line 7: add 'tool' after 'hello-std' (PROGRAMS=( ...)",
    'after line 10, add: cargo build --release --package tool',
  ]);
});

const textOf = (r: ReturnType<typeof addProgramToScript>) => ('text' in r ? r.text : '');

test('a one-item list on a line of its own (as generated) gets the new item on a line of its own', () => {
  const script = '#!/usr/bin/env bash\nprograms=(\n  hello-rs\n)\nfor p in "${programs[@]}"; do echo "$p"; done\n';
  const oneLine = '#!/usr/bin/env bash\nprograms=(hello-rs)\nfor p in "${programs[@]}"; do echo "$p"; done\n';
  const req = {
    name: 'tool',
    tier: 'nostd' as const,
    programs: [{ name: 'hello-rs', tier: 'nostd' as const }],
    target,
  };
  assert.match(textOf(addProgramToScript(script, req)), /^programs=\(\n {2}hello-rs\n {2}tool\n\)$/m);
  assert.match(textOf(addProgramToScript(oneLine, req)), /^programs=\(hello-rs tool\)$/m);
});
