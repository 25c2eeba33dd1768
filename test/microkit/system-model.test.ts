import { test } from 'node:test';
import assert from 'node:assert/strict';
import { channelsOf, freeChannelId, readSystem } from '../../src/microkit/system-model.js';
import { SystemFileError } from '../../src/microkit/errors.js';

// Microkit's example/timer and a two-PD system with a PPC channel, as their authors write them.
const timer = `<?xml version="1.0" encoding="UTF-8"?>
<!--
 Copyright 2024, UNSW

 SPDX-License-Identifier: BSD-2-Clause
-->
<system>
    <memory_region name="timer" size="0x10_000" phys_addr="0xffd0f000" />

    <protection_domain name="timer">
        <program_image path="timer.elf" />
        <map mr="timer" vaddr="0x2_000_000" perms="rw" cached="false" setvar_vaddr="timer_regs" />
        <irq irq="42" id="0" trigger="edge" />
    </protection_domain>
</system>
`;

const pingPong = `<system>
  <memory_region name="buf" size="0x1000"/>
  <protection_domain name="server" priority="0xc8">
    <program_image path="server.elf"/>
    <map mr="buf" vaddr="0x4000000" perms="r"/>
    <protection_domain name="child" id="1" priority="201">
      <program_image path="child.elf"/>
    </protection_domain>
  </protection_domain>
  <protection_domain name="client" priority="100">
    <program_image path="client.elf"/>
    <map mr="buf" vaddr="0x4000000"/>
  </protection_domain>
  <channel>
    <end pd="client" id="3" pp="true"/>
    <end pd="server" id="0" notify="false"/>
  </channel>
</system>
`;

test('numbers are read the tool’s way: hex with underscores, defaults for perms, cached and trigger', () => {
  const m = readSystem(timer, 'timer.system');
  assert.equal(m.memoryRegions[0]!.size, 0x10000n);
  const pd = m.pds[0]!;
  assert.equal(pd.priority, 0, 'no priority attribute: the minimum');
  assert.equal(pd.programImage, 'timer.elf');
  assert.deepEqual(
    pd.maps.map((x) => [x.mr, x.vaddr, x.read, x.write, x.cached]),
    [['timer', 0x2000000n, true, true, false]],
  );
  assert.deepEqual(
    pd.irqs.map((i) => [i.irq, i.id, i.trigger]),
    [[42n, 0, 'edge']],
  );
});

test('nested PDs follow their parent, channel ends keep pp and notify, ids are per PD', () => {
  const m = readSystem(pingPong, 'pp.system');
  assert.deepEqual(
    m.pds.map((p) => [p.name, p.priority, p.parent]),
    [
      ['server', 200, undefined],
      ['child', 201, 'server'],
      ['client', 100, undefined],
    ],
  );
  assert.deepEqual(m.pds[2]!.maps[0]!.perms, 'rw');
  const [client] = channelsOf(m, 'client');
  assert.deepEqual(
    [client!.self.id, client!.self.pp, client!.peer.pd, client!.peer.notify],
    [3, true, 'server', false],
  );
  assert.equal(freeChannelId(m, 'client'), 0);
  assert.equal(freeChannelId(m, 'server'), 1);
});

test('the element spans are the exact text of each element', () => {
  const m = readSystem(pingPong, 'pp.system');
  const client = m.pds.find((p) => p.name === 'client')!;
  assert.match(
    m.text.slice(client.el.start, client.el.end),
    /^<protection_domain name="client"[^]*<\/protection_domain>$/,
  );
  const img = client.el.children[0]!;
  assert.equal(m.text.slice(img.start, img.end), '<program_image path="client.elf"/>');
});

const refusals: [string, string, RegExp][] = [
  ['not XML', '<system><protection_domain></system>', /^x\.system:1:\d+: not well-formed XML/],
  ['another root', '<systems/>', /x\.system:1:1: the document element must be <system>/],
  [
    'unknown PD in a channel',
    pingPong.replace('pd="server" id="0"', 'pd="srv" id="0"'),
    /x\.system:16:5: invalid PD name 'srv' on <end>/,
  ],
  [
    'a duplicate id',
    pingPong.replace('id="3"', 'id="0"').replace('pd="server" id="0"', 'pd="client" id="0"'),
    /duplicate channel id 0 in protection domain 'client'/,
  ],
  [
    'a hex channel id (the tool reads ids as plain decimals)',
    pingPong.replace('id="3"', 'id="0x3"'),
    /'id' must be a decimal number/,
  ],
  ['an id past 61', pingPong.replace('id="3"', 'id="62"'), /id must be between 0 and 61/],
  [
    'a PPC to a lower priority',
    pingPong.replace('priority="100"', 'priority="250"'),
    /PD 'client' calls PD 'server' \(pp="true"\), so 'server' needs the higher priority/,
  ],
  ['both ends pp', pingPong.replace('notify="false"', 'pp="true"'), /cannot ppc bidirectionally/],
  ['a write-only map', timer.replace('perms="rw"', 'perms="w"'), /write-only mappings are not allowed/],
  ['a map of an unknown region', timer.replace('mr="timer"', 'mr="tmr"'), /invalid memory region name 'tmr'/],
  ['a PD without a program image', timer.replace('<program_image path="timer.elf" />', ''), /missing 'program_image'/],
  [
    'two PDs of one name',
    pingPong.replace('name="child"', 'name="client"'),
    /duplicate protection domain name 'client'/,
  ],
  [
    'a priority past 254',
    timer.replace('name="timer">', 'name="timer" priority="255">'),
    /priority must be between 0 and 254/,
  ],
  ['a bad boolean', pingPong.replace('notify="false"', 'notify="no"'), /notify must be 'true' or 'false'/],
];
for (const [what, text, message] of refusals) {
  test(`refused with its position: ${what}`, () => {
    assert.throws(
      () => readSystem(text, 'x.system'),
      (err: unknown) =>
        err instanceof SystemFileError &&
        message.test(err.message) &&
        /— fix the \.system file first$/.test(err.message),
    );
  });
}
