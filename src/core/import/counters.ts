/**
 * Chrome `C` events into counter tracks (trace-event format: "Counter Events"): events of one
 * process, name and `id` form one track; each numeric key of their `args` is a series of it, and a
 * sample holds until the track's next one. Samples are sorted by time (files need not be), and
 * times are shifted by the same origin as the ops.
 */
import type { CounterSeries, CounterTrack } from '../model.js';
import type { Ns } from '../time.js';
import type { ScannedCounter } from './trace-scan.js';

export function buildCounters(scanned: readonly ScannedCounter[], pidOf: (pid: string) => number, shiftNs: number): CounterTrack[] {
  const tracks = new Map<string, { pid: number; name: string; event: CounterTrack['event']; samples: ScannedCounter[] }>();
  for (const c of scanned) {
    const pid = pidOf(c.pid);
    const id = c.id === '' ? `${pid}:${c.name}` : `${pid}:${c.name}:${c.id}`;
    let t = tracks.get(id);
    if (!t) {
      const event = c.id === '' ? { name: c.name } : { name: c.name, id: c.id };
      tracks.set(id, (t = { pid, name: c.id === '' ? c.name : `${c.name} (${c.id})`, event, samples: [] }));
    }
    t.samples.push(c);
  }
  const out: CounterTrack[] = [];
  for (const [id, t] of tracks) {
    // Stable: samples at one time keep the file's order, the last one holding from there.
    const samples = [...t.samples].sort((a, b) => a.ts - b.ts);
    const byKey = new Map<string, { ts: Ns[]; values: number[] }>();
    for (const s of samples) {
      for (const [key, v] of s.values) {
        let series = byKey.get(key);
        if (!series) byKey.set(key, (series = { ts: [], values: [] }));
        series.ts.push((s.ts - shiftNs) as Ns);
        series.values.push(v);
      }
    }
    const series: CounterSeries[] = [...byKey].map(([name, s]) => ({ name, ts: s.ts, values: s.values }));
    out.push({ id, pid: t.pid, name: t.name, event: t.event, series });
  }
  return out;
}
