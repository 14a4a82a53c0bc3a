/**
 * The baseline of report-process.ts: a whole Node process that only reads a trace file and
 * `JSON.parse`s it (the least any JavaScript tool that reads the file must do), printing the
 * number of events so the parse cannot be optimised away. Nothing else is imported, so its
 * start-up is Node's own.
 *
 *   node dist/bench/read-parse.js FILE
 */
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) throw new Error('usage: read-parse FILE');
const doc = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents?: unknown[] } | unknown[];
process.stdout.write(`${Array.isArray(doc) ? doc.length : (doc.traceEvents?.length ?? 0)}\n`);
