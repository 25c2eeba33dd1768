import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addToSystem } from '../../src/microkit/system-edit.js';
import { readSystem } from '../../src/microkit/system-model.js';
import { SystemFileError } from '../../src/microkit/errors.js';

// Microkit's example/hello, byte for byte.
const hello = `<?xml version="1.0" encoding="UTF-8"?>
<!--
 Copyright 2021, Breakaway Consulting Pty. Ltd.

 SPDX-License-Identifier: BSD-2-Clause
-->
<system>
    <protection_domain name="hello" priority="254">
        <program_image path="hello.elf" />
    </protection_domain>
</system>
`;

const greeter = { name: 'greeter', priority: 100, programImage: 'greeter.elf' };

/** Every line of `before` is in `after`, in order and unchanged. */
function keepsEveryLine(before: string, after: string): void {
  const rest = after.split('\n');
  for (const line of before.split('\n')) {
    const at = rest.indexOf(line);
    assert.ok(at >= 0, `line kept: ${JSON.stringify(line)}`);
    rest.splice(0, at + 1);
  }
}

test('a PD and a channel go after the last PD, in the file’s own indentation', () => {
  const out = addToSystem(readSystem(hello, 'hello.system'), {
    pd: greeter,
    channels: [
      [
        { pd: 'greeter', id: 0 },
        { pd: 'hello', id: 0 },
      ],
    ],
  });
  assert.equal(
    out,
    hello.replace(
      '    </protection_domain>\n',
      `    </protection_domain>
    <protection_domain name="greeter" priority="100">
        <program_image path="greeter.elf" />
    </protection_domain>
    <channel>
        <end pd="greeter" id="0" />
        <end pd="hello" id="0" />
    </channel>
`,
    ),
  );
  keepsEveryLine(hello, out);
});

test('blank lines between elements, tabs, CRLF and `/>` are kept as the file has them', () => {
  const text = [
    '<system>',
    '\t<memory_region name="m" size="0x1000"/>',
    '',
    '\t<protection_domain name="a" priority="200">',
    '\t\t<program_image path="a.elf"/>',
    '\t</protection_domain>',
    '',
    '\t<channel>',
    '\t\t<end pd="a" id="1"/>',
    '\t\t<end pd="a" id="2"/>',
    '\t</channel>',
    '</system>',
    '',
  ].join('\r\n');
  const out = addToSystem(readSystem(text, 's.system'), {
    pd: greeter,
    channels: [
      [
        { pd: 'greeter', id: 0, pp: true },
        { pd: 'a', id: 3 },
      ],
    ],
  });
  assert.equal(
    out,
    [
      '<system>',
      '\t<memory_region name="m" size="0x1000"/>',
      '',
      '\t<protection_domain name="a" priority="200">',
      '\t\t<program_image path="a.elf"/>',
      '\t</protection_domain>',
      '',
      '\t<protection_domain name="greeter" priority="100">',
      '\t\t<program_image path="greeter.elf"/>',
      '\t</protection_domain>',
      '',
      '\t<channel>',
      '\t\t<end pd="a" id="1"/>',
      '\t\t<end pd="a" id="2"/>',
      '\t</channel>',
      '',
      '\t<channel>',
      '\t\t<end pd="greeter" id="0" pp="true"/>',
      '\t\t<end pd="a" id="3"/>',
      '\t</channel>',
      '</system>',
      '',
    ].join('\r\n'),
  );
});

test('a PD whose end tag shares its line with the next element: the lines go before </system>', () => {
  const text =
    '<system>\n  <protection_domain name="a"><program_image path="a.elf"/></protection_domain><memory_region name="m" size="0x1000"/>\n</system>';
  const out = addToSystem(readSystem(text, 's.system'), { pd: greeter, channels: [] });
  assert.equal(
    out,
    '<system>\n  <protection_domain name="a"><program_image path="a.elf"/></protection_domain><memory_region name="m" size="0x1000"/>\n  <protection_domain name="greeter" priority="100">\n    <program_image path="greeter.elf"/>\n  </protection_domain>\n</system>',
  );
});

test('names are written as XML attribute values', () => {
  const text =
    '<system>\n  <protection_domain name="a&amp;b &quot;c&quot;" priority="200">\n    <program_image path="a.elf"/>\n  </protection_domain>\n</system>\n';
  const model = readSystem(text, 's.system');
  const out = addToSystem(model, {
    pd: greeter,
    channels: [
      [
        { pd: 'greeter', id: 0 },
        { pd: 'a&b "c"', id: 0 },
      ],
    ],
  });
  assert.match(out, /<end pd="a&amp;b &quot;c&quot;" id="0"\/>/);
  assert.equal(readSystem(out, 's.system').channels[0]!.ends[1].pd, 'a&b "c"');
});

test('a file whose </system> shares a line with other content, and no line to go after, is refused', () => {
  const text = '<system><protection_domain name="a"><program_image path="a.elf"/></protection_domain></system>\n';
  assert.throws(
    () => addToSystem(readSystem(text, 's.system'), { pd: greeter, channels: [] }),
    (err: unknown) =>
      err instanceof SystemFileError &&
      /<\/system> does not start a line of its own — put <\/system> on its own line first/.test(err.message),
  );
});
