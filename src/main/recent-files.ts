/**
 * The recently opened trace files, newest first, kept as JSON in the app's user-data folder.
 * Pure Node (no Electron import). A missing or damaged store starts an empty list: recent files
 * are a convenience and never stop the app. Writes are atomic and one at a time, so the store is
 * always a whole JSON document.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../host/trace-file.js';
import { oneLine } from '../host/one-line.js';

const MAX_FILES = 10;

export class RecentFiles {
  private files: string[] = [];
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: string,
    private readonly onError: (message: string) => void = (m) => console.error(`parascope: ${m}`),
  ) {}

  async load(): Promise<void> {
    try {
      const doc = JSON.parse(await fs.readFile(this.store, 'utf8')) as { files?: unknown };
      const files = Array.isArray(doc.files) ? doc.files : [];
      this.files = files.filter((f): f is string => typeof f === 'string' && path.isAbsolute(f)).slice(0, MAX_FILES);
    } catch {
      this.files = [];
    }
  }

  list(): readonly string[] {
    return this.files;
  }

  /** Puts `file` first (moving it if already listed) and saves the list. */
  add(file: string): Promise<void> {
    const abs = path.resolve(file);
    this.files = [abs, ...this.files.filter((f) => f !== abs)].slice(0, MAX_FILES);
    return this.persist();
  }

  clear(): Promise<void> {
    this.files = [];
    return this.persist();
  }

  private persist(): Promise<void> {
    const text = `${JSON.stringify({ files: this.files }, null, 2)}\n`;
    this.writing = this.writing.then(async () => {
      try {
        await fs.mkdir(path.dirname(this.store), { recursive: true });
        await writeFileAtomic(this.store, text);
      } catch (e) {
        this.onError(`cannot save the recent files list ${this.store}: ${oneLine(e)}`);
      }
    });
    return this.writing;
  }
}
