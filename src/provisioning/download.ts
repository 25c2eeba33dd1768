// HTTP downloads with undici: retries with exponential backoff, resumption with `Range`
// after a cut connection, and sha256 computed over the bytes as they stream past. Every
// download is bounded in time: a stall timeout (no headers, or less than MIN_SPEED bytes/s
// over the timeout) and a total deadline across retries. Errors that another attempt cannot
// heal (4xx, a hash mismatch, a refused or malformed archive, a redirect loop) are not retried.
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { EnvHttpProxyAgent, interceptors, request, type Dispatcher } from 'undici';
import { fileUrlSize, readFileUrl, streamFileUrl } from './file-source.js';
import { isFileUrl } from './mirror.js';
import { OstooError } from '../errors.js';
import { UrlError } from './url-error.js';
import { NO_NETWORK_HINT } from './no-network.js';

export class IntegrityError extends OstooError {
  constructor(
    readonly url: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `sha256 mismatch for ${url}: expected ${expected}, got ${actual}`,
      'the server holds other bytes than the lock pins; use another mirror (--dist-server), or check the lock entry',
    );
  }
}

export class HttpError extends OstooError {
  constructor(
    readonly url: string,
    readonly status: number,
  ) {
    super(
      `GET ${url} answered HTTP ${status}`,
      status === 404 || status === 410
        ? 'the dist server does not hold this file; check --dist-server, or make a mirror that has it (`ostoo toolchain mirror`)'
        : 'the server refused or failed; try again later, or use another mirror (--dist-server)',
    );
  }
}

/** The host name does not resolve: no network, or no DNS. Retrying does not heal it. */
export class UnresolvedHostError extends OstooError {
  constructor(
    readonly url: string,
    code: string,
  ) {
    super(`cannot resolve the host of ${url} (${code}: no network or no DNS)`, NO_NETWORK_HINT);
  }
}

/** Errors that another attempt cannot fix (bad hash, 404, a refused archive, ...). */
class Fatal extends Error {
  constructor(readonly inner: unknown) {
    super(String(inner));
  }
}

export interface RetryOptions {
  /** Attempts after the first one (default 5, or OSTOO_RETRIES). */
  retries?: number;
  /** First backoff delay in ms, doubled each time (default 250, or OSTOO_BACKOFF_MS). */
  backoffMs?: number;
  /** A download that waits this long for headers, or gets less than MIN_SPEED bytes/s over this long, stalled (default 30 s, or OSTOO_HTTP_TIMEOUT_MS). */
  stallTimeoutMs?: number;
  /** Total time for one URL, retries and backoff included (default 30 min, or OSTOO_DEADLINE_MS). */
  deadlineMs?: number;
}

/** The slowest transfer that counts as progress, in bytes per second (as curl's --speed-limit). */
export const MIN_SPEED = 1024;

export class StalledError extends OstooError {
  constructor(
    readonly url: string,
    why: string,
  ) {
    super(
      `download of ${url} stalled: ${why}`,
      'check the network, or wait longer with --timeout SECONDS (OSTOO_HTTP_TIMEOUT_MS)',
    );
  }
}

export interface StreamOptions extends RetryOptions {
  /** Called as bytes arrive, with the expected total when known. */
  onProgress?: (received: number, total: number | undefined) => void;
  /** Called before each retry. */
  onRetry?: (attempt: number, error: unknown) => void;
}

const BATCH = 1 << 20;

/**
 * The most an artifact whose size the lock does not record may send (OSTOO_MAX_DOWNLOAD_BYTES
 * overrides): the largest rust-installer tarballs are a few hundred MB.
 */
export function maxUnsizedBytes(): number {
  return Number(process.env.OSTOO_MAX_DOWNLOAD_BYTES) || 2 ** 30;
}

let shared: Dispatcher | undefined;

const MAX_REDIRECTS = 5;

function dispatcher(): Dispatcher {
  const timeout = Number(process.env.OSTOO_HTTP_TIMEOUT_MS) || 30_000;
  shared ??= new EnvHttpProxyAgent({ headersTimeout: timeout, bodyTimeout: timeout, connections: 16 }).compose(
    interceptors.redirect({ maxRedirections: MAX_REDIRECTS }),
  );
  return shared;
}

