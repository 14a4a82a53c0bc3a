/**
 * The API routes of `parascope serve`: one handler per method of the method table that browser
 * mode carries over HTTP (src/shared/routes.ts), each a thin adapter from HTTP to the host core
 * (src/host/host-core.ts), which does the work and holds the file-access policy. A method of the
 * table without a handler here is a type error; the paths come from the table.
 */
import { promises as fs } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { MAX_EXPERIMENT_TEXT } from '../../host/experiment-files.js';
import { saveInto } from '../../host/file-names.js';
import type { HostCore } from '../../host/host-core.js';
import { oneLine } from '../../host/one-line.js';
import { FILE_HEADERS, HTTP_ROUTES, httpRoute, type ExperimentFileAnswer, type HttpMethod } from '../../shared/routes.js';
import { HttpError, readBody, sendBytes, sendFile, sendJson, sendNoContent } from './http.js';
import type { LoopbackGuards } from './loopback.js';

const MAX_SAVE_BYTES = 1024 * 2 ** 20;
/** A {"path"} reference is a line of JSON. */
const MAX_REFERENCE_BYTES = 64 * 1024;
/** A trace the page uploads for a PDF report: as much as it may save. */
const MAX_PDF_TRACE_BYTES = MAX_SAVE_BYTES;

type RouteHandler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<void>;

/** The route's one query parameter (table: `query`), or null when absent. */
function queryOf(url: URL, method: HttpMethod): string | null {
  const route = httpRoute(method);
  return 'query' in route ? url.searchParams.get(route.query) : null;
}

/**
 * POST /api/pdf's trace (src/shared/routes.ts): a JSON {"path"} reference, or the trace's bytes
 * named by X-Parascope-Name. Never HTML: the host core builds the report itself.
 */
async function pdfSourceOf(req: http.IncomingMessage): Promise<unknown> {
  if ((req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json') {
    try {
      return JSON.parse((await readBody(req, MAX_REFERENCE_BYTES)).toString('utf8')) as unknown;
    } catch (e) {
      if (e instanceof HttpError) throw e;
      throw new HttpError(400, 'savePdf: the reference is not JSON');
    }
  }
  const name = req.headers[FILE_HEADERS.name.toLowerCase()];
  let decoded: string | undefined;
  try {
    decoded = typeof name === 'string' ? decodeURIComponent(name) : undefined;
  } catch {
    decoded = undefined;
  }
  const bytes = await readBody(req, MAX_PDF_TRACE_BYTES);
  return { name: decoded ?? 'trace.json', bytes };
}

/** Answers the requests under /api/ (but the run socket); `saveDir` is where saves and PDFs go. */
export function apiRoutes(core: HostCore, saveDir: string, guards: LoopbackGuards): RouteHandler {
  const save = saveInto(saveDir);
  const routes: Record<HttpMethod, RouteHandler> = {
    version: async (_req, res) => sendJson(res, 200, { version: core.version() }),
    initialFile: async (_req, res) => {
      const initial = await core.initialFile();
      if (initial === undefined) sendNoContent(res);
      else sendFile(res, initial);
    },
    openPath: async (_req, res, url) => sendFile(res, await core.openPath(queryOf(url, 'openPath') ?? '')),
    recentFiles: async (_req, res) => sendJson(res, 200, core.recentFiles()),
    samples: async (_req, res) => sendJson(res, 200, await core.samples()),
    experiments: async (_req, res) => sendJson(res, 200, await core.experiments()),
    experimentExamples: async (_req, res) => sendJson(res, 200, await core.experimentExamples()),
    profiling: async (_req, res) => sendJson(res, 200, await core.profiling()),
    openExperimentFile: async (req, res, url) => {
      // The text of a file the user picked in the browser: validated here, by the same loader as the CLI.
      const text = (await readBody(req, MAX_EXPERIMENT_TEXT)).toString('utf8');
      let answer: ExperimentFileAnswer;
      try {
        answer = { info: core.describeExperimentText(queryOf(url, 'openExperimentFile'), text) };
      } catch (e) {
        answer = { invalid: oneLine(e) };
      }
      sendJson(res, 200, answer);
    },
    save: async (req, res, url) => {
      const body = await readBody(req, MAX_SAVE_BYTES);
      sendJson(res, 200, { path: await core.save(queryOf(url, 'save'), body, save) });
    },
    savePdf: async (req, res, url) => {
      const out = await core.savePdf(queryOf(url, 'savePdf'), await pdfSourceOf(req), save);
      sendBytes(res, await fs.readFile(out), path.basename(out), out);
    },
  };
  const byRoute = new Map(HTTP_ROUTES.map((r) => [`${r.http} ${r.path}`, routes[r.method]]));
  const knownPaths = new Set<string>(HTTP_ROUTES.map((r) => r.path));

  return async (req, res, url) => {
    if (req.method === 'POST' && !guards.originOk(req.headers.origin)) throw new HttpError(403, 'cross-origin request refused');
    const handler = byRoute.get(`${req.method ?? 'GET'} ${url.pathname}`);
    if (handler !== undefined) return handler(req, res, url);
    if (knownPaths.has(url.pathname)) throw new HttpError(405, `${req.method ?? ''} is not allowed on ${url.pathname}`);
    throw new HttpError(404, `no API ${url.pathname}`);
  };
}
