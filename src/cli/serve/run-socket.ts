/**
 * The run socket of `parascope serve` (RUN_SOCKET_PATH, src/shared/routes.ts): one recording per
 * WebSocket connection, started by a RunSocketMessage and reported as SocketRunEvents; closing the
 * connection cancels it. The message handlers are keyed by the table's socket methods, and the
 * runs themselves are the host core's. Each message is checked first (socket-messages.ts); a bad
 * one is answered with an error event, and nothing a client sends ends more than its own socket.
 */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { MAX_EXPERIMENT_TEXT } from '../../host/experiment-files.js';
import type { HostCore } from '../../host/host-core.js';
import { oneLine } from '../../host/one-line.js';
import type { HostRunEvent } from '../../host/recordings.js';
import { API_METHODS, RUN_SOCKET_PATH, SOCKET_ROUTES, type SocketMethod, type SocketRunEvent } from '../../shared/routes.js';
import { rawJsonAnswer } from './http.js';
import { requestUrl, type LoopbackGuards } from './loopback.js';
import { parseSocketMessage, type SocketMessage } from './socket-messages.js';

/** A host event on the wire: the recording's bytes as base64. */
function toSocketEvent(e: HostRunEvent): SocketRunEvent {
  return e.type === 'done' ? { ...e, file: { name: e.file.name, path: e.file.path, bytes: Buffer.from(e.file.bytes).toString('base64') } } : e;
}

/** A refusal before the upgrade: a plain HTTP answer with the usual {"error"} body, then the socket closed. */
function refuseUpgrade(socket: Duplex, status: 401 | 403, message: string): void {
  socket.end(rawJsonAnswer(status, status === 401 ? 'Unauthorized' : 'Forbidden', message));
}

/**
 * Takes over `server`'s upgrades: the run socket for requests that pass the loopback guards and
 * carry the token (`authorized`), 403 or 401 for the rest. Every socket and the server get an
 * `error` listener: a protocol violation (unmasked or oversized frame, bad UTF-8, reserved bits or
 * opcodes) makes `ws` close that one socket with a close code, never the process.
 */
export function attachRunSocket(
  server: http.Server,
  core: HostCore,
  guards: LoopbackGuards,
  authorized: (req: http.IncomingMessage) => boolean,
): WebSocketServer {
  // A run-file message carries an experiment file's text, JSON-escaped (at most 6 bytes a character).
  const wss = new WebSocketServer({ noServer: true, maxPayload: 6 * MAX_EXPERIMENT_TEXT + 64 * 1024 });
  wss.on('error', () => {
    // Only raised for a listening server of its own; noServer has none. Listened to all the same.
  });
  server.on('upgrade', (req, socket, head) => {
    // A client that resets mid-handshake must not raise an unhandled 'error'.
    socket.on('error', () => socket.destroy());
    const url = requestUrl(req.url);
    if (url?.pathname !== RUN_SOCKET_PATH || !guards.hostHeaderOk(req.headers.host) || !guards.originOk(req.headers.origin)) {
      refuseUpgrade(socket, 403, 'WebSocket refused: not this server, or another site');
      return;
    }
    if (!authorized(req)) {
      refuseUpgrade(socket, 401, 'no token: open the URL `parascope serve` printed, or send Authorization: Bearer TOKEN');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onRunSocket(ws, core));
  });
  return wss;
}

/** The message type that carries socket method M. */
type SocketOf<M extends SocketMethod> = (typeof API_METHODS)[M]['browser']['socket'];

function onRunSocket(ws: WebSocket, core: HostCore): void {
  let runId: string | undefined;
  const send = (e: HostRunEvent): void => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(JSON.stringify(toSocketEvent(e)), () => {
      if (e.type !== 'progress') ws.close(1000);
    });
  };
  /** An answer to one bad message: it does not end the connection (a run on it goes on). */
  const reply = (e: HostRunEvent): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(toSocketEvent(e)));
  };
  /** A new run's id, or undefined when this connection already has one (its events continue). */
  const newRun = (): string | undefined => {
    if (runId !== undefined) return undefined;
    runId = randomUUID();
    return runId;
  };
  const handlers: { [M in SocketMethod]: (msg: Extract<SocketMessage, { type: SocketOf<M> }>) => void } = {
    runExperiment: (msg) => {
      const id = newRun();
      if (id !== undefined) core.runExperiment(id, msg.id, msg.params, send);
    },
    runExperimentFile: (msg) => {
      const id = newRun();
      if (id !== undefined) core.runExperimentFile(id, msg.source, msg.params, send);
    },
    // Refused by the host core unless the server was started with --allow-profile (server.ts).
    profileProgram: (msg) => {
      const id = newRun();
      if (id !== undefined) core.profileProgram(id, msg.request, send);
    },
    cancelRun: () => {
      if (runId !== undefined) core.cancelRun(runId);
      else send({ type: 'cancelled' });
    },
  };
  const byType = new Map<string, (msg: SocketMessage) => void>(SOCKET_ROUTES.map((r) => [r.socket, handlers[r.method] as (msg: SocketMessage) => void]));

  ws.on('message', (data: RawData, isBinary: boolean) => {
    const parsed = parseSocketMessage(data, isBinary);
    if (typeof parsed === 'string') {
      // An answer, not the end of the run: a recording in flight on this connection goes on.
      reply({ type: 'error', message: parsed });
      return;
    }
    try {
      byType.get(parsed.type)?.(parsed);
    } catch (e) {
      reply({ type: 'error', message: oneLine(e) });
    }
  });
  // `ws` has closed the socket with a close code (1002, 1007, 1009…); there is nothing to answer.
  ws.on('error', () => {});
  ws.on('close', () => {
    if (runId !== undefined) core.cancelRun(runId);
  });
}
