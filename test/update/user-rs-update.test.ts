// `ostoo update` on real user-rs workspaces. A project "made by an older ostoo" is one made
// by this ostoo whose files and merge base are then set back to an older text (the older
// syscall.rs has no getpid, the older build script prints no sizes), so that this ostoo is
// the newer one. The user edits it, adds a program, updates; the merged workspace is then
// built with real cargo and its programs run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { BASE_FILE } from '../../src/project/base.js';
import { ostooBin, tempDir } from '../helpers/paths.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';
import { commitAll, files, git, older, ostoo, read, without } from '../helpers/update.js';

const { toolchain, skip } = toolchainOrSkip();

const SYSCALL = 'user-rs/sys/src/syscall.rs';
const SCRIPT = 'scripts/user-rs-build.sh';
const MAIN = 'user-rs/hello-rs/src/main.rs';
const GETPID = 'pub fn getpid() -> i32 {\n    unsafe { syscall0(nr::GETPID) as i32 }\n}\n\n';
const SIZES = `  printf '%-20s %8d bytes  %s\\n' "$prog" "$(wc -c < "$deploy/$prog")" "$deploy/$prog"\n`;

let madeOnce: Promise<string> | undefined;

/** A no_std-only workspace (no musl needed), as this ostoo makes it (made once, copied). */
async function made(git_: boolean): Promise<string> {
  madeOnce ??= (async () => {
    const dir = path.join(tempDir('update-made'), 'k');
    const res = await ostoo(
      ['new', dir, '--yes', '--toolchain-path', toolchain!.root, '--musl', 'none'],
      process.cwd(),
    );
    assert.equal(res.exitCode, 0, res.all);
    return dir;
  })();
  const dir = path.join(tempDir('update'), 'k');
  cpSync(await madeOnce, dir, { recursive: true });
  if (git_) {
    await git(['init', '-q'], dir);
    await commitAll(dir, 'made by ostoo');
  }
  return dir;
}

/** The user's edits: their own greeting, which also calls their wrapper and ostoo's new getpid. */
function userEdits(dir: string): void {
  const main = read(dir, MAIN);
  writeFileSync(
    path.join(dir, MAIN),
    main.replace(
      '    println!("Hello from Rust on ostoo!");\n',
      '    println!("Hello from my own hello-rs!");\n' +
        '    ostoo_rt::syscall::write_str(1, "my wrapper writes\\n");\n' +
        '    println!("pid is positive: {}", ostoo_rt::syscall::getpid() > 0);\n',
    ),
  );
  writeFileSync(
    path.join(dir, SYSCALL),
    `${read(dir, SYSCALL)}\n/// Mine: \`write\` of a whole string.\npub fn write_str(fd: i32, s: &str) -> isize {\n    write(fd, s.as_bytes())\n}\n`,
  );
}

