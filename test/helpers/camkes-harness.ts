// A stand-in for the parts of a Kbuild-era seL4/CAmkES checkout the Rust rules touch, so
// GNU make can run the generated rules without seL4: a checkout directory whose apps/,
// libs/ and tools/rust link into the generated project (as the repo manifest's linkfiles
// would), a top-level harness.mk playing tools/common/project.mk, and stubs of common.mk
// and camkes.mk that keep only what the Rust rules rely on.
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const commonMk = `# Stand-in for seL4_tools' common.mk: the parts libraries rely on.
SEL4_LIBDIR ?= $(STAGE_DIR)/lib
SEL4_INCLUDEDIR ?= $(STAGE_DIR)/include
Q ?= @
PRIORITY_TARGETS += $(RUST_TARGET)
default: $(PRIORITY_TARGETS) install-headers $(TARGETS)
.PHONY: default install-headers
install-headers:
\t@mkdir -p $(SEL4_INCLUDEDIR)
\t@for f in $(HDRFILES); do echo " [STAGE] $$(basename $$f)"; cp -aL $$f $(SEL4_INCLUDEDIR); done
vpath %.a $(SEL4_LIBDIR)
`;

const camkesMk = `# Stand-in for camkes-tool's camkes.mk and the camkes-gen.mk it generates: each component
# links lib%.a of its <component>_LIBS, with NK_LDFLAGS; the "link" lists them.
include $(SEL4_COMMON)/common.mk
CAMKES_COMPONENTS := $(sort $(patsubst %_CFILES,%,$(filter %_CFILES,$(.VARIABLES))))
$(TARGETS): $(foreach c,$(CAMKES_COMPONENTS),$($(c)_LIBS:%=lib%.a))
\t@echo " [LD] $(foreach c,$(CAMKES_COMPONENTS),$(c):[$(strip $($(c)_LIBS))]) NK_LDFLAGS:[$(strip $(NK_LDFLAGS))]"
\t@touch $@
`;

const harnessMk = `# Stand-in for seL4_tools' project.mk: builds the Kbuild apps and libraries like it does.
.PHONY: all
all:
srctree := $(CHECKOUT)
# The .config of this build: one of the project's defconfigs, as \`make <x>_defconfig\` would copy.
include $(CONFIG)
export SEL4_COMMON := $(HARNESS)/common
BUILD_BASE := $(OUT)/build
STAGE_BASE := $(OUT)/stage
Q := @
include $(srctree)/tools/rust/rust.mk
include $(wildcard $(srctree)/libs/*/Kbuild) $(wildcard $(srctree)/apps/*/Kbuild)
libs := $(libs-y)
apps := $(apps-y)
SEL4_LIBS := common libsel4 libmuslc libsel4platsupport libsel4muslccamkes libsel4camkes libsel4sync libsel4debug libsel4muslcsys
.PHONY: $(libs) $(apps) $(SEL4_LIBS)
all: $(apps)
$(SEL4_LIBS):
\t@:
$(libs):
\t@mkdir -p $(BUILD_BASE)/$@
\t+$(Q)$(MAKE) --no-print-directory -C $(BUILD_BASE)/$@ -f $(CONFIG) -f $(srctree)/libs/$@/Makefile \\
\t    BUILD_DIR=$(BUILD_BASE)/$@ SOURCE_DIR=$(srctree)/libs/$@ STAGE_DIR=$(STAGE_BASE) PWD=$(srctree)
$(apps):
\t@mkdir -p $(BUILD_BASE)/$@
\t+$(Q)$(MAKE) --no-print-directory -C $(BUILD_BASE)/$@ -f $(CONFIG) -f $(srctree)/apps/$@/Makefile \\
\t    BUILD_DIR=$(BUILD_BASE)/$@ SOURCE_DIR=$(srctree)/apps/$@ STAGE_DIR=$(STAGE_BASE) PWD=$(srctree)
`;

export interface Harness {
  /** The fake checkout (symlinks into the project, plus tools/camkes). */
  checkout: string;
  /** harness.mk and the common.mk stub. */
  dir: string;
  /** make arguments that build everything configured by configs/<defconfig> into `out`. */
  makeArgs(out: string, defconfig: string): string[];
}

/** Lays a checkout over `project` (a generated camkes project) in `root`. */
export function createHarness(project: string, root: string): Harness {
  const checkout = path.join(root, 'checkout');
  const dir = path.join(root, 'harness');
  mkdirSync(path.join(dir, 'common'), { recursive: true });
  writeFileSync(path.join(dir, 'common', 'common.mk'), commonMk);
  writeFileSync(path.join(dir, 'harness.mk'), harnessMk);
  for (const sub of ['apps', 'libs', 'tools/camkes']) mkdirSync(path.join(checkout, sub), { recursive: true });
  for (const kind of ['apps', 'libs']) {
    for (const entry of readdirSync(path.join(project, kind)))
      symlinkSync(path.join(project, kind, entry), path.join(checkout, kind, entry));
  }
  symlinkSync(path.join(project, 'tools', 'rust'), path.join(checkout, 'tools', 'rust'));
  writeFileSync(path.join(checkout, 'tools', 'camkes', 'camkes.mk'), camkesMk);
  return {
    checkout,
    dir,
    makeArgs: (out, defconfig) => [
      '-f',
      path.join(dir, 'harness.mk'),
      `CHECKOUT=${checkout}`,
      `HARNESS=${dir}`,
      `OUT=${out}`,
      `CONFIG=${path.join(project, 'configs', defconfig)}`,
    ],
  };
}
