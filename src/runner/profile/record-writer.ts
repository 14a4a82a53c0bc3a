/**
 * The preload's side of the channel: records are queued in memory and appended to this thread's
 * file every FLUSH_MS, when one of the program's waits settles, and at exit, with synchronous
 * writes (an exit handler cannot wait). A kill loses at most what was recorded since the last of
 * these; the program never waits on Parascope's I/O except for these short appends.
 */
import fs from 'node:fs';
import type { ProfileRecord } from './records.js';

const FLUSH_MS = 20;

/** A record before the thread id is stamped on it. */
export type Outgoing = ProfileRecord extends infer R ? (R extends { th: number } ? Omit<R, 'th'> : never) : never;

export class RecordWriter {
  private queue: string[] = [];
  private readonly fd: number;
  private readonly timer: NodeJS.Timeout;

  constructor(
    file: string,
    private readonly th: number,
  ) {
    this.fd = fs.openSync(file, 'a', 0o600);
    this.timer = setInterval(() => this.flush(), FLUSH_MS);
    this.timer.unref();
    process.on('exit', () => this.flush());
  }

  send(r: Outgoing): void {
    this.queue.push(JSON.stringify({ ...r, th: this.th }));
  }

  flush(): void {
    if (this.queue.length === 0) return;
    const text = `${this.queue.join('\n')}\n`;
    this.queue = [];
    try {
      fs.writeSync(this.fd, text);
    } catch {
      // The parent's folder is gone (Parascope was killed): nobody can read this any more.
    }
  }
}
