import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hookBuildSh, hookMakefile } from '../../src/microkit/build-hooks.js';

// The shape of Microkit's example Makefiles (example/hello/Makefile, abridged).
const makefile = `BOARD_DIR := $(MICROKIT_SDK)/board/$(MICROKIT_BOARD)/$(MICROKIT_CONFIG)
HELLO_OBJS := hello.o

IMAGES := hello.elf
CFLAGS := -mstrict-align -nostdlib -ffreestanding
LIBS := -lmicrokit -Tmicrokit.ld

all: $(IMAGE_FILE)

$(IMAGE_FILE) $(REPORT_FILE): $(addprefix $(BUILD_DIR)/, $(IMAGES)) hello.system
\t$(MICROKIT_TOOL) hello.system --search-path $(BUILD_DIR)
`;

test('a Microkit Makefile includes microkit.mk right after its IMAGES, before the image rule', () => {
  const out = hookMakefile(makefile);
  assert.ok('text' in out);
  assert.equal(out.text, makefile.replace('IMAGES := hello.elf\n', 'IMAGES := hello.elf\ninclude rust/microkit.mk\n'));
  assert.deepEqual(hookMakefile(out.text), { skip: 'already' });
});

test('a Makefile without IMAGES, or whose IMAGES no rule reads after it, is left alone with the line to add', () => {
  for (const text of ['all:\n\tcc -o x x.c\n', 'x: $(IMAGES)\n\ttrue\nIMAGES := a.elf\n']) {
    const out = hookMakefile(text);
    assert.ok(
      'manual' in out && /add `include rust\/microkit\.mk` to the Makefile after IMAGES is set/.test(out.manual),
    );
  }
});

test('build.sh gets the make line at its end, before a final exit, in its own line endings', () => {
  const script = '#!/bin/sh\nset -e\nOUT="$1"\ncc -o "$OUT/x" x.c\n\nexit 0\n';
  const out = hookBuildSh(script);
  assert.ok('text' in out);
  assert.equal(
    out.text,
    '#!/bin/sh\nset -e\nOUT="$1"\ncc -o "$OUT/x" x.c\n\n# The Rust protection domains (rust/microkit.mk, added by ostoo microkit-pd).\nmake -f "$(dirname "$0")/rust/microkit.mk" BUILD_DIR="$1" microkit-rust-pds\nexit 0\n',
  );
  const crlf = hookBuildSh('#!/bin/sh\r\necho hi\r\n');
  assert.ok('text' in crlf && crlf.text.endsWith('microkit-rust-pds\r\n'));
});

test('a build.sh that shifts its arguments is left alone: "$1" would not be OUT_DIR there', () => {
  const out = hookBuildSh('#!/bin/sh\nOUT="$1"; shift\ncc "$@"\n');
  assert.ok('manual' in out);
});
