/**
 * The run socket's messages as they arrive, checked with zod before anything reads them: any frame
 * can hold any bytes (null, a number, an array, a `type` nobody sent), and one unchecked field
 * access on such a value used to throw out of the socket's handler and end the process. The shape
 * is the contract's RunSocketMessage (src/shared/routes.ts); what is inside `params` and `source`
 * is the host core's to check (it answers with the same one lines as in Electron).
 */
import type { RawData } from 'ws';
import { z } from 'zod';
import type { RunSocketMessage } from '../../shared/routes.js';

const fields = z.record(z.string(), z.unknown());

const SOCKET_MESSAGE = z.discriminatedUnion('type', [
  z.object({ type: z.literal('run'), id: z.string(), params: fields }),
  z.object({ type: z.literal('run-file'), source: fields, params: fields }),
  z.object({ type: z.literal('profile'), request: fields }),
  z.object({ type: z.literal('cancel') }),
]);

/** A message that passed the check: the contract's type, with params and source still to be checked. */
export type SocketMessage = z.infer<typeof SOCKET_MESSAGE>;

// Each message type of the contract has a schema above, and no other.
type SameTypes = RunSocketMessage['type'] extends SocketMessage['type'] ? (SocketMessage['type'] extends RunSocketMessage['type'] ? true : never) : never;
const sameTypes: SameTypes = true;
void sameTypes;

const EXPECTED =
  'expected JSON {"type": "run", "id", "params"} | {"type": "run-file", "source", "params"} | {"type": "profile", "request"} | {"type": "cancel"}';

/** The message, or the one line that says what is wrong with it. */
export function parseSocketMessage(data: RawData, isBinary: boolean): SocketMessage | string {
  if (isBinary) return `bad message: a binary frame; ${EXPECTED}`;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8'));
  } catch {
    return `bad message: not JSON; ${EXPECTED}`;
  }
  const parsed = SOCKET_MESSAGE.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
  return `bad message: ${where}${issue?.message ?? 'not a message'}; ${EXPECTED}`;
}
