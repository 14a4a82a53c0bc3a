/**
 * WebSocket frames by hand, over node:net: what a well-behaved client library will not send
 * (unmasked frames, reserved bits and opcodes, bad UTF-8, absurd lengths), to check that the
 * server closes that one socket and lives on. Also a raw HTTP exchange for answers before an upgrade.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';

/** The upgrade request for /api/run on `port`, with extra headers (the token). */
export function upgradeRequest(port: number, headers: Record<string, string>): Buffer {
  const lines = [
    'GET /api/run HTTP/1.1',
    `Host: 127.0.0.1:${port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`);
}

/** One frame: FIN, RSV bits, opcode, masked (as a client must) unless told otherwise. */
export function frame(opcode: number, payload: Buffer, o: { mask?: boolean; rsv?: number; fin?: boolean } = {}): Buffer {
  const mask = o.mask ?? true;
  const head: number[] = [((o.fin ?? true) ? 0x80 : 0) | ((o.rsv ?? 0) << 4) | opcode];
  const m = mask ? 0x80 : 0;
  if (payload.length < 126) head.push(m | payload.length);
  else if (payload.length < 65536) head.push(m | 126, payload.length >> 8, payload.length & 0xff);
  else throw new Error('frame: payloads over 64 KiB are not needed here');
  if (!mask) return Buffer.concat([Buffer.from(head), payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((b, i) => b ^ key[i % 4]!));
  return Buffer.concat([Buffer.from(head), key, masked]);
}

/** Whether `reply` (an upgrade's answer and what followed) holds the server's close frame. */
export function hasCloseFrame(reply: Buffer): boolean {
  const end = reply.indexOf('\r\n\r\n');
  return end >= 0 && readFrames(reply.subarray(end + 4)).some((f) => f.opcode === 8);
}

/** The server's frames in `bytes` (unmasked, as a server sends them); a cut-off last frame is left out. */
export function readFrames(bytes: Buffer): { opcode: number; payload: Buffer }[] {
  const frames: { opcode: number; payload: Buffer }[] = [];
  let at = 0;
  while (at + 2 <= bytes.length) {
    const opcode = bytes[at]! & 0x0f;
    let len = bytes[at + 1]! & 0x7f;
    let start = at + 2;
    if (len === 126) {
      len = bytes.readUInt16BE(start);
      start += 2;
    } else if (len === 127) {
      len = Number(bytes.readBigUInt64BE(start));
      start += 8;
    }
    if (start + len > bytes.length) break;
    frames.push({ opcode, payload: bytes.subarray(start, start + len) });
    at = start + len;
  }
  return frames;
}

/**
 * Sends `bytes` to 127.0.0.1:`port` and collects the reply until the server closes, `until` says
 * the reply is whole, or `ms` pass.
 */
export function rawExchange(port: number, bytes: Buffer, ms = 5000, until: (reply: Buffer) => boolean = () => false): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const s = net.connect({ host: '127.0.0.1', port }, () => s.write(bytes));
    const timer = setTimeout(() => s.destroy(), ms);
    s.on('data', (d: Buffer) => {
      chunks.push(d);
      if (until(Buffer.concat(chunks))) s.destroy();
    });
    s.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    s.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (e.code === 'ECONNRESET') reject(new Error('the server reset the connection'));
      else reject(e);
    });
  });
}
