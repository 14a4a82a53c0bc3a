/**
 * Writes a synthetic Chrome trace for the import benchmark: `events` events (default 1,000,000)
 * on 8 GPU queues and 8 CPU threads, 600 distinct op names (kernel-, memcpy- and aten-style),
 * three args on every op, a CPU → GPU flow for about one op in 2 × flow-every, metadata names. About 150 bytes an event,
 * the size issue 3 specifies (1,000,000 events ≈ 150 MB).
 *
 *   node dist/bench/gen-chrome-trace.js OUT.json [--events 1000000] [--flow-every 100]
 */
import { createWriteStream } from 'node:fs';
import { arg } from './common.js';

export async function writeSyntheticTrace(file: string, events: number, flowEvery = 100): Promise<void> {
  const out = createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write('{"displayTimeUnit":"ns","traceEvents":[\n');
  const lanes = 16;
  for (let l = 0; l < lanes; l++) {
    const pid = l < 8 ? 2 + l : 1;
    const tid = l < 8 ? 1 : l - 7;
    await write(`{"ph":"M","name":"thread_name","pid":${pid},"tid":${tid},"args":{"name":"${l < 8 ? `queue ${l}` : `cpu thread ${tid}`}"}},\n`);
  }
  const t = new Float64Array(lanes).fill(1_000_000);
  let flow = 0;
  let chunk = '';
  for (let i = 0; i < events; i++) {
    const l = i % lanes;
    const pid = l < 8 ? 2 + l : 1;
    const tid = l < 8 ? 1 : l - 7;
    const dur = 1 + ((i * 7919) % 5000) / 1000; // 1–6 µs
    const ts = t[l]!;
    t[l] = ts + dur + ((i * 31) % 100) / 1000;
    const cat = l < 8 ? (i % 5 === 0 ? 'transfer' : 'compute') : 'cpu';
    const name = cat === 'cpu' ? `aten::op_${i % 200}` : cat === 'transfer' ? `Memcpy DtoH ${i % 200}` : `sgemm_128x64_nn_kernel_${i % 200}`;
    chunk += `{"ph":"X","cat":"${cat}","name":"${name}","pid":${pid},"tid":${tid},"ts":${ts.toFixed(3)},"dur":${dur.toFixed(3)},"args":{"i":${i},"bytes":${(i * 4096) % 1048576},"stream":${l}}}`;
    if (i % flowEvery === flowEvery >> 1 && l >= 8) {
      // Flow from this CPU op to the next GPU op on queue 0.
      chunk += `,\n{"ph":"s","cat":"dep","name":"launch","id":${++flow},"pid":${pid},"tid":${tid},"ts":${ts.toFixed(3)}}`;
      chunk += `,\n{"ph":"f","bp":"e","cat":"dep","name":"launch","id":${flow},"pid":2,"tid":1,"ts":${t[0]!.toFixed(3)}}`;
    }
    chunk += i + 1 < events ? ',\n' : '\n';
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(`${chunk}]}\n`);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

if (process.argv[1]?.endsWith('gen-chrome-trace.js')) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: gen-chrome-trace OUT.json [--events N]');
  await writeSyntheticTrace(file, arg('events', 1_000_000), arg('flow-every', 100));
}
