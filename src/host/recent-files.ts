/**
 * The recently opened trace files, newest first: one policy (newest first, no duplicates, at most
 * 10, absolute paths only) for both hosts, over a pluggable store. Electron keeps the list as JSON
 * in its user-data folder (jsonFileStore); `parascope serve` keeps it for the session only
 * (SESSION_ONLY). Pure Node (no Electron import). A missing or damaged store starts an empty list:
 * recent files are a convenience and never stop the app. Saves are one at a time, and the JSON
 * store writes atomically, so it is always a whole JSON document.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './trace-file.js';
import { oneLine } from './one-line.js';

const MAX_FILES = 10;

/** Where a RecentFiles list is kept. */
export interface RecentStore {
  /** How a failed save names it. */
  readonly where: string;
  /** The saved list as found: anything (it is checked), or a throw when there is none or it is damaged. */
  load(): Promise<unknown>;
  save(files: readonly string[]): Promise<void>;
}

/** The list as `{"files": [...]}` in `file`, written atomically (the folder made when missing). */
export function jsonFileStore(file: string): RecentStore {
  return {
    where: file,
    load: async () => (JSON.parse(await fs.readFile(file, 'utf8')) as { files?: unknown }).files,
    save: async (files) => {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, `${JSON.stringify({ files }, null, 2)}\n`);
    },
  };
}

/** Nothing kept beyond this process: browser mode lists what this session opened. */
export const SESSION_ONLY: RecentStore = {
  where: 'in memory',
  load: () => Promise.resolve([]),
  save: () => Promise.resolve(),
};

export class RecentFiles {
  private files: string[] = [];
  private writing: Promise<void> = Promise.resolve();
  private readonly store: RecentStore;

  /** `store` is a RecentStore, or the path of a JSON file (jsonFileStore). */
  constructor(
    store: RecentStore | string,
    private readonly onError: (message: string) => void = (m) => console.error(`parascope: ${m}`),
  ) {
    this.store = typeof store === 'string' ? jsonFileStore(store) : store;
  }

  async load(): Promise<void> {
    try {
      const files = await this.store.load();
      this.files = (Array.isArray(files) ? files : []).filter((f): f is string => typeof f === 'string' && path.isAbsolute(f)).slice(0, MAX_FILES);
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
    const files = [...this.files];
    this.writing = this.writing.then(async () => {
      try {
        await this.store.save(files);
      } catch (e) {
        this.onError(`cannot save the recent files list ${this.store.where}: ${oneLine(e)}`);
      }
    });
    return this.writing;
  }
}
