// A tiny flavor that only a test registers: the whole of it is this one module (its entry,
// with its one question and its record field, and its Flavor) plus the line that registers it.
// It proves that a flavor is a module and a registry line: `ostoo new` asks its question (and
// no other flavor's), accepts its option, writes its files and reads its record back.
import type { FlavorEntry } from '../../src/flavor-catalog/registry.js';
import type { Flavor } from '../../src/flavors/flavor.js';

export const fakeFlavorId = 'fake-greeter';

const fakeFlavor: Flavor = {
  id: fakeFlavorId,
  lockFile: 'toolchains.lock',
  async plan(input) {
    const greeting = String(input.answers.greeting);
    return {
      files: new Map([['greeting.txt', `${greeting}, world\n`]]),
      executables: [],
      claims: ['greeting.txt'],
      record: { flavor: fakeFlavorId, greetingFile: 'greeting.txt' },
      messages: [`fake flavor: said ${greeting}`],
    };
  },
  bumpFiles() {
    throw new Error('the fake flavor has nothing to bump');
  },
};

export const fakeFlavorEntry: FlavorEntry<Flavor> = {
  id: fakeFlavorId,
  summary: 'a greeting, for tests',
  camkes: false,
  options: {
    setup: [
      {
        name: 'greeting',
        type: 'string',
        description: 'fake-greeter: the word to greet with',
        default: 'hello',
        prompt: { message: 'Greeting' },
        validate: (v) => (/^[a-z]+$/.test(v) ? undefined : `greeting ${JSON.stringify(v)} is not lower-case letters`),
        store: true,
      },
    ],
  },
  record: { greetingFile: 'name' },
  load: async () => fakeFlavor,
};