/** What to do about an answer that is not HTTP as it should be. */
const MALFORMED = 'the server or a proxy between is broken; use another mirror (--dist-server)';

/** A 3xx answer that reached us: undici follows redirects, so there were too many. */
function tooManyRedirects(method: string, url: string): Fatal {
  return new Fatal(
    new OstooError(
      `${method} ${url}: too many redirects (more than ${MAX_REDIRECTS}; a redirect loop)`,
      'the server is misconfigured; use another mirror (--dist-server)',
    ),
  );
}

const isRedirect = (status: number): boolean => [301, 302, 303, 307, 308].includes(status);

/** Lets the process exit promptly: closes kept-alive connections. */
export async function closeDownloads(): Promise<void> {
  const d = shared;
  shared = undefined;
  await d?.destroy();
}

function retryOptions(o: RetryOptions): Required<RetryOptions> {
  return {
    retries: o.retries ?? (Number(process.env.OSTOO_RETRIES) || 5),
    backoffMs: o.backoffMs ?? (Number(process.env.OSTOO_BACKOFF_MS) || 250),
    stallTimeoutMs: o.stallTimeoutMs ?? (Number(process.env.OSTOO_HTTP_TIMEOUT_MS) || 30_000),
    deadlineMs: o.deadlineMs ?? (Number(process.env.OSTOO_DEADLINE_MS) || 30 * 60_000),
  };
}

