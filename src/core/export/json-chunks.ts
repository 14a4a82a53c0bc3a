/**
 * JSON text of a document in pieces, for documents too large for one JavaScript string (V8 caps a
 * string at about 512 MiB: a 10-million-op Chrome export is larger). The pieces joined are exactly
 * `JSON.stringify(doc)`; the one long array (`traceEvents`) is written a batch of elements at a
 * time, so no piece is larger than a batch or the largest other field.
 */

/** Elements per piece: large enough that the per-piece cost vanishes, small enough to stay far below the cap. */
const BATCH = 4096;

export function* jsonChunks(doc: object, longArrayKey: string): Generator<string> {
  yield '{';
  let first = true;
  for (const [key, value] of Object.entries(doc)) {
    if (key === longArrayKey && Array.isArray(value)) {
      yield `${first ? '' : ','}${JSON.stringify(key)}:[`;
      for (let i = 0; i < value.length; i += BATCH) {
        const parts: string[] = [];
        for (let j = i; j < Math.min(i + BATCH, value.length); j++) parts.push(JSON.stringify(value[j]) ?? 'null');
        yield `${i === 0 ? '' : ','}${parts.join(',')}`;
      }
      yield ']';
    } else {
      const text = JSON.stringify(value);
      if (text === undefined) continue; // as JSON.stringify drops undefined and functions
      yield `${first ? '' : ','}${JSON.stringify(key)}:${text}`;
    }
    first = false;
  }
  yield '}';
}
