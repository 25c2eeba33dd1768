// Which mismatches between a sysroot and the crates built against it rustc catches by itself,
// and which it does not (so the key must): a workspace is built against the shared prebuilt
// std for its own key, with one input changed behind the key's back.
//   caught by rustc: the spec's bytes (part of the target's identity), the panic strategy;
//   not caught (it links): location-detail, opt-level, target-cpu, build-std features.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { resolveToolchain } from '../../src/toolchain/resolve.js';
import { prepare } from '../../src/std-sysroot/run.js';
import { tempDir } from '../helpers/paths.js';
import { sharedStdCache } from '../helpers/shared-std.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';
import { scriptCargo, writeUserRs } from '../helpers/user-rs-files.js';

const { toolchain, skip } = toolchainOrSkip();

test(
  'rustc refuses another spec and another panic strategy, and links other flags silently',
  { skip, timeout: 20 * 60_000 },
  async () => {
    const tc = await resolveToolchain({ path: toolchain!.root });
    const dir = tempDir('rustc-checks');
    await writeUserRs(dir, tc);
    const env: NodeJS.ProcessEnv = { ...process.env, RUSTC_BOOTSTRAP: '1', RUSTC: tc.rustc };
    delete env.RUSTFLAGS;
    const p = await prepare(scriptCargo(dir, tc.cargo), dir, env, { cacheDir: sharedStdCache(), info: () => {} });
    const flags = p.ctx.rustflags;
    // Only hello-rs: no libc needed, so this runs without the musl sysroot too.
    const buildWith = async (rustflags: string[]): Promise<{ ok: boolean; out: string }> => {
      const r = await execa(p.argv[0]!, [...p.argv.slice(1), '-p', 'hello-rs'], {
        cwd: dir,
        env: { ...env, CARGO_ENCODED_RUSTFLAGS: [...rustflags, '--sysroot', p.ensured.sysroot.dir].join('\x1f') },
        all: true,
        reject: false,
      });
      return { ok: r.exitCode === 0, out: r.all };
    };
    const ok = await buildWith(flags);
    assert.ok(ok.ok, ok.out);

    const notCaught = {
      'location-detail': flags.filter((f) => f !== '-Zlocation-detail=none'),
      'opt-level': [...flags, '-Copt-level=3'],
      'target-cpu': [...flags, '-Ctarget-cpu=x86-64-v3'],
    };
    for (const [what, f] of Object.entries(notCaught)) {
      const r = await buildWith(f);
      assert.ok(r.ok, `${what}: rustc accepts a std built without it (so the key must catch it)\n${r.out}`);
    }
    const unwind = await buildWith([...flags, '-Cpanic=unwind']);
    assert.ok(!unwind.ok);
    assert.match(unwind.out, /panic strategy|unwinding panics are not supported/);
    const immediate = await buildWith([...flags, '-Zunstable-options', '-Cpanic=immediate-abort']);
    assert.ok(!immediate.ok);
    assert.match(immediate.out, /compiled with a panic strategy which is incompatible with `immediate-abort`/);

    // One more key in the spec: rustc's target identity includes the spec's contents.
    const spec = path.join(dir, 'user-rs/x86_64-ostoo-user.json');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace(/\n}\s*$/, ',\n  "metadata": {"description": "x"}\n}\n'));
    const otherSpec = await buildWith(flags);
    assert.ok(!otherSpec.ok);
    assert.match(
      otherSpec.out,
      /E0461|E0463|can't find crate for `core`|couldn't find crate `core` with expected target triple/,
    );
    appendFileSync(spec, '');
  },
);