function retryable(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** What each attempt gets: its abort signal (the deadline) and the stall timeout. */
interface Attempt {
  n: number;
  signal: AbortSignal;
  stallMs: number;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/**
 * undici's own errors, in words: which ones mean a stall, and which cannot heal. undici's
 * advice about Agents for a redirect loop does not apply (we use one): it is a loop.
 */
function classify(method: string, url: string, err: unknown, o: Required<RetryOptions>): unknown {
  const code = (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code;
  const message = (err as Error).message ?? '';
  // ENOTFOUND: no such name (or no DNS at all); EAI_AGAIN: no resolver answered.
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new Fatal(new UnresolvedHostError(url, code));
  if (code === 'UND_ERR_HEADERS_TIMEOUT')
    return new StalledError(url, `no response within ${seconds(o.stallTimeoutMs)}`);
  if (code === 'UND_ERR_BODY_TIMEOUT') return new StalledError(url, `no data for ${seconds(o.stallTimeoutMs)}`);
  if (/redirect loop|max redirect/i.test(message)) return tooManyRedirects(method, url);
  if (/Invalid URL protocol/.test(message))
    return new Fatal(
      new OstooError(
        `${method} ${url}: the server redirected it to a URL that is not http(s) (ostoo fetches only http(s))`,
        'use a mirror that serves the files itself (--dist-server)',
      ),
    );
  if (code === 'ERR_INVALID_URL' || code === 'UND_ERR_INVALID_ARG')
    return new Fatal(new UrlError(url, message.replace(/\.$/, '')));
  // A HEAD has no body: a Content-Length it does not keep is a malformed answer, not a cut.
  if (method === 'HEAD' && code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH')
    return new Fatal(new OstooError(`HEAD ${url}: the server's answer is malformed (${message})`, MALFORMED));
  return err;
}

async function withRetries<T>(
  method: string,
  url: string,
  opts: StreamOptions,
  attempt: (a: Attempt) => Promise<T>,
): Promise<T> {
  const o = retryOptions(opts);
  const until = Date.now() + o.deadlineMs;
  const overdue = (): Error =>
    new OstooError(
      `download of ${url} did not finish within ${seconds(o.deadlineMs)} (the deadline, retries included)`,
      'check the network, or allow longer with --deadline SECONDS (OSTOO_DEADLINE_MS)',
    );
  for (let n = 0; ; n++) {
    const signal = AbortSignal.timeout(Math.max(1, until - Date.now()));
    try {
      return await attempt({ n, signal, stallMs: o.stallTimeoutMs });
    } catch (raw) {
      if (signal.aborted) throw overdue();
      const err = classify(method, url, raw, o);
      if (err instanceof Fatal) {
        const inner = err.inner as Error;
        // Say which attempt met the error when earlier ones were retried.
        // The attempt belongs to what went wrong, before the hint.
        const which = ` (attempt ${n + 1} of ${o.retries + 1}; not retried)`;
        if (n > 0 && inner instanceof OstooError && inner.hint) inner.message = `${inner.what}${which} — ${inner.hint}`;
        else if (n > 0 && inner instanceof Error) inner.message += which;
        throw inner;
      }
      if (n >= o.retries)
        throw new OstooError(
          `download of ${url} failed after ${n + 1} attempts: ${err instanceof OstooError ? err.what : (err as Error).message}`,
          err instanceof OstooError && err.hint
            ? err.hint
            : 'check the network and try again, or use another mirror (--dist-server)',
          { cause: err },
        );
      const delay = Math.min(o.backoffMs * 2 ** n, 8_000);
      const wait = delay / 2 + Math.random() * (delay / 2);
      if (Date.now() + wait >= until) throw overdue();
      opts.onRetry?.(n + 1, err);
      await sleep(wait);
    }
  }
}

/**
 * Fails the attempt when less than MIN_SPEED bytes/s arrive over a window of `stallMs`: the
 * stall timeout alone is reset by every byte, so a 1 byte/s trickle would never end.
 */
function speedCheck(url: string, stallMs: number): (n: number) => void {
  let windowStart = Date.now();
  let windowBytes = 0;
  return (n) => {
    windowBytes += n;
    const elapsed = Date.now() - windowStart;
    if (elapsed < stallMs) return;
    if (windowBytes < (MIN_SPEED * elapsed) / 1000) {
      throw new StalledError(url, `${windowBytes} bytes in ${seconds(elapsed)}, less than ${MIN_SPEED} bytes/s`);
    }
    windowStart = Date.now();
    windowBytes = 0;
  };
}

export interface Expected {
  url: string;
  sha256: string;
  size?: number;
}

/**
 * Streams `url` into `sink` exactly once per byte, in order, resuming with `Range` after
 * errors, then checks the sha256 of everything delivered. The sink sees unverified bytes:
 * whatever it builds must stay provisional until this resolves. Errors thrown by the sink
 * are not retried.
 */
export async function streamVerified(
  expected: Expected,
  sink: (chunk: Buffer) => void | Promise<void>,
  opts: StreamOptions = {},
): Promise<void> {
  const { url, sha256, size } = expected;
  if (isFileUrl(url)) {
    const actual = await streamFileUrl(url, expected, sink, opts.onProgress);
    if (actual !== sha256) throw new IntegrityError(url, sha256, actual);
    return;
  }
  const hash = createHash('sha256');
  let received = 0;
  await withRetries('GET', url, opts, async ({ signal, stallMs }) => {
    const headers: Record<string, string> = received > 0 ? { range: `bytes=${received}-` } : {};
    const res = await request(url, {
      dispatcher: dispatcher(),
      headers,
      signal,
      headersTimeout: stallMs,
      bodyTimeout: stallMs,
    });
    const progress = speedCheck(url, stallMs);
    let skip = 0;
    if (res.statusCode === 206 && received > 0) {
      const start = /^bytes (\d+)-/.exec(String(res.headers['content-range'] ?? ''))?.[1];
      if (Number(start) !== received) skip = -1;
    } else if (res.statusCode === 200) {
      skip = received; // server ignored Range: drop what we already have
    } else if (isRedirect(res.statusCode)) {
      res.body.resume();
      throw tooManyRedirects('GET', url);
    } else {
      res.body.resume();
      const e = new HttpError(url, res.statusCode);
      throw retryable(res.statusCode) ? e : new Fatal(e);
    }
    if (skip < 0) {
      res.body.resume();
      throw new Error(`server answered a Range request for ${url} with a different range`);
    }
    const length = Number(res.headers['content-length']);
    const total = size ?? (Number.isFinite(length) ? length + received - skip : undefined);
    // Socket reads arrive in small pieces; hand the sink ~1 MiB batches so that file and
    // zlib work reaches the thread pool in few, large tasks.
    let batch: Buffer[] = [];
    let batched = 0;
    const flush = async (): Promise<void> => {
      if (batched === 0) return;
      const data = batch.length === 1 ? (batch[0] as Buffer) : Buffer.concat(batch, batched);
      batch = [];
      batched = 0;
      try {
        await sink(data);
      } catch (err) {
        res.body.destroy();
        throw new Fatal(err);
      }
      opts.onProgress?.(received, total);
    };
    try {
      for await (const raw of res.body) {
        let chunk = raw as Buffer;
        if (skip > 0) {
          if (chunk.length <= skip) {
            skip -= chunk.length;
            continue;
          }
          chunk = chunk.subarray(skip);
          skip = 0;
        }
        received += chunk.length;
        try {
          progress(chunk.length);
        } catch (err) {
          res.body.destroy();
          throw err;
        }
        // Unverified bytes: stop at the first byte past what the lock records (or the cap).
        if (size !== undefined && received > size) {
          res.body.destroy();
          throw new Fatal(
            new OstooError(
              `${url} is larger than the ${size} bytes the lock records`,
              'the server holds other bytes than the lock pins; use another mirror (--dist-server), or check the lock entry',
            ),
          );
        }
        if (size === undefined && received > maxUnsizedBytes()) {
          res.body.destroy();
          throw new Fatal(
            new OstooError(
              `${url} sent more than ${maxUnsizedBytes()} bytes (the lock records no size)`,
              'if the file is that large, raise the cap with OSTOO_MAX_DOWNLOAD_BYTES; else use another mirror (--dist-server)',
            ),
          );
        }
        hash.update(chunk);
        batch.push(chunk);
        batched += chunk.length;
        if (batched >= BATCH) await flush();
      }
    } finally {
      // Bytes received before a cut connection are good: deliver them before retrying.
      await flush();
    }
  });
  const actual = hash.digest('hex');
  if (actual !== sha256) throw new IntegrityError(url, sha256, actual);
}

/** GETs a small text resource (a channel manifest or its .sha256), with retries. */
export async function fetchText(url: string, opts: RetryOptions = {}): Promise<string> {
  if (isFileUrl(url)) return readFileUrl(url);
  return withRetries('GET', url, opts, async ({ signal, stallMs }) => {
    const res = await request(url, { dispatcher: dispatcher(), signal, headersTimeout: stallMs, bodyTimeout: stallMs });
    if (isRedirect(res.statusCode)) {
      res.body.resume();
      throw tooManyRedirects('GET', url);
    }
    if (res.statusCode !== 200) {
      res.body.resume();
      const e = new HttpError(url, res.statusCode);
      throw retryable(res.statusCode) ? e : new Fatal(e);
    }
    return res.body.text();
  });
}

/** The Content-Length a HEAD request reports, if any. */
export async function fetchSize(url: string, opts: RetryOptions = {}): Promise<number | undefined> {
  if (isFileUrl(url)) return fileUrlSize(url);
  return withRetries('HEAD', url, opts, async ({ signal, stallMs }) => {
    const res = await request(url, {
      dispatcher: dispatcher(),
      method: 'HEAD',
      signal,
      headersTimeout: stallMs,
      bodyTimeout: stallMs,
    });
    res.body.resume();
    if (isRedirect(res.statusCode)) throw tooManyRedirects('HEAD', url);
    if (res.statusCode !== 200) {
      const e = new HttpError(url, res.statusCode);
      throw retryable(res.statusCode) ? e : new Fatal(e);
    }
    const length = res.headers['content-length'];
    if (length === undefined) return undefined;
    // Digits only, and a size a file can have: `1e20` or `-1` is a malformed answer.
    const n = /^\d{1,15}$/.test(String(length)) ? Number(length) : NaN;
    if (!Number.isSafeInteger(n))
      throw new Fatal(
        new OstooError(`HEAD ${url}: the server's answer is malformed (Content-Length: ${String(length)})`, MALFORMED),
      );
    return n;
  });
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
