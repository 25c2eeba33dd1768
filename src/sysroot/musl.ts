// Where the musl sysroot's libc.a and crt objects come from.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Toolchain } from '../toolchain/resolve.js';

export type MuslKind = 'system' | 'rust-std' | 'docker';

export interface MuslSource {
  kind: MuslKind;
  /** Directory holding libc.a and crt1.o/crti.o/crtn.o (inside the image for docker). */
  lib: string;
  include?: string;
  image?: string;
}

export class MuslError extends Error {
  override name = 'MuslError';
}

// Debian/Ubuntu's musl-dev, then the layout of Arch, Fedora and musl's own `make install`.
const systemLayouts = [
  { lib: '/usr/lib/x86_64-linux-musl', include: '/usr/include/x86_64-linux-musl' },
  { lib: '/usr/lib/musl/lib', include: '/usr/lib/musl/include' },
  { lib: '/usr/local/musl/lib', include: '/usr/local/musl/include' },
];

export function findSystemMusl(): MuslSource | undefined {
  const hit = systemLayouts.find((l) => existsSync(path.join(l.lib, 'libc.a')) && existsSync(path.join(l.lib, 'crt1.o')));
  return hit && { kind: 'system', lib: hit.lib, include: existsSync(hit.include) ? hit.include : undefined };
}

/** The self-contained musl that a toolchain's rust-std for x86_64-unknown-linux-musl ships. */
export function findRustStdMusl(tc: Pick<Toolchain, 'root'>): MuslSource | undefined {
  const lib = path.join(tc.root, 'lib', 'rustlib', 'x86_64-unknown-linux-musl', 'lib', 'self-contained');
  return existsSync(path.join(lib, 'libc.a')) ? { kind: 'rust-std', lib } : undefined;
}

export interface MuslChoice {
  kind: MuslKind | 'auto';
  /** Overrides the lib dir (all kinds). */
  path?: string;
  image?: string;
}

export function resolveMuslSource(choice: MuslChoice, tc: Pick<Toolchain, 'root' | 'id'>): MuslSource {
  if (choice.path) {
    if (choice.kind !== 'docker' && !existsSync(path.join(choice.path, 'libc.a'))) {
      throw new MuslError(`--musl-path ${choice.path} has no libc.a`);
    }
    const include = path.join(path.dirname(choice.path), 'include');
    return { kind: choice.kind === 'auto' ? 'system' : choice.kind, lib: choice.path, include: existsSync(include) ? include : undefined, image: choice.image };
  }
  switch (choice.kind) {
    case 'system':
      return findSystemMusl() ?? fail('no system musl found (Debian: apt-get install musl-dev)');
    case 'rust-std':
      return findRustStdMusl(tc) ?? fail(`toolchain ${tc.id} has no rust-std for x86_64-unknown-linux-musl (rustup target add x86_64-unknown-linux-musl)`);
    case 'docker':
      if (!choice.image) fail('--musl docker needs --docker-image IMAGE');
      return { kind: 'docker', image: choice.image, lib: '/usr/local/musl/lib', include: '/usr/local/musl/include' };
    case 'auto':
      return (
        findSystemMusl() ??
        findRustStdMusl(tc) ??
        fail('no musl found: install musl-dev, add rust-std for x86_64-unknown-linux-musl, or use --musl docker --docker-image IMAGE')
      );
  }
}

function fail(message: string): never {
  throw new MuslError(message);
}
