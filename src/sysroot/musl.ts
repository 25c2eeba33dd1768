// Where the musl sysroot's libc.a and crt objects come from.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Toolchain } from '../toolchain/resolve.js';

import { userArchInfo, type UserArch } from '../target-spec/user-arch.js';
import { OstooError } from '../errors.js';

/** `none`: no libc at all, for the no_std tier only (riscv64 on Debian, which packages no musl). */
export type MuslKind = 'system' | 'rust-std' | 'docker' | 'none';

export interface MuslSource {
  kind: MuslKind;
  /** Directory holding libc.a and crt1.o/crti.o/crtn.o (inside the image for docker). */
  lib: string;
  include?: string;
  image?: string;
}

export class MuslError extends OstooError {}

// Debian/Ubuntu's musl-dev (multiarch: musl-dev:arm64 for aarch64), then, for the host's own
// architecture only, the layout of Arch, Fedora and musl's own `make install`.
function systemLayouts(arch: UserArch): { lib: string; include: string }[] {
  const layouts = [{ lib: `/usr/lib/${arch}-linux-musl`, include: `/usr/include/${arch}-linux-musl` }];
  if (process.arch === userArchInfo(arch).nodeArch) {
    layouts.push(
      { lib: '/usr/lib/musl/lib', include: '/usr/lib/musl/include' },
      { lib: '/usr/local/musl/lib', include: '/usr/local/musl/include' },
    );
  }
  return layouts;
}

export function findSystemMusl(arch: UserArch = 'x86_64'): MuslSource | undefined {
  const hit = systemLayouts(arch).find(
    (l) => existsSync(path.join(l.lib, 'libc.a')) && existsSync(path.join(l.lib, 'crt1.o')),
  );
  return hit && { kind: 'system', lib: hit.lib, include: existsSync(hit.include) ? hit.include : undefined };
}

/** The self-contained musl that a toolchain's rust-std for <arch>-unknown-linux-musl ships. */
export function findRustStdMusl(tc: Pick<Toolchain, 'root'>, arch: UserArch = 'x86_64'): MuslSource | undefined {
  const lib = path.join(tc.root, 'lib', 'rustlib', userArchInfo(arch).muslTriple, 'lib', 'self-contained');
  return existsSync(path.join(lib, 'libc.a')) ? { kind: 'rust-std', lib } : undefined;
}

export interface MuslChoice {
  kind: MuslKind | 'auto';
  /** Overrides the lib dir (all kinds). */
  path?: string;
  image?: string;
}

export function resolveMuslSource(
  choice: MuslChoice,
  tc: Pick<Toolchain, 'root' | 'id'>,
  arch: UserArch = 'x86_64',
): MuslSource {
  const info = userArchInfo(arch);
  const triple = info.muslTriple;
  if (choice.kind === 'none') return { kind: 'none', lib: '' };
  if (choice.path) {
    if (choice.kind !== 'docker' && !existsSync(path.join(choice.path, 'libc.a'))) {
      throw new MuslError(`--musl-path ${choice.path} has no libc.a`);
    }
    const include = path.join(path.dirname(choice.path), 'include');
    return {
      kind: choice.kind === 'auto' ? 'system' : choice.kind,
      lib: choice.path,
      include: existsSync(include) ? include : undefined,
      image: choice.image,
    };
  }
  switch (choice.kind) {
    case 'system':
      return (
        findSystemMusl(arch) ??
        fail(
          info.debianMusl
            ? `no system musl found for ${arch} (Debian: apt-get install ${info.debianMusl})`
            : `no system musl found for ${arch} (Debian packages none: use --musl-path DIR, --musl rust-std or --musl none)`,
        )
      );
    case 'rust-std':
      return (
        findRustStdMusl(tc, arch) ??
        fail(`toolchain ${tc.id} has no rust-std for ${triple} (rustup target add ${triple})`)
      );
    case 'docker':
      if (!choice.image) fail('--musl docker needs --docker-image IMAGE');
      return { kind: 'docker', image: choice.image, lib: '/usr/local/musl/lib', include: '/usr/local/musl/include' };
    case 'auto':
      return (
        findSystemMusl(arch) ??
        findRustStdMusl(tc, arch) ??
        // Debian has no riscv64 musl: the no_std tier needs none, and says so (std needs --musl-path).
        (info.debianMusl ? undefined : { kind: 'none' as const, lib: '' }) ??
        fail(
          `no musl found for ${arch}: install ${info.debianMusl}, add rust-std for ${triple}, or use --musl docker --docker-image IMAGE`,
        )
      );
  }
}

function fail(message: string): never {
  throw new MuslError(message);
}
