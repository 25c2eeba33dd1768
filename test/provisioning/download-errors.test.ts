// Download errors name what failed and are not retried when another attempt cannot heal them:
// a redirect loop (without undici's advice about Agents, which does not apply), a redirect to
// a file: URL, an absurd Content-Length, an invalid dist server URL, a file URL the file
// system cannot name; mode-000 entries are installed with sane modes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { closeDownloads, fetchSize, streamVerified } from '../../src/provisioning/download.js';
import { installToolchain } from '../../src/provisioning/install.js';
import { fixture } from '../helpers/fixture.js';
import { defaultComponents } from '../helpers/dist-server.js';
import { errorLine, installFixture } from '../helpers/cli.js';

async function serve(
  handler: http.RequestListener,
): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits++;
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    close: async () => {
      await closeDownloads();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const opts = { retries: 5, backoffMs: 5 };

/** For assert.rejects: the error's message matches `re` (a bare RegExp would see `Error: ...`). */
const message = (re: RegExp) => (e: Error) => {
  assert.match(e.message, re);
  return true;
};

test('a same-origin redirect loop fails once, in words, without advice about Agents', async () => {
  const s = await serve((_req, res) => res.writeHead(302, { location: '/loop' }).end());
  try {
    await assert.rejects(
      streamVerified({ url: `${s.url}/loop`, sha256: '0'.repeat(64) }, () => {}, opts),
      (e: Error) => {
        assert.match(
          e.message,
          /^GET http:\/\/127\.0\.0\.1:\d+\/loop: too many redirects \(more than 5; a redirect loop\) — the server is misconfigured; use another mirror \(--dist-server\)$/,
        );
        return true;
      },
    );
    assert.ok(s.hits() <= 6, `one attempt (${s.hits()} requests)`);
  } finally {
    await s.close();
  }
});

test('a redirect to a file: URL is refused at once, not retried', async () => {
  const s = await serve((_req, res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end());
  try {
    await assert.rejects(
      streamVerified({ url: `${s.url}/x.tar.gz`, sha256: '0'.repeat(64) }, () => {}, opts),
      message(
        /^GET http:\/\/127\.0\.0\.1:\d+\/x\.tar\.gz: the server redirected it to a URL that is not http\(s\) \(ostoo fetches only http\(s\)\) — use a mirror that serves the files itself \(--dist-server\)$/,
      ),
    );
    assert.equal(s.hits(), 1, 'not retried');
  } finally {
    await s.close();
  }
});

test('a HEAD answering Content-Length: 1e20 is an error at once, not retried', async () => {
  const s = await serve((_req, res) => {
    res.writeHead(200, { 'content-length': '1e20' });
    res.end();
  });
  try {
    await assert.rejects(
      fetchSize(`${s.url}/x.tar.gz`, opts),
      message(
        /^HEAD http:\/\/127\.0\.0\.1:\d+\/x\.tar\.gz: the server's answer is malformed \(.*\) — the server or a proxy between is broken; use another mirror \(--dist-server\)$/,
      ),
    );
    assert.equal(s.hits(), 1, 'not retried');
  } finally {
    await s.close();
  }
});

test('an invalid --dist-server URL is named at once', async () => {
  const f = await fixture();
  try {
    const r = await installFixture(f, ['--dist-server', 'http://[bad']);
    assert.equal(r.exitCode, 1, r.stderr);
    assert.equal(
      errorLine(r),
      'ostoo: dist server "http://[bad" is not a valid URL — give an http(s) URL, a file:// URL or a directory',
    );
  } finally {
    await f.cleanup();
  }
});

test('a locked URL a file:// mirror cannot name (an encoded /) names the artifact', async () => {
  const f = await fixture();
  try {
    const dist = path.join(f.root, 'dist-tree');
    for (const [p, bytes] of f.server.files) {
      mkdirSync(path.dirname(path.join(dist, p)), { recursive: true });
      writeFileSync(path.join(dist, p), bytes);
    }
    const lock = readFileSync(f.lockfile, 'utf8').replace(/\/(cargo-nightly-[^"]*\.tar\.gz)"/, '/sub%2F$1"');
    writeFileSync(f.lockfile, lock);
    const r = await installFixture(f, ['--dist-server', pathToFileURL(dist).href]);
    assert.equal(r.exitCode, 1, r.stderr);
    assert.match(
      errorLine(r),
      /^ostoo: cargo-[^:]*: cannot fetch file:\/\/.*sub%2Fcargo-nightly-[^:]*: a file URL's path must not contain an encoded \/ — /,
    );
  } finally {
    await f.cleanup();
  }
});

test('mode-000 directories and files in an archive are installed with sane modes', async () => {
  const f = await fixture({
    components: (host) =>
      defaultComponents(host).map((c) =>
        c.pkg === 'cargo'
          ? {
              ...c,
              manifest: ['file:bin/cargo', 'file:share/cargo/doc.txt'],
              extra: [
                { path: 'TOP/cargo/share/', type: 'Directory', mode: 0 },
                { path: 'TOP/cargo/share/cargo/', type: 'Directory', mode: 0 },
                { path: 'TOP/cargo/share/cargo/doc.txt', content: 'doc\n', mode: 0 },
              ],
            }
          : c,
      ),
  });
  try {
    await installToolchain(f.opts());
    for (const d of ['share', 'share/cargo'])
      assert.equal(statSync(path.join(f.toolchainDir, d)).mode & 0o777, 0o755, `${d} is rwxr-xr-x`);
    const doc = statSync(path.join(f.toolchainDir, 'share/cargo/doc.txt')).mode & 0o777;
    assert.equal(doc & 0o444, 0o444, `doc.txt is readable by everyone (${doc.toString(8)})`);
  } finally {
    await f.cleanup();
  }
});
