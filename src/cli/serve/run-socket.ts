/**
 * The run socket of `parascope serve` (RUN_SOCKET_PATH, src/shared/routes.ts): one recording per
 * WebSocket connection, started by a RunSocketMessage and reported as SocketRunEvents; closing the
 * connection cancels it. The message handlers are keyed by the table's socket methods, and the
 * runs themselves are the host core's.
 */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { MAX_EXPERIMENT_TEXT } from '../../host/experiment-files.js';
import type { HostCore } from '../../host/host-core.js';
import type { HostRunEvent } from '../../host/recordings.js';
import { RUN_SOCKET_PATH, SOCKET_ROUTES, type SocketMethod, type SocketRunEvent } from '../../shared/routes.js';
import { BIND_ADDRESS, type LoopbackGuards } from './loopback.js';

/** A message as it arrives: JSON of any shape; each field is checked by the host core. */
interface LooseMessage {
  readonly type?: unknown;
  readonly id?: unknown;
  readonly source?: unknown;
  readonly params?: unknown;
}

/** A host event on the wire: the recording's bytes as base64. */
function toSocketEvent(e: HostRunEvent): SocketRunEvent {
  return e.type === 'done' ? { type: 'done', file: { name: e.file.name, path: e.file.path, bytes: Buffer.from(e.file.bytes).toString('base64') } } : e;
}

/** Takes over `server`'s upgrades: the run socket for requests that pass the loopback guards, 403 for the rest. */
export function attachRunSocket(server: http.Server, core: HostCore, guards: LoopbackGuards): WebSocketServer {
  // A run-file message carries an experiment file's text, JSON-escaped (at most 6 bytes a character).
  const wss = new WebSocketServer({ noServer: true, maxPayload: 6 * MAX_EXPERIMENT_TEXT + 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://${BIND_ADDRESS}`);
    if (url.pathname !== RUN_SOCKET_PATH || !guards.hostHeaderOk(req.headers.host) || !guards.originOk(req.headers.origin)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onRunSocket(ws, core));
  });
  return wss;
}

function onRunSocket(ws: WebSocket, core: HostCore): void {
  let runId: string | undefined;
  const send = (e: HostRunEvent): void => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(JSON.stringify(toSocketEvent(e)), () => {
      if (e.type !== 'progress') ws.close(1000);
    });
  };
  /** A new run's id, or undefined when this connection already has one (its events continue). */
  const newRun = (): string | undefined => {
    if (runId !== undefined) return undefined;
    runId = randomUUID();
    return runId;
  };
  const handlers: Record<SocketMethod, (msg: LooseMessage) => void> = {
    runExperiment: (msg) => {
      const id = newRun();
      if (id !== undefined) core.runExperiment(id, msg.id, msg.params, send);
    },
    runExperimentFile: (msg) => {
      const id = newRun();
      if (id !== undefined) core.runExperimentFile(id, msg.source, msg.params, send);
    },
    cancelRun: () => {
      if (runId !== undefined) core.cancelRun(runId);
      else send({ type: 'cancelled' });
    },
  };
  const byType = new Map<unknown, (msg: LooseMessage) => void>(SOCKET_ROUTES.map((r) => [r.socket, handlers[r.method]]));

  ws.on('message', (data: RawData, isBinary: boolean) => {
    let msg: LooseMessage;
    try {
      if (isBinary) throw new Error('binary');
      msg = JSON.parse(data.toString()) as LooseMessage;
    } catch {
      send({ type: 'error', message: 'bad message: expected JSON {type: "run" | "run-file" | "cancel"}' });
      return;
    }
    byType.get(msg.type)?.(msg);
  });
  ws.on('close', () => {
    if (runId !== undefined) core.cancelRun(runId);
  });
}
