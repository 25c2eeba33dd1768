// A plain static file server over a directory, as nginx or a bucket would serve a mirror:
// GET and HEAD of regular files, 404 otherwise, 127.0.0.1 only, no knowledge of Rust.
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';

export interface StaticServer {
  url: string;
  /** Request paths served, in order. */
  log: string[];
  close(): Promise<void>;
}

export async function serveDirectory(root: string): Promise<StaticServer> {
  const log: string[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const p = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    log.push(`${req.method} ${p}`);
    const file = path.join(root, path.normalize(p));
    let size: number | undefined;
    try {
      const st = statSync(file);
      if (file.startsWith(root + path.sep) && st.isFile()) size = st.size;
    } catch {
      /* 404 */
    }
    if (size === undefined || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-length': String(size) });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
