// A download cannot hang for ever (stall timeout, minimum speed,
// total deadline, each naming the URL), and errors that cannot heal are not retried.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { streamVerified, closeDownloads } from '../../src/provisioning/download.js';
import { installToolchain } from '../../src/provisioning/install.js';
import { fixture } from '../helpers/fixture.js';
import { DATE, fileName } from '../helpers/dist-server.js';
import { assertNothingLeft, goodInstallAfter } from '../helpers/hostile.js';

const zeros = { sha256: '0'.repeat(64) };
// The defaults' backoff, so that a retried failure would show in the time taken.
const realBackoff = { backoffMs: 250, retries: 5 };

async function serve(
  handler: http.RequestListener,
): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    hits++;
    handler(req, res);
  });
  server.on('connection', (s) => sockets.add(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

async function timed(p: Promise<unknown>, re: RegExp): Promise<number> {
  const t0 = Date.now();
  await assert.rejects(p, (err: Error) => {
    assert.match(err.message, re);
    return true;
  });
  return Date.now() - t0;
}

test('a 1 byte/s trickle fails as stalled, naming the URL', async () => {
  const s = await serve((_req, res) => {
    res.writeHead(200, { 'content-length': '100000' });
    const t = setInterval(() => res.write('x'), 100);
    res.on('close', () => clearInterval(t));
  });
  try {
    const url = `${s.url}/dist/slow.tar.gz`;
    const ms = await timed(
      streamVerified({ url, ...zeros }, () => undefined, { retries: 1, backoffMs: 10, stallTimeoutMs: 1000 }),
      new RegExp(
        `download of ${url} failed after 2 attempts: download of ${url} stalled: \\d+ bytes in 1(\\.\\d)? s, less than 1024 bytes/s`,
      ),
    );
    assert.ok(ms < 5000, `took ${ms} ms`);
  } finally {
    await s.close();
  }
});

test('a server that accepts and never answers fails at the stall timeout, then at the deadline', async () => {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((sock) => sockets.add(sock)); // never writes a byte
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dist/x.tar.gz`;
  try {
    const stalled = await timed(
      streamVerified({ url, ...zeros }, () => undefined, { retries: 1, backoffMs: 10, stallTimeoutMs: 500 }),
      new RegExp(`download of ${url} failed after 2 attempts: download of ${url} stalled: no response within 0\\.5 s`),
    );
    assert.ok(stalled < 3000, `took ${stalled} ms`);
    // Many retries, but the deadline bounds them all.
    const overdue = await timed(
      streamVerified({ url, ...zeros }, () => undefined, {
        retries: 50,
        backoffMs: 10,
        stallTimeoutMs: 400,
        deadlineMs: 1500,
      }),
      new RegExp(`download of ${url} did not finish within 1\\.5 s \\(the deadline, retries included\\)`),
    );
    assert.ok(overdue >= 1400 && overdue < 3000, `took ${overdue} ms`);
  } finally {
    for (const sock of sockets) sock.destroy();
    await new Promise((r) => server.close(r));
    await closeDownloads();
  }
});

test('a redirect loop is not retried', async () => {
  const s = await serve((req, res) => {
    res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' }).end();
  });
  try {
    const ms = await timed(
      streamVerified({ url: `${s.url}/a`, ...zeros }, () => undefined, realBackoff),
      /redirect|HTTP 302/,
    );
    assert.ok(ms < 1000, `took ${ms} ms`);
    assert.ok(s.hits() <= 7, `one attempt (at most 5 redirects followed), got ${s.hits()} requests`);
  } finally {
    await s.close();
  }
});

for (const [what, mutate, reason] of [
  [
    'a hash mismatch',
    (b: Buffer) => Buffer.concat([b.subarray(0, -1), Buffer.from([b[b.length - 1]! ^ 1])]),
    /sha256 mismatch for .*cargo/,
  ],
  [
    'a malformed archive',
    (b: Buffer) => Buffer.alloc(b.length, 0x41),
    /cargo.*cannot decompress the gz data|sha256 mismatch for .*cargo/,
  ],
  ['a truncated archive', (b: Buffer) => b.subarray(0, 40), /cargo|sha256 mismatch|is smaller/],
  ['a 404', undefined, /HTTP 404/],
] as const) {
  test(`${what} fails at once, without retries, and leaves nothing`, async () => {
    const f = await fixture();
    const p = `/dist/${DATE}/${fileName('cargo', f.host, 'gz')}`;
    try {
      const body = f.server.files.get(p)!;
      if (mutate) f.server.files.set(p, mutate(body));
      else f.server.files.delete(p);
      const ms = await timed(installToolchain(f.opts({ retry: realBackoff })), reason);
      const gets = f.server.log.filter((l) => l.startsWith(`GET ${p}`)).length;
      assert.equal(gets, 1, `one attempt: ${f.server.log.join(', ')}`);
      assert.ok(ms < 2000, `took ${ms} ms`);
      assertNothingLeft(f, 'cargo');
      await goodInstallAfter(f);
    } finally {
      await f.cleanup();
    }
  });
}
