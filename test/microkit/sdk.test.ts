import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { chooseSdk, inspectSdk } from '../../src/microkit/sdk.js';
import { MicrokitError } from '../../src/microkit/errors.js';
import { fakeSdk } from '../helpers/microkit.js';

const refuses = (f: () => unknown, message: RegExp) =>
  assert.throws(f, (err: unknown) => err instanceof MicrokitError && message.test(err.message));

test('a board and configuration are read from gen_config.json, or else gen_config.h', () => {
  const sdk = fakeSdk({
    qemu_virt_aarch64: { debug: { arch: 'aarch64', printing: true }, release: { arch: 'aarch64', printing: false } },
    qemu_virt_riscv64: { debug: { arch: 'riscv64', printing: true, header: true } },
  });
  const a = inspectSdk({ sdk, board: 'qemu_virt_aarch64', config: 'release', needsPrinting: false });
  assert.deepEqual([a.arch.target, a.printing, a.version], ['aarch64-sel4-microkit', false, '2.0.1']);
  const r = inspectSdk({ sdk, board: 'qemu_virt_riscv64', config: 'debug', needsPrinting: true });
  assert.deepEqual([r.arch.target, r.printing], ['riscv64gc-sel4-microkit', true]);
});

test('refusals name what to pass', () => {
  const sdk = fakeSdk({
    qemu_virt_aarch64: { release: { arch: 'aarch64', printing: false } },
    x86: { debug: { arch: 'x86_64', printing: true } },
  });
  refuses(
    () => inspectSdk({ sdk: path.join(sdk, 'nope'), board: 'b', config: 'debug', needsPrinting: true }),
    /no Microkit SDK at .*nope \(no bin\/microkit\) — pass --microkit-sdk DIR/,
  );
  refuses(
    () => inspectSdk({ sdk, board: 'odroidc4', config: 'debug', needsPrinting: true }),
    /board 'odroidc4' is not in the SDK at .* — use --microkit-board qemu_virt_aarch64 or x86$/,
  );
  refuses(
    () => inspectSdk({ sdk, board: 'qemu_virt_aarch64', config: 'debug', needsPrinting: true }),
    /no 'debug' configuration for qemu_virt_aarch64 — use --microkit-config release/,
  );
  refuses(
    () => inspectSdk({ sdk, board: 'qemu_virt_aarch64', config: 'release', needsPrinting: true }),
    /'release' configuration prints nothing .* — use --microkit-config debug$/,
  );
  refuses(
    () => inspectSdk({ sdk, board: 'x86', config: 'debug', needsPrinting: true }),
    /x86 is a x86_64 board — Rust PDs are supported on aarch64 and riscv64/,
  );
});

test('the SDK comes from the options, else the record, else the environment; the board defaults to QEMU AArch64 or the only one', () => {
  const two = fakeSdk({
    qemu_virt_aarch64: { debug: { arch: 'aarch64', printing: true } },
    zcu102: { debug: { arch: 'aarch64', printing: true } },
  });
  const one = fakeSdk({ zcu102: { debug: { arch: 'aarch64', printing: true } } });
  assert.deepEqual(chooseSdk({}, {}, { MICROKIT_SDK: two }), { sdk: two, board: 'qemu_virt_aarch64', config: 'debug' });
  assert.deepEqual(chooseSdk({}, { sdk: one }, { MICROKIT_SDK: two }), { sdk: one, board: 'zcu102', config: 'debug' });
  assert.deepEqual(chooseSdk({ sdk: two, config: 'release' }, { sdk: one, board: 'zcu102' }, {}), {
    sdk: two,
    board: 'zcu102',
    config: 'release',
  });
  refuses(
    () => chooseSdk({}, {}, {}),
    /^no Microkit SDK given — pass --microkit-sdk DIR \(or set MICROKIT_SDK\): ostoo uses your SDK and never downloads one$/,
  );
  const many = fakeSdk({
    a: { debug: { arch: 'aarch64', printing: true } },
    b: { debug: { arch: 'aarch64', printing: true } },
  });
  refuses(() => chooseSdk({ sdk: many }, {}, {}), /has several boards \(a, b\) — pass --microkit-board NAME/);
});
