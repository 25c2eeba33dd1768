// The comments of a Rust component's files point to the app's own build system: the Kbuild-era
// Makefile and tools/rust/, or a CMake app's CMakeLists.txt and ostoo-rust/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planComponent } from '../../src/camkes/component.js';

const text = async (build?: 'kbuild' | 'cmake') => {
  const { files } = await planComponent({
    name: 'counter',
    control: true,
    uses: [],
    imports: [],
    ...(build ? { build } : {}),
  });
  return ['Cargo.toml', 'counter.camkes', 'src/camkes.rs']
    .map((f) => String(files.get(`components/counter/${f}`)))
    .join('\n');
};

test("a CMake app's component files name CMakeLists.txt and ostoo-rust/, nothing of the Kbuild build", async () => {
  const cmake = await text('cmake');
  assert.doesNotMatch(cmake, /RUST_CAMKES_COMPONENTS|_RUST\b|Makefile|tools\/rust|rust\.mk|camkes-bindgen/);
  assert.match(cmake, /DeclareCAmkESComponent\(counter LIBS counter_rust\)` in the app's CMakeLists\.txt/);
  assert.match(cmake, /RustAddLibrary\(counter_rust \.\.\.\)` in the app's CMakeLists\.txt/);
  assert.match(cmake, /come from ostoo-rust\/ \(rust\.cmake hands them to/);
});

test("a Kbuild app's component files (the default) name its Makefile and tools/rust/", async () => {
  const kbuild = await text();
  assert.equal(kbuild, await text('kbuild'));
  assert.match(kbuild, /`counter_RUST := counter` in the app's Makefile/);
  assert.match(kbuild, /tools\/rust\/camkes-bindgen\.sh regenerates it/);
  assert.doesNotMatch(kbuild, /CMakeLists|ostoo-rust/);
});
