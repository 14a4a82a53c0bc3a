/**
 * User experiment files for the app, on the host side (Electron main and `parascope serve`; pure
 * Node, no Electron import, no Dawn): the bundled examples, files the user picked, and turning a
 * source the page names into the validated spec the recorder child runs.
 *
 * The page names a file by path or hands over its text (ExperimentFileSource in
 * src/shared/api.ts). A path is read only when the host itself named it: an example in
 * resources/experiments or a file picked in the host's dialog. Text the page read itself is parsed
 * with no folder behind it, so its `file:` WGSL references are refused instead of reading whatever
 * path the text names on the host.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ExperimentFileInfo, ExperimentFileSource } from '../shared/api.js';
import { isExperimentFileName, loadExperimentFile, MAX_EXPERIMENT_BYTES, parseExperimentText } from '../runner/user-experiment/loader.js';
import type { UserExperimentSpec } from '../runner/user-experiment/schema.js';
import { AllowedPaths } from './host-files.js';

/** More than any hand-written experiment needs (`init: random` fills big buffers; a `data:` list of 300,000 numbers fits). */
export const MAX_EXPERIMENT_TEXT = MAX_EXPERIMENT_BYTES;

/** Why a `file:` reference cannot resolve in text the page read itself. */
const NO_FOLDER =
  'the experiment file was read by the browser, so files beside it are out of reach: put the WGSL inline with code:, or open the file from the desktop app or with parascope record';

export function describeSpec(spec: UserExperimentSpec, source: ExperimentFileSource, example: boolean): ExperimentFileInfo {
  return {
    source,
    title: spec.name,
    question: spec.question,
    ...(spec.method !== undefined ? { method: spec.method } : {}),
    devices: spec.devices.length,
    ops: spec.ops.length,
    phases: spec.phases.map((p) => p.name),
    example,
  };
}

/** A recording's file-name stem for an experiment file: `file-<base name>` in safe characters. */
export function recordingStem(fileName: string): string {
  const base = path
    .basename(fileName)
    .replace(/\.(ya?ml|json)$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '');
  return `file-${base.slice(0, 64) || 'experiment'}`;
}

export class ExperimentFiles {
  private readonly allowed = new AllowedPaths('an example experiment file or one picked in the app');

  constructor(private readonly examplesDir: string) {
    this.allowed.allowDir(examplesDir);
  }

  /** The bundled examples, validated; one that does not validate is left out and reported. */
  async examples(onProblem: (message: string) => void = () => {}): Promise<ExperimentFileInfo[]> {
    let names: string[];
    try {
      names = (await fs.readdir(this.examplesDir)).filter(isExperimentFileName).sort();
    } catch {
      return [];
    }
    const out: ExperimentFileInfo[] = [];
    for (const name of names) {
      const file = path.join(this.examplesDir, name);
      try {
        out.push(describeSpec(loadExperimentFile(file, name), { name, path: file }, true));
      } catch (e) {
        onProblem((e as Error).message);
      }
    }
    return out;
  }

  /** A file the user picked in the host's own dialog: validated, and runnable by path from now on. */
  describePicked(file: string): ExperimentFileInfo {
    const abs = path.resolve(file);
    const spec = loadExperimentFile(abs, path.basename(abs));
    this.allowed.allowFile(abs);
    return describeSpec(spec, { name: path.basename(abs), path: abs }, false);
  }

  /** Text the page read itself (browser mode's picker), validated. */
  describeText(name: unknown, text: unknown): ExperimentFileInfo {
    const source = checkTextSource(name, text);
    return describeSpec(parseText(source), source, false);
  }

  /** The spec to run for what the page names, read and validated again now (the file may have changed). */
  async resolve(source: unknown): Promise<UserExperimentSpec> {
    if (typeof source !== 'object' || source === null) throw new Error('the experiment file must be named by path or given as text');
    const s = source as { name?: unknown; path?: unknown; text?: unknown };
    if (s.path !== undefined) {
      const real = await this.allowed.check(s.path);
      return loadExperimentFile(real, typeof s.name === 'string' && isExperimentFileName(s.name) ? path.basename(s.name) : path.basename(real));
    }
    return parseText(checkTextSource(s.name, s.text));
  }
}

function checkTextSource(name: unknown, text: unknown): { name: string; text: string } {
  if (typeof name !== 'string' || !isExperimentFileName(name) || name.length > 255) {
    throw new Error(`an experiment file is named .yaml, .yml or .json, got ${JSON.stringify(name) ?? String(name)}`);
  }
  const base = path.posix.basename(name.replace(/\\/g, '/'));
  if (typeof text !== 'string') throw new Error(`${base}: the file's text is missing`);
  if (text.length > MAX_EXPERIMENT_TEXT) throw new Error(`${base}: over ${MAX_EXPERIMENT_TEXT / 2 ** 20} MiB, more than an experiment file needs`);
  return { name: base, text };
}

function parseText(s: { name: string; text: string }): UserExperimentSpec {
  return parseExperimentText(s.text, {
    file: s.name,
    dir: path.sep,
    base: s.name,
    readText: () => {
      throw new Error(NO_FOLDER);
    },
  });
}
