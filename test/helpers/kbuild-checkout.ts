// A Kbuild-era CAmkES checkout's shape without ostoo's Rust support: its Kconfig, camkes.mk,
// seL4_tools' rust_sysroot rule, one app (pingpong) and, when asked, the seL4 document's
// libbtreemap. The real 2018 tree is in test/boot/kbuild.test.ts; this is for quick edits.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths.js';

const fixtures = path.join(repoRoot, 'test', 'fixtures');

const kconfig = [
  'mainmenu "CAmkES project configuration"',
  'menu "Libraries"',
  '    source "libs/libmuslc/Kconfig"',
  'endmenu',
  'menu "Applications"',
  '    source "apps/pingpong/Kconfig"',
  'endmenu',
  'source "tools/camkes/Kconfig"',
  '',
];

/** Writes the checkout at `root`; `kconfigHead` (raw bytes, e.g. Latin-1) goes before the Kconfig's first line. */
export function kbuildCheckout(root: string, o: { withLibbtreemap?: boolean; kconfigHead?: Buffer } = {}): string {
  cpSync(path.join(fixtures, 'camkes-samples-layout', 'pingpong'), path.join(root, 'apps', 'pingpong'), {
    recursive: true,
  });
  if (o.withLibbtreemap)
    cpSync(path.join(fixtures, 'kbuild-document', 'libbtreemap'), path.join(root, 'libs', 'libbtreemap'), {
      recursive: true,
    });
  mkdirSync(path.join(root, 'tools', 'camkes'), { recursive: true });
  mkdirSync(path.join(root, 'tools', 'common'), { recursive: true });
  writeFileSync(path.join(root, 'tools', 'camkes', 'camkes.mk'), '# camkes.mk\n');
  writeFileSync(path.join(root, 'tools', 'common', 'project.mk'), 'rust_sysroot: common $(libc) $(RUNONCE)\n');
  writeFileSync(
    path.join(root, 'Kconfig'),
    Buffer.concat([o.kconfigHead ?? Buffer.alloc(0), Buffer.from(kconfig.join('\n'))]),
  );
  return root;
}
