// A stand-in for the parts of a Kbuild-era seL4/CAmkES checkout the Rust rules touch, so
// GNU make can run the generated rules without seL4: a checkout directory whose apps/,
// libs/, tools/rust and tools/xargo link into the generated project (as the repo manifest's
// linkfiles would), a top-level harness.mk playing tools/common/project.mk (and the exports of
// Makefile.flags), and stubs of common.mk and camkes.mk that keep only what the Rust rules
// rely on. common.mk's RUST_TARGET rule is seL4_tools' own, read from ../shared/real-trees.
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { realTrees } from './real-trees.js';

/** seL4_tools' last common.mk with Rust: its `$(RUST_TARGET)` rule, as it is. */
export const sel4ToolsCommonMk = () => path.join(realTrees, 'seL4_tools-417a2a6-parent', 'common-tool', 'common.mk');

function rustTargetRule(): string {
  const text = readFileSync(sel4ToolsCommonMk(), 'utf8');
  const rule = /^\.PHONY: \$\(RUST_TARGET\)\n[^]*?\n\n/m.exec(text);
  if (!rule) throw new Error(`no $(RUST_TARGET) rule in ${sel4ToolsCommonMk()}`);
  return rule[0];
}

const commonMk = () => `# Stand-in for seL4_tools' common.mk: the parts libraries rely on.
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
# seL4_tools' own rule:
${rustTargetRule()}`;

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
# What Makefile.flags exports for the Rust rules.
ifeq ($(CONFIG_ARCH_X86_64),y)
export RUST_ARCH := x86_64
export RUST_ENV := gnu
endif
ifeq ($(CONFIG_ARCH_IA32),y)
export RUST_ARCH := x86
export RUST_ENV := gnu
endif
ifeq ($(CONFIG_ARCH_AARCH32),y)
export RUST_ARCH := arm
export RUST_ENV := gnueabi
endif
ifeq ($(CONFIG_ARM1136JF_S),y)
export RUST_CPU := arm1136jf-s
endif
ifeq ($(CONFIG_ARCH_AARCH64),y)
export SEL4_ARCH := aarch64
export RUST_ENV := gnueabi
endif
export RUST_CUSTOM_TARGET = $(RUST_ARCH)-sel4-linux-$(RUST_ENV)
export RUST_RELEASE_MODE := $(if $(filter y,$(CONFIG_RUST_COMPILE_RELEASE)),release,debug)
export RUST_CARGO_FLAGS := $(CONFIG_RUST_COMPILE_RELEASE:y=--release )
# project.mk's XARGO is tools/xargo/target/release/xargo, which runs tools/rust/xargo: this
# stand-in runs that directly (test/boot/ runs the real one).
export XARGO := $(srctree)/tools/rust/xargo
include $(srctree)/tools/rust/rust.mk
include $(wildcard $(srctree)/libs/*/Kbuild) $(wildcard $(srctree)/apps/*/Kbuild)
libs := $(libs-y)
apps := $(apps-y)
# project.mk's rust_sysroot, after its stage steps (seL4_tools' 2016 JSON spec, which xargo does not read).
.PHONY: rust_sysroot
rust_sysroot:
\t$(Q)mkdir -p $(STAGE_BASE)/common && RUST_TARGET_PATH=$(STAGE_BASE)/common/ \\
\t$(XARGO) sysroot $(RUST_CARGO_FLAGS) --target=$(RUST_CUSTOM_TARGET)
# seL4's own libraries are not built here; their staging directories are there.
.PHONY: common
common:
\t@mkdir -p $(STAGE_BASE)/lib $(STAGE_BASE)/include
SEL4_LIBS := libsel4 libmuslc libsel4platsupport libsel4muslccamkes libsel4camkes libsel4sync libsel4debug libsel4muslcsys
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
  writeFileSync(path.join(dir, 'common', 'common.mk'), commonMk());
  writeFileSync(path.join(dir, 'harness.mk'), harnessMk);
  for (const sub of ['apps', 'libs', 'tools/camkes']) mkdirSync(path.join(checkout, sub), { recursive: true });
  for (const kind of ['apps', 'libs']) {
    for (const entry of readdirSync(path.join(project, kind)))
      symlinkSync(path.join(project, kind, entry), path.join(checkout, kind, entry));
  }
  for (const tool of ['rust', 'xargo'])
    symlinkSync(path.join(project, 'tools', tool), path.join(checkout, 'tools', tool));
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
