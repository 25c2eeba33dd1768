// Cross tools for the aarch64/riscv64 tests: Debian's gcc-<arch>-linux-gnu and qemu-user-static.
// Missing tools skip the test, except under OSTOO_REQUIRE_TOOLCHAIN=1 (CI), where they fail it.
import { existsSync } from 'node:fs';
import path from 'node:path';

export function onPath(tool: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((d) => d && existsSync(path.join(d, tool)));
}

/** For node:test's `skip`: false when every tool/file is there, else a reason (or a throw on CI). */
export function requireOrSkip(tools: string[], files: string[] = []): string | false {
  const missing = [...tools.filter((t) => !onPath(t)), ...files.filter((f) => !existsSync(f))];
  if (missing.length === 0) return false;
  const why = `missing ${missing.join(', ')} (apt-get install qemu-user-static gcc-aarch64-linux-gnu gcc-riscv64-linux-gnu musl-dev:arm64)`;
  if (process.env.OSTOO_REQUIRE_TOOLCHAIN === '1') throw new Error(`OSTOO_REQUIRE_TOOLCHAIN=1 but ${why}`);
  return why;
}