test(
  'update merges a newer ostoo into an edited workspace with an added program; it builds and its programs run',
  { skip },
  async () => {
    const dir = await made(true);
    older(dir, SYSCALL, without(GETPID));
    older(dir, SCRIPT, without(SIZES));
    await commitAll(dir, 'as an older ostoo made it');
    userEdits(dir);
    const added = await ostoo(['program', 'tool'], path.join(dir, 'user-rs'));
    assert.equal(added.exitCode, 0, added.all);
    await commitAll(dir, 'my edits, and a program');

    // A dry run lists the plan and writes nothing.
    const before = files(dir);
    const dry = await ostoo(['update', '--dry-run'], dir);
    assert.equal(dry.exitCode, 0, dry.all);
    assert.match(dry.all, /user-rs\/sys\/src\/syscall\.rs\s+your edits and ostoo's changes, merged/);
    // The script's only edit is ostoo's own (the program added), so it takes the new text.
    assert.match(dry.all, /scripts\/user-rs-build\.sh\s+you had not changed it: ostoo's new text/);
    assert.match(dry.all, /user-rs\/hello-rs\/src\/main\.rs\s+only you changed it: kept/);
    assert.match(dry.all, /Dry run: nothing was written/);
    assert.doesNotMatch(dry.all, /tool\//, 'the added program is as this ostoo writes it');
    assert.deepEqual(files(dir), before);

    const upd = await ostoo(['update', '--yes'], dir);
    assert.equal(upd.exitCode, 0, upd.all);
    // Both sides of syscall.rs, ostoo's getpid and the user's wrapper.
    const sys = read(dir, SYSCALL);
    assert.ok(sys.includes(GETPID), 'the newer getpid is in');
    assert.match(sys, /pub fn write_str\(fd: i32, s: &str\)/);
    // The build script: the newer size line, and the program `ostoo program` added, once.
    const script = read(dir, SCRIPT);
    assert.ok(script.includes(SIZES));
    assert.equal(script.match(/^ {2}tool$/gm)?.length, 1, script);
    assert.match(read(dir, MAIN), /Hello from my own hello-rs!/);
    assert.equal(read(dir, 'user-rs/Cargo.toml').match(/"tool"/g)?.length, 1, 'the member is not added twice');
    // The base now holds this ostoo's text, so a second update has nothing to do.
    const settled = files(dir);
    const again = await ostoo(['update', '--force'], dir);
    assert.equal(again.exitCode, 0, again.all);
    assert.doesNotMatch(again.all, /merged|new text|new file|CONFLICT/);
    assert.deepEqual(files(dir), settled);

    const binDir = tempDir('bin');
    symlinkSync(ostooBin, path.join(binDir, 'ostoo'));
    const build = await execa('bash', [path.join(dir, SCRIPT)], {
      env: { PATH: `${binDir}:${process.env.PATH}` },
      all: true,
    }).catch((err) => assert.fail(`build failed:\n${err.all ?? err.message}`));
    assert.match(build.stdout, /^hello-rs\s+\d+ bytes/m, 'the merged script prints sizes');
    assert.match(build.stdout, /^tool\s+\d+ bytes/m);
    assert.doesNotMatch(build.stdout, /FAIL/);
    const hello = await execa(path.join(dir, 'user/hello-rs'));
    assert.equal(
      hello.stdout,
      'Hello from my own hello-rs!\nmy wrapper writes\npid is positive: true\nHeap works: 42',
      'the user program, with their wrapper and ostoo’s getpid',
    );
    assert.equal((await execa(path.join(dir, 'user/tool'))).stdout, 'Hello from tool (no_std) on ostoo!');
  },
);

test('the same lines changed on both sides: conflict markers, the file listed, a non-zero exit', { skip }, async () => {
  const dir = await made(true);
  const newer = 'unsafe { syscall0(nr::GETPID) as i32 }';
  older(dir, SYSCALL, (t) => t.replace(newer, 'unsafe { syscall0(nr::GETPID) as _ }'));
  await commitAll(dir, 'as an older ostoo made it');
  writeFileSync(
    path.join(dir, SYSCALL),
    read(dir, SYSCALL).replace('syscall0(nr::GETPID) as _ }', 'syscall0(nr::GETPID) as i32 } // mine'),
  );
  writeFileSync(path.join(dir, MAIN), read(dir, MAIN).replace('Hello from Rust', 'Hello from me'));
  await commitAll(dir, 'my edits');

  const upd = await ostoo(['update', '--yes'], dir);
  assert.equal(upd.exitCode, 1, upd.all);
  assert.match(upd.all, /user-rs\/sys\/src\/syscall\.rs\s+CONFLICT: you and ostoo changed the same lines \(1 region/);
  assert.match(upd.stderr, /^ostoo: 1 file have conflicts: user-rs\/sys\/src\/syscall\.rs — .*<<<<<<</m);
  const sys = read(dir, SYSCALL);
  assert.ok(
    sys.includes(
      '<<<<<<< yours\n    unsafe { syscall0(nr::GETPID) as i32 } // mine\n' +
        '||||||| ostoo before\n    unsafe { syscall0(nr::GETPID) as _ }\n' +
        `=======\n    ${newer}\n>>>>>>> ostoo now\n`,
    ),
    sys,
  );
  assert.match(read(dir, MAIN), /Hello from me/);
  // Markers left in: the next update refuses, and changes nothing.
  await commitAll(dir, 'the update, unresolved');
  const before = files(dir);
  const next = await ostoo(['update', '--yes'], dir);
  assert.equal(next.exitCode, 1);
  assert.match(next.stderr, /^ostoo: .*syscall\.rs still has conflict markers from an earlier merge — /m);
  assert.deepEqual(files(dir), before);
});

test('refused updates leave the project byte-identical', { skip }, async () => {
  const dir = await made(true);
  older(dir, SCRIPT, without(SIZES));
  await commitAll(dir, 'older');
  const refuse = async (args: string[], message: RegExp, cwd = dir) => {
    const before = files(dir);
    const res = await ostoo(['update', ...args], cwd);
    assert.equal(res.exitCode, 1, res.all);
    assert.match(res.stderr, message);
    assert.match(res.stderr, /^ostoo: [^\n]+ — [^\n]+\n?$/, 'one line: what, then what to do');
    assert.deepEqual(files(dir), before);
  };
  // Uncommitted changes in a git repository.
  writeFileSync(path.join(dir, MAIN), `${read(dir, MAIN)}// wip\n`);
  await refuse([], /has uncommitted changes \(user-rs\/hello-rs\/src\/main\.rs\) — commit or stash them first/);
  await refuse(['--yes'], /uncommitted changes/, path.join(dir, 'user-rs', 'hello-rs'));
  await git(['checkout', '--', MAIN], dir);
  // A merge that breaks the build script's syntax stops before writing, naming the file.
  writeFileSync(path.join(dir, SCRIPT), read(dir, SCRIPT).replace('for prog in', 'for prog in (('));
  await commitAll(dir, 'a broken edit');
  await refuse(['--yes'], /merging scripts\/user-rs-build\.sh gives a file that does not parse \(bash -n: /);
  await git(['reset', '-q', '--hard', 'HEAD~1'], dir);
  // A merge base that is not one.
  writeFileSync(path.join(dir, BASE_FILE), `${read(dir, BASE_FILE)}=== file 99 new "../outside"\n`);
  await commitAll(dir, 'a broken base');
  await refuse([], /\.ostoo-base: .* — .*--adopt/);
  await git(['reset', '-q', '--hard', 'HEAD~1'], dir);
  // Not in a project; a project without a base; --adopt where there is one.
  const outside = tempDir('outside');
  const res = await ostoo(['update'], outside);
  assert.match(res.stderr, /is not in a project made by ostoo/);
  await refuse(['--adopt'], /has a merge base already/);
  // What ostoo cannot render again: a project added into an existing tree, and a CAmkES app
  // or Microkit system whose record does not say ostoo made it (Rust support in a user's own).
  const record = read(dir, '.yo-rc.json');
  assert.match(record, /"made": "new"/);
  const refuseRecord = async (text: string, message: RegExp) => {
    writeFileSync(path.join(dir, '.yo-rc.json'), text);
    await commitAll(dir, 'a record');
    await refuse([], message);
    await git(['reset', '-q', '--hard', 'HEAD~1'], dir);
  };
  await refuseRecord(
    record.replace('"made": "new"', '"made": "into-existing"'),
    /ostoo update cannot render .* again: it was added into an existing tree \(--into-existing\).* — take newer files by hand/,
  );
  for (const flavor of ['camkes', 'camkes-cmake', 'microkit'])
    await refuseRecord(
      record.replace('"flavor": "user-rs"', `"flavor": "${flavor}"`).replace(/,\n\s*"made": "new"/, ''),
      /ostoo update cannot render .* again: its record has no `made` entry: the app or system is your own.* — take newer files by hand/,
    );
  rmSync(path.join(dir, BASE_FILE));
  await commitAll(dir, 'made before bases');
  await refuse(
    [],
    /has no merge base \(\.ostoo-base\): it was made before ostoo kept one — run `ostoo update --adopt` once/,
  );
});

test('--adopt takes a project made before merge bases; later updates merge around its edits', { skip }, async () => {
  const dir = await made(true);
  rmSync(path.join(dir, BASE_FILE));
  // Made by an older ostoo, before bases: no getpid yet; the user's edit.
  writeFileSync(path.join(dir, SYSCALL), without(GETPID)(read(dir, SYSCALL)));
  writeFileSync(path.join(dir, MAIN), read(dir, MAIN).replace('Hello from Rust', 'Hello from me'));
  await commitAll(dir, 'an old project');
  const adopt = await ostoo(['update', '--adopt', '--yes'], dir);
  assert.equal(adopt.exitCode, 0, adopt.all);
  assert.match(adopt.all, /user-rs\/sys\/src\/syscall\.rs\s+differs from what this ostoo writes: kept as your edits/);
  assert.match(adopt.all, /2 files differ from what this ostoo writes, and nothing tells which/);
  // Kept, conservatively: both differences stay, as the user's.
  assert.ok(!read(dir, SYSCALL).includes(GETPID));
  assert.match(read(dir, MAIN), /Hello from me/);
  assert.ok(existsSync(path.join(dir, BASE_FILE)));
  await commitAll(dir, 'adopted');
  const next = await ostoo(['update', '--yes'], dir);
  assert.equal(next.exitCode, 0, next.all);
  assert.doesNotMatch(next.all, /merged|new text|new file|CONFLICT/);
  assert.match(next.all, /user-rs\/sys\/src\/syscall\.rs\s+only you changed it: kept/);
});

test(
  'without git: copies of the changed files in .ostoo-backup/, and no second update over them',
  { skip },
  async () => {
    const dir = await made(false);
    older(dir, SCRIPT, without(SIZES));
    const oldScript = read(dir, SCRIPT);
    const upd = await ostoo(['update', '--yes'], dir);
    assert.equal(upd.exitCode, 0, upd.all);
    assert.match(upd.all, /The files as they were before are in \.ostoo-backup\//);
    assert.ok(read(dir, SCRIPT).includes(SIZES));
    assert.equal(read(dir, path.join('.ostoo-backup', SCRIPT)), oldScript);
    const before = files(dir);
    const again = await ostoo(['update', '--yes'], dir);
    assert.equal(again.exitCode, 1);
    assert.match(again.stderr, /\.ostoo-backup holds the files as they were before an earlier ostoo update — /);
    assert.deepEqual(files(dir), before);
  },
);
