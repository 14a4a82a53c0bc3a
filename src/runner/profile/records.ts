/**
 * What a profiled program's preload tells Parascope: one JSON object per line, in one file per
 * thread (record-writer.ts). The preload runs inside the user's program, so the parent treats the
 * lines as unknown input and parses them with these schemas; a line that does not parse (a write
 * cut short by a kill) is counted and skipped, never fatal.
 *
 * Times are decimal strings of ns: host times on `process.hrtime.bigint()`'s clock, GPU times as
 * the device wrote them (put on the host clock by the calibration, as `record` does).
 */
import { z } from 'zod';

const ns = z.string().regex(/^\d+$/);
const argValue = z.union([z.string(), z.number(), z.boolean()]);

/** One access of an op: resource id, byte range [lo, hi), and whether it reads, writes or both. */
export const accessSchema = z.tuple([z.number().int(), z.number(), z.number(), z.enum(['r', 'w', 'rw'])]);
export type Access = z.infer<typeof accessSchema>;

export const profileRecordSchema = z.discriminatedUnion('t', [
  /** The preload started in this thread. */
  z.object({ t: z.literal('start'), th: z.number().int(), hostNs: ns, mode: z.enum(['per-dispatch', 'per-pass']) }),
  /** A device the program created; `timestamps`: whether its GPU work can be timed. */
  z.object({
    t: z.literal('device'),
    th: z.number().int(),
    dev: z.number().int(),
    label: z.string(),
    timestamps: z.boolean(),
    adapter: z.object({
      name: z.string(),
      vendor: z.string(),
      architecture: z.string(),
      device: z.string(),
      description: z.string(),
      backend: z.string(),
      timestampQuery: z.boolean(),
      isFallback: z.boolean(),
    }),
  }),
  /** A buffer or texture; ids are per thread. */
  z.object({ t: z.literal('res'), th: z.number().int(), res: z.number().int(), label: z.string(), size: z.number() }),
  /**
   * An op. Host ops (`dev` absent) carry their times; GPU ops get theirs in `ts` records. `acc`:
   * what it reads and writes, in the order ops reach the queue (`seq`).
   */
  z.object({
    t: z.literal('op'),
    th: z.number().int(),
    id: z.number().int(),
    dev: z.number().int().exactOptional(),
    name: z.string(),
    kind: z.enum(['compute', 'transfer', 'cpu', 'sync', 'other']),
    start: ns.exactOptional(),
    end: ns.exactOptional(),
    args: z.record(z.string(), argValue).exactOptional(),
    acc: z.array(accessSchema).exactOptional(),
    /** A wait: the GPU op it waited for (the last one submitted that it depends on). */
    waitedFor: z.number().int().exactOptional(),
  }),
  /** Ops in the order their effects reach the queue (GPU ops at submit, host writes and reads at their call). */
  z.object({ t: z.literal('seq'), th: z.number().int(), ops: z.array(z.number().int()) }),
  /** GPU timestamps read back: [op id, begin, end]. */
  z.object({ t: z.literal('ts'), th: z.number().int(), dev: z.number().int(), times: z.array(z.tuple([z.number().int(), ns, ns])) }),
  /** Calibration samples of a device: [t0, t1, g] (calibration.ts). */
  z.object({ t: z.literal('calib'), th: z.number().int(), dev: z.number().int(), which: z.enum(['start', 'end']), samples: z.array(z.tuple([ns, ns, ns])) }),
  z.object({ t: z.literal('note'), th: z.number().int(), text: z.string() }),
  /** The preload finished in order: every timestamp it took was read back. */
  z.object({ t: z.literal('end'), th: z.number().int(), hostNs: ns }),
]);
export type ProfileRecord = z.infer<typeof profileRecordSchema>;

/** Parses one line; undefined for a line that is not a record (cut short, or not ours). */
export function parseRecordLine(line: string): ProfileRecord | undefined {
  try {
    const r = profileRecordSchema.safeParse(JSON.parse(line));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}
