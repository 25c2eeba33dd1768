// EntryGuard and its helpers: the decisions of extraction about what an entry may be and
// where it may land, checked without a tar stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  canonical,
  EntryGuard,
  HostileArchiveError,
  resolveInside,
  unsafeIndex,
  type CheckedEntry,
  type IndexedEntry,
} from '../../src/provisioning/archive-entry-safety.js';

function tmp(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ostoo-guard-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function ok(c: CheckedEntry | HostileArchiveError): CheckedEntry {
  if (c instanceof HostileArchiveError) throw c;
  return c;
}

function refused(c: CheckedEntry | HostileArchiveError, why: RegExp): void {
  assert.ok(c instanceof HostileArchiveError, 'expected a refusal');
  assert.match(c.message, why);
}

test("canonical drops '' and '.' components and keeps a leading '/'", () => {
  assert.equal(canonical('TOP/a//b/./c'), 'TOP/a/b/c');
  assert.equal(canonical('/etc//passwd'), '/etc/passwd');
  assert.equal(canonical('./TOP/x/'), 'TOP/x');
});

test('check strips the top directory and refuses unsafe text', (t) => {
  const g = new EntryGuard(tmp(t), 'pkg');
  assert.deepEqual(ok(g.check('File', 'TOP/cargo//bin/./cargo', undefined)), {
    p: 'TOP/cargo/bin/cargo',
    rel: 'cargo/bin/cargo',
  });
  assert.equal(ok(g.check('Directory', 'TOP/', undefined)).rel, '');
  refused(g.check('File', 'TOP/../x', undefined), /refusing pkg: entry "TOP\/..\/x" has a '..' path component/);
  refused(g.check('File', '/abs', undefined), /has an absolute path/);
  refused(
    g.check('CharacterDevice', 'TOP/dev', undefined),
    /is a CharacterDevice, which an installer package never contains/,
  );
  refused(g.check('SymbolicLink', 'TOP/l', '../../etc'), /is a symlink to ..\/..\/etc, outside the package/);
  refused(g.check('Link', 'TOP/h', 'OTHER/f'), /is a hardlink to OTHER\/f, outside the package/);
});

test('nothing may be written through, or replace, a symlink the archive made', (t) => {
  const g = new EntryGuard(tmp(t), 'pkg');
  const link = ok(g.check('SymbolicLink', 'TOP/c/s', 'd'));
  g.symlinkAt(link);
  refused(g.check('File', 'TOP/c/s/f', undefined), /would be written through the symlink TOP\/c\/s/);
  refused(g.check('File', 'TOP/c//s/f', undefined), /would be written through the symlink TOP\/c\/s/);
  refused(g.check('File', 'TOP/c/s', undefined), /replaces a symlink/);
  refused(g.check('Link', 'TOP/c/h', 'TOP/c/s/f'), /would be written through the symlink TOP\/c\/s/);
});

test('ensureDir makes parents and refuses to go below a symlink or a file on disk', (t) => {
  const dir = tmp(t);
  const g = new EntryGuard(dir, 'pkg');
  g.ensureDir('a/b/c', 0o755, 'TOP/a/b/c/');
  assert.ok(lstatSync(path.join(dir, 'a/b/c')).isDirectory());
  mkdirSync(path.join(dir, 'elsewhere'));
  symlinkSync('elsewhere', path.join(dir, 'x'));
  assert.throws(
    () => g.ensureDir('x/y', 0o755, 'TOP/x/y/f'),
    /entry "TOP\/x\/y\/f" would be written below x, which is not a directory/,
  );
  writeFileSync(path.join(dir, 'file'), '');
  assert.throws(() => g.ensureDir('file/y', 0o755, 'TOP/file/y'), HostileArchiveError);
  assert.ok(!existsSync(path.join(dir, 'elsewhere', 'y')));
});

test('a hardlink may only name a regular file this archive wrote', (t) => {
  const dir = tmp(t);
  const g = new EntryGuard(dir, 'pkg');
  writeFileSync(path.join(dir, 'planted'), 'x');
  const h = ok(g.check('Link', 'TOP/h', 'TOP/planted'));
  assert.throws(
    () => g.hardlinkTarget(h, 'TOP/h', 'TOP/planted'),
    /is a hardlink to TOP\/planted, which is not a regular file extracted earlier/,
  );
  g.regularMade('planted');
  assert.equal(g.hardlinkTarget(h, 'TOP/h', 'TOP/planted'), path.join(dir, 'planted'));
});

test('replacing: a later entry replaces a file, which then no longer counts as written', (t) => {
  const dir = tmp(t);
  const g = new EntryGuard(dir, 'pkg');
  writeFileSync(path.join(dir, 'f'), 'old');
  g.regularMade('f');
  let tries = 0;
  g.replacing('f', () => {
    tries++;
    if (existsSync(path.join(dir, 'f'))) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
    symlinkSync('t', path.join(dir, 'f'));
  });
  assert.equal(tries, 2);
  assert.ok(lstatSync(path.join(dir, 'f')).isSymbolicLink());
  const h = ok(g.check('Link', 'TOP/h', 'TOP/f'));
  assert.throws(() => g.hardlinkTarget(h, 'TOP/h', 'TOP/f'), HostileArchiveError);
  // A directory is never replaced.
  mkdirSync(path.join(dir, 'd'));
  assert.throws(
    () =>
      g.replacing('d', () => {
        throw Object.assign(new Error('exists'), { code: 'EEXIST' });
      }),
    /exists/,
  );
  assert.ok(lstatSync(path.join(dir, 'd')).isDirectory());
});

test('resolveInside follows links on disk and stops at the base', (t) => {
  const base = tmp(t);
  mkdirSync(path.join(base, 'bin'));
  symlinkSync('../lib', path.join(base, 'bin', 'up'));
  assert.deepEqual(resolveInside(base, 'bin/up'), ['lib']);
  symlinkSync('../../..', path.join(base, 'bin', 'out'));
  assert.equal(resolveInside(base, 'bin/out'), undefined);
  symlinkSync('loop', path.join(base, 'loop'));
  assert.equal(resolveInside(base, 'loop'), undefined);
});

test('checkLinks refuses a symlink that resolves outside its component once all links are in place', (t) => {
  const dir = tmp(t);
  const g = new EntryGuard(dir, 'pkg');
  g.ensureDir('cargo/bin', 0o755, 'TOP/cargo/bin/');
  g.ensureDir('rustc', 0o755, 'TOP/rustc/');
  // Each link stays inside on its own; together they lead into another component.
  symlinkSync('..', path.join(dir, 'cargo/bin/a'));
  symlinkSync('a/../rustc', path.join(dir, 'cargo/bin/b'));
  g.symlinkMade('cargo/bin/a');
  g.checkLinks();
  g.symlinkMade('cargo/bin/b');
  assert.throws(
    () => g.checkLinks(),
    /entry "cargo\/bin\/b" is a symlink to a\/..\/rustc, which resolves outside the component cargo once every link is in place/,
  );
});

test('unsafeIndex holds a cached index to the checks archive entries pass', () => {
  const ok = [
    { p: 'cargo', t: 'd' as const },
    { p: 'cargo/bin/cargo', t: 'f' as const },
    { p: 'cargo/lib', t: 'l' as const, link: 'bin' },
    { p: 'cargo/bin/again', t: 'l' as const, link: '../lib/cargo' },
  ];
  assert.equal(unsafeIndex(ok), undefined);
  const bad: [IndexedEntry[], RegExp][] = [
    [[{ p: 'rust-src/a/../../../x', t: 'f' }], /not a canonical relative path/],
    [[{ p: '/etc/x', t: 'f' }], /not a canonical relative path/],
    [[{ p: 'a//b', t: 'd' }], /not a canonical relative path/],
    [[{ p: 'cargo/evil', t: 'l', link: '/etc/passwd' }], /symlink to the absolute path/],
    [[{ p: 'cargo/up', t: 'l', link: '../../../etc' }], /outside the package/],
    [[{ p: 'cargo/side', t: 'l', link: '../rustc/bin' }], /resolves outside the component cargo/],
    [
      [
        { p: 'cargo/a', t: 'l', link: 'b' },
        { p: 'cargo/b', t: 'l', link: 'a' },
      ],
      /resolves outside/,
    ],
  ];
  for (const [entries, re] of bad) assert.match(unsafeIndex(entries) ?? 'accepted', re);
});
