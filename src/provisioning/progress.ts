// Progress reporting: one cli-progress bar per download on a TTY, plain lines otherwise,
// nothing but errors with --quiet.
import cliProgress from 'cli-progress';
import { print, terminalText } from '../util/terminal-text.js';

export interface Task {
  update(received: number, total: number | undefined): void;
  done(message?: string): void;
}

export interface Reporter {
  info(message: string): void;
  task(label: string, total: number | undefined): Task;
  close(): void;
}

function mb(n: number): string {
  return `${(n / 1048576).toFixed(1)} MiB`;
}

class QuietReporter implements Reporter {
  info(): void {}
  task(): Task {
    return { update() {}, done() {} };
  }
  close(): void {}
}

class LineReporter implements Reporter {
  constructor(private readonly out: NodeJS.WritableStream) {}
  info(message: string): void {
    print(this.out, `${message}\n`);
  }
  task(label: string, total: number | undefined): Task {
    this.info(`downloading ${label}${total ? ` (${mb(total)})` : ''}`);
    let last = 0;
    return {
      update: (received) => {
        last = received;
      },
      done: (message) => this.info(message ?? `downloaded ${label} (${mb(last)})`),
    };
  }
  close(): void {}
}

class BarReporter implements Reporter {
  private readonly multi: cliProgress.MultiBar;
  constructor(out: NodeJS.WritableStream) {
    this.multi = new cliProgress.MultiBar(
      {
        stream: out as NodeJS.WriteStream,
        format: ' {bar} {percentage}% | {label} | {done}/{all}',
        hideCursor: true,
        clearOnComplete: false,
        stopOnComplete: false,
        barsize: 24,
      },
      cliProgress.Presets.shades_classic,
    );
  }
  info(message: string): void {
    // The bars' own escape sequences are cli-progress's; the message is escaped like all output.
    this.multi.log(terminalText(`${message}\n`, { layout: true }));
  }
  task(label: string, total: number | undefined): Task {
    const bar = this.multi.create(total ?? 1, 0, { label, done: mb(0), all: total ? mb(total) : '?' });
    return {
      update: (received, t) => {
        if (t && t !== bar.getTotal()) bar.setTotal(t);
        bar.update(received, { done: mb(received), all: t ? mb(t) : '?' });
      },
      done: () => bar.update(bar.getTotal(), {}),
    };
  }
  close(): void {
    this.multi.stop();
  }
}

export function createReporter(opts: { quiet?: boolean; stream?: NodeJS.WriteStream } = {}): Reporter {
  const out = opts.stream ?? process.stderr;
  if (opts.quiet) return new QuietReporter();
  return out.isTTY ? new BarReporter(out) : new LineReporter(out);
}
