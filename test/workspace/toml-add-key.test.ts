// Adding one key to a TOML file as a new line, without touching the owner's lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addTomlKey } from '../../src/workspace/toml-add-key.js';

test('a key goes after the last line of its table, before the comments and blank lines that lead into the next table', () => {
  const text = '[unstable]\nbuild-std = [\n  "std",\n]\n# about [build]\n\n[build]\ntarget = "t.json"\n';
  assert.equal(
    addTomlKey(text, ['unstable'], 'json-target-spec', 'true', true),
    '[unstable]\nbuild-std = [\n  "std",\n]\njson-target-spec = true\n# about [build]\n\n[build]\ntarget = "t.json"\n',
  );
});

test('a missing table is appended; CRLF files stay CRLF; a last line without newline is kept', () => {
  assert.equal(
    addTomlKey('[build]\r\ntarget = "t.json"\r\n', ['target', 'x86_64-os-user'], 'linker', '"ld"', 'ld'),
    '[build]\r\ntarget = "t.json"\r\n\r\n[target.x86_64-os-user]\r\nlinker = "ld"\r\n',
  );
  assert.equal(
    addTomlKey('[target.x86_64-os-user]\nrustflags = []', ['target', 'x86_64-os-user'], 'linker', '"ld"', 'ld'),
    '[target.x86_64-os-user]\nrustflags = []\nlinker = "ld"',
  );
  assert.equal(
    addTomlKey('', ['source', 'crates-io'], 'replace-with', '"v"', 'v'),
    '[source.crates-io]\nreplace-with = "v"\n',
  );
  assert.equal(
    addTomlKey('[source."my src"]\nx = 1\n', ['source', 'my src'], 'directory', '"/d"', '/d'),
    '[source."my src"]\nx = 1\ndirectory = "/d"\n',
  );
});

test('refuses what it cannot add as a line: present keys, dotted or inline tables, broken TOML', () => {
  assert.equal(
    addTomlKey('[unstable]\njson-target-spec = false\n', ['unstable'], 'json-target-spec', 'true', true),
    undefined,
  );
  assert.equal(addTomlKey('unstable.build-std = ["std"]\n', ['unstable'], 'json-target-spec', 'true', true), undefined);
  assert.equal(
    addTomlKey(
      'target = { x86_64-os-user = { rustflags = [] } }\n',
      ['target', 'x86_64-os-user'],
      'linker',
      '"ld"',
      'ld',
    ),
    undefined,
  );
  assert.equal(addTomlKey('[unstable\n', ['unstable'], 'json-target-spec', 'true', true), undefined);
});
