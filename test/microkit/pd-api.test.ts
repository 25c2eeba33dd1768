import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pdApi, renderPdApi } from '../../src/microkit/pd-api.js';
import { readSystem } from '../../src/microkit/system-model.js';

// A driver with an IRQ and a device region, called by a client; names that are not Rust names.
const system = `<system>
  <memory_region name="uart" size="0x1_000" phys_addr="0x9000000"/>
  <memory_region name="rx-buf" size="0x2000"/>
  <memory_region name="code" size="0x1000"/>
  <protection_domain name="serial-driver" priority="200">
    <program_image path="serial.elf"/>
    <map mr="uart" vaddr="0x2000000" perms="rw" cached="false"/>
    <map mr="rx-buf" vaddr="0x3000000" perms="r"/>
    <map mr="code" vaddr="0x4000000" perms="x"/>
    <map mr="rx-buf" vaddr="0x5000000" perms="r"/>
    <irq irq="33" id="5"/>
  </protection_domain>
  <protection_domain name="1st" priority="100">
    <program_image path="first.elf"/>
  </protection_domain>
  <channel>
    <end pd="1st" id="2" pp="true" notify="false"/>
    <end pd="serial-driver" id="1"/>
  </channel>
  <channel>
    <end pd="1st" id="3"/>
    <end pd="serial-driver" id="2" notify="false"/>
  </channel>
</system>`;
const model = readSystem(system, 's.system');

test('each channel end gets only the operations it may use, and a name Rust accepts', () => {
  const first = pdApi(model, '1st', 's.system');
  assert.deepEqual(
    first.channels.map((c) => [c.type, c.konst, c.id, c.notify, c.ppcall, c.notified, c.called]),
    [
      ['SerialDriver', 'SERIAL_DRIVER', 2, false, true, true, false],
      ['SerialDriver3', 'SERIAL_DRIVER_3', 3, true, false, false, false],
    ],
  );
  assert.deepEqual(first.callers, [], 'nothing calls 1st');
  const text = renderPdApi(first);
  assert.match(
    text,
    /pub struct SerialDriver\(\(\)\);\n\nimpl SerialDriver \{\n {4}pub const ID: ChannelId = 2;\n\n[^}]*pub fn ppcall/,
  );
  assert.doesNotMatch(text.slice(text.indexOf('impl SerialDriver {'), text.indexOf('impl SerialDriver3')), /fn notify/);
  assert.doesNotMatch(text, /fn protected/, 'no protected entry point without callers');
  assert.match(text, /pub enum Notification \{\n {4}SerialDriver\(SerialDriver\),\n\}/);
});

test('IRQs, regions by their mapping (access from perms, twice-mapped regions numbered), callers', () => {
  const driver = pdApi(model, 'serial-driver', 's.system');
  assert.deepEqual(
    driver.regions.map((r) => [r.konst, r.vaddr, r.size, r.access, r.cached]),
    [
      ['UART', '0x2000000', '0x1000', 'ReadWrite', false],
      ['RX_BUF', '0x3000000', '0x2000', 'ReadOnly', true],
      ['CODE', '0x4000000', '0x1000', 'Opaque', true],
      ['RX_BUF_0X5000000', '0x5000000', '0x2000', 'ReadOnly', true],
    ],
  );
  assert.deepEqual(
    driver.irqs.map((i) => [i.type, i.konst, i.id, i.irq]),
    [['Irq33', 'IRQ33', 5, '33']],
  );
  assert.deepEqual(
    driver.notifiers.map((n) => n.type),
    ['Pd1st2', 'Irq33'],
    'its channel 1 cannot notify it (notify="false" at 1st), its channel 2 can (named by its own id); then the IRQ',
  );
  assert.deepEqual(
    driver.callers.map((c) => c.type),
    ['Pd1st'],
  );
  const text = renderPdApi(driver);
  assert.match(text, /fn protected\(&mut self, from: Caller, msg: MessageInfo\) -> MessageInfo;/);
  assert.match(
    text,
    /pub const UART: MemoryRegion<access::ReadWrite> = unsafe \{ MemoryRegion::new\(0x2000000, 0x1000\) \};/,
  );
  assert.match(text, /\/\/\/ Memory region "uart": 0x1000 bytes at 0x2000000, perms "rw", uncached\./);
  assert.match(text, /pub fn ack\(self\) \{\n {8}microkit::raw::irq_ack\(Self::ID\)/);
});

test('long names break the way rustfmt breaks them', () => {
  const long = system.replace(/rx-buf/g, 'a-receive-buffer-with-a-name-long-enough-to-wrap');
  const text = renderPdApi(pdApi(readSystem(long, 's.system'), 'serial-driver', 's.system'));
  assert.match(
    text,
    /pub const A_RECEIVE_BUFFER_WITH_A_NAME_LONG_ENOUGH_TO_WRAP: MemoryRegion<access::ReadOnly> =\n {4}unsafe \{ MemoryRegion::new\(0x3000000, 0x2000\) \};/,
  );
});
