/**
 * A byte-level JSON reader for trace files, used instead of `JSON.parse` because trace files are
 * large (hundreds of MB) and mostly made of small, same-shaped event objects:
 * - it never builds the document tree: the caller pulls the fields it wants and skips the rest,
 *   so memory stays near the size of the input plus what is kept;
 * - strings are interned (event names repeat), so a million events with a thousand distinct
 *   names cost a thousand strings;
 * - numbers can be read as exact integer nanoseconds from a decimal µs text (`12.345`), with no
 *   float rounding, which is what Chrome trace timestamps are;
 * - nesting is tracked with a counter, not recursion, so hostile depth cannot overflow the stack;
 * - every error names the byte offset.
 * It accepts exactly JSON (RFC 8259) plus what the Trace Event Format allows: a trailing comma
 * and a missing `]` at the end of the array form. Pure: no Node APIs (TextDecoder is standard).
 */
import { TraceFormatError } from './errors.js';

const enum C {
  TAB = 9,
  LF = 10,
  CR = 13,
  SPACE = 32,
  QUOTE = 34,
  PLUS = 43,
  COMMA = 44,
  MINUS = 45,
  DOT = 46,
  ZERO = 48,
  NINE = 57,
  COLON = 58,
  E_UP = 69,
  LBRACKET = 91,
  BACKSLASH = 92,
  RBRACKET = 93,
  E_LOW = 101,
  F = 102,
  N = 110,
  T = 116,
  LBRACE = 123,
  RBRACE = 125,
}

export const MAX_DEPTH = 512;

/** Slots of the string table to begin with (a power of two). */
const INITIAL_SLOTS = 1024;

const ONE_CHAR: readonly string[] = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i));

/** A JSON number as read, split so that µs → ns conversion loses nothing (see exact-time.ts). */
export interface ExactNumber {
  /** The value as a double (what JSON.parse would give). */
  value: number;
  /** When `exact`: the integer part of |value|, exactly (below 2^53). */
  intPart: number;
  /** When `exact`: the (at most three) decimals scaled by 1000, so µs → ns: 0..999. */
  milli: number;
  negative: boolean;
  /**
   * True when intPart and milli hold the value exactly: no exponent, at most 3 decimals, integer
   * part below 2^53 (so Unix-epoch µs, 16 digits, are exact here too). Otherwise the text, bytes
   * [start, end), is what is exact: exact-time.ts `splitText` reads it.
   */
  exact: boolean;
  start: number;
  end: number;
}

export class JsonScanner {
  pos = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });
  /**
   * Interned strings by their raw bytes: an open-addressing hash table (linear probing, at most
   * half full) of typed arrays — slot → id into `strings` (−1: empty), the FNV-1a hash, and
   * where the string's bytes lie in `buf`. Several strings are looked up per event, so this
   * is one of the scanner's hottest paths: typed arrays, not a Map of arrays of objects.
   */
  private slotId = new Int32Array(INITIAL_SLOTS).fill(-1);
  private slotHash = new Int32Array(INITIAL_SLOTS);
  private slotStart = new Uint32Array(INITIAL_SLOTS);
  private slotLen = new Uint32Array(INITIAL_SLOTS);
  private slotsUsed = 0;
  /**
   * The hash's starting value, drawn per scanner: ids are given in order of first appearance
   * whatever the hash, so results do not depend on it, and a file cannot be crafted to make
   * its strings collide (which would make every lookup walk a long run of slots).
   */
  private readonly seed = (0x811c9dc5 ^ Math.floor(Math.random() * 2 ** 32)) | 0;
  /** Every distinct string read with readStringId, by id. */
  readonly strings: string[] = [];
  private readonly oneCharId = new Int32Array(128).fill(-1);
  readonly num: ExactNumber = { value: 0, intPart: 0, milli: 0, negative: false, exact: true, start: 0, end: 0 };

  constructor(readonly buf: Uint8Array) {
    // A UTF-8 byte order mark is not JSON but editors write it.
    if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) this.pos = 3;
  }

  fail(what: string, at = this.pos): never {
    // Whatever was expected, running out of input is the real story (a cut-off file).
    if (at >= this.buf.length && !what.startsWith('file ends')) throw new TraceFormatError(`file ends unexpectedly (${what}) at byte ${at}`);
    throw new TraceFormatError(`${what} at byte ${at}`);
  }

  /** Skips whitespace; returns the next byte, or -1 at the end. */
  peek(): number {
    const b = this.buf;
    let p = this.pos;
    while (p < b.length) {
      const c = b[p]!;
      if (c === C.SPACE || c === C.LF || c === C.CR || c === C.TAB) p++;
      else break;
    }
    this.pos = p;
    return p < b.length ? b[p]! : -1;
  }

  atEnd(): boolean {
    return this.peek() === -1;
  }

  expect(ch: number, what: string): void {
    const c = this.peek();
    if (c !== ch) this.fail(c === -1 ? `file ends where ${what} was expected` : `expected ${what}, found '${String.fromCharCode(c)}'`);
    this.pos++;
  }

  /**
   * Reads an object key and returns its index in `keys`, or -1: no decoding, no interning.
   * Event objects are mostly keys, so this is the scanner's hottest path.
   */
  readKey(keys: readonly Uint8Array[]): number {
    const b = this.buf;
    if (this.peek() !== C.QUOTE) this.fail(this.pos >= b.length ? 'file ends where a key was expected' : 'expected a key (a string)');
    const start = this.pos + 1;
    let p = start;
    while (p < b.length && b[p] !== C.QUOTE) {
      if (b[p] === C.BACKSLASH) {
        // A key with an escape is never one of ours written plainly: decode it the slow way.
        const key = this.readString();
        return keys.findIndex((k) => k.length === key.length && [...k].every((c, i) => c === key.charCodeAt(i)));
      }
      p++;
    }
    if (p >= b.length) this.fail('file ends inside a key', start - 1);
    this.pos = p + 1;
    const len = p - start;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      if (key.length !== len) continue;
      let i = 0;
      while (i < len && key[i] === b[start + i]) i++;
      if (i === len) return k;
    }
    return -1;
  }

  /** Reads a string (the cursor at its opening quote), interned. */
  readString(): string {
    return this.strings[this.readStringId()]!;
  }

  /**
   * Reads a string and returns its id in `strings`: equal strings get equal ids, so callers can
   * keep an Int32Array of ids instead of a million string references.
   */
  readStringId(): number {
    const b = this.buf;
    if (this.peek() !== C.QUOTE) this.fail(this.pos >= b.length ? 'file ends where a string was expected' : 'expected a string');
    const start = ++this.pos;
    // One-character strings ("ph": "X") are the commonest of all: no hashing, no lookup.
    const c0 = b[start]!;
    if (b[start + 1] === C.QUOTE && c0 >= 0x20 && c0 < 0x80 && c0 !== C.BACKSLASH && c0 !== C.QUOTE) {
      this.pos = start + 2;
      let id = this.oneCharId[c0]!;
      if (id < 0) {
        const text = ONE_CHAR[c0]!;
        const known = this.idOfText.get(text);
        id = known ?? this.strings.length;
        if (known === undefined) {
          this.strings.push(text);
          this.idOfText.set(text, id);
        }
        this.oneCharId[c0] = id;
      }
      return id;
    }
    let p = start;
    let h = this.seed;
    let escaped = false;
    for (;;) {
      if (p >= b.length) this.fail('file ends inside a string', start - 1);
      const c = b[p]!;
      if (c === C.QUOTE) break;
      if (c === C.BACKSLASH) {
        escaped = true;
        p += 2;
        continue;
      }
      if (c < 0x20) this.fail('control character inside a string', p);
      // Every byte goes into the hash: generated names often differ only at the end
      // ("…_kernel_17", "…_kernel_18"), so a prefix hash would put them all in one bucket.
      h = Math.imul(h ^ c, 0x01000193);
      p++;
    }
    this.pos = p + 1;
    if (escaped) {
      // Rare: intern the decoded text by value.
      const text = this.decodeEscaped(start, p);
      let id = this.idOfText.get(text);
      if (id === undefined) {
        this.idOfText.set(text, (id = this.strings.length));
        this.strings.push(text);
      }
      return id;
    }
    const len = p - start;
    const ids = this.slotId;
    const mask = ids.length - 1;
    let slot = h & mask;
    for (let id = ids[slot]!; id >= 0; id = ids[slot]!) {
      if (this.slotHash[slot] === h && this.slotLen[slot] === len) {
        const s0 = this.slotStart[slot]!;
        let i = 0;
        while (i < len && b[s0 + i] === b[start + i]) i++;
        if (i === len) return id;
      }
      slot = (slot + 1) & mask;
    }
    const str = this.decode(start, p);
    // A string decoded from raw bytes can equal an escaped one ("a\u0062" and "ab"): keep one id.
    let id = this.idOfText.get(str);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(str);
      this.idOfText.set(str, id);
    }
    ids[slot] = id;
    this.slotHash[slot] = h;
    this.slotStart[slot] = start;
    this.slotLen[slot] = len;
    if (++this.slotsUsed * 2 > ids.length) this.growSlots();
    return id;
  }

  /** Doubles the string table, re-placing every entry by its hash. */
  private growSlots(): void {
    const [ids, hash, start, len] = [this.slotId, this.slotHash, this.slotStart, this.slotLen];
    const size = ids.length * 2;
    const mask = size - 1;
    this.slotId = new Int32Array(size).fill(-1);
    this.slotHash = new Int32Array(size);
    this.slotStart = new Uint32Array(size);
    this.slotLen = new Uint32Array(size);
    for (let k = 0; k < ids.length; k++) {
      if (ids[k]! < 0) continue;
      let slot = hash[k]! & mask;
      while (this.slotId[slot]! >= 0) slot = (slot + 1) & mask;
      this.slotId[slot] = ids[k]!;
      this.slotHash[slot] = hash[k]!;
      this.slotStart[slot] = start[k]!;
      this.slotLen[slot] = len[k]!;
    }
  }

  /**
   * Every string interned so far by its text: an escaped string ("a\u0062") is found by what it
   * decodes to, so it gets the id of the same text written plainly ("ab"), in either order.
   */
  private readonly idOfText = new Map<string, number>();

  private decode(start: number, end: number): string {
    const b = this.buf;
    // ASCII fast path: most names are; TextDecoder's call overhead dominates short strings.
    if (end - start < 64) {
      let ascii = true;
      for (let i = start; i < end; i++)
        if (b[i]! >= 0x80) {
          ascii = false;
          break;
        }
      if (ascii) return String.fromCharCode.apply(null, b.subarray(start, end) as unknown as number[]);
    }
    return this.decoder.decode(b.subarray(start, end));
  }

  private decodeEscaped(start: number, end: number): string {
    // Rare (names with quotes or unicode escapes): let the standard parser do the escapes.
    try {
      return JSON.parse(this.decoder.decode(this.buf.subarray(start - 1, end + 1))) as string;
    } catch {
      return this.fail('invalid escape in a string', start - 1);
    }
  }

  /** Reads a number into `this.num` (exact integer part and µs→ns fraction when possible). */
  readNumber(): ExactNumber {
    const b = this.buf;
    const start = this.pos;
    let p = start;
    const n = this.num;
    n.negative = false;
    if (b[p] === C.MINUS) {
      n.negative = true;
      p++;
    }
    // Exact while below 2^53: every prefix of the digits is smaller than the whole, so the first
    // inexact step leaves a value ≥ 2^53, which the check below sees.
    let intPart = 0;
    let intDigits = 0;
    while (p < b.length && b[p]! >= C.ZERO && b[p]! <= C.NINE) {
      intPart = intPart * 10 + (b[p]! - C.ZERO);
      intDigits++;
      p++;
    }
    if (intDigits === 0) this.fail('expected a number', start);
    let milli = 0;
    let fracDigits = 0;
    if (b[p] === C.DOT) {
      p++;
      const fs = p;
      while (p < b.length && b[p]! >= C.ZERO && b[p]! <= C.NINE) {
        if (fracDigits < 3) milli = milli * 10 + (b[p]! - C.ZERO);
        fracDigits++;
        p++;
      }
      if (p === fs) this.fail('expected digits after the decimal point', p);
      for (let k = fracDigits; k < 3; k++) milli *= 10;
    }
    let exponent = false;
    if (p < b.length && (b[p] === C.E_LOW || b[p] === C.E_UP)) {
      p++;
      if (b[p] === C.PLUS || b[p] === C.MINUS) p++;
      const es = p;
      while (p < b.length && b[p]! >= C.ZERO && b[p]! <= C.NINE) p++;
      if (p === es) this.fail('expected digits in the exponent', p);
      exponent = true;
    }
    this.pos = p;
    n.start = start;
    n.end = p;
    const exact = !exponent && fracDigits <= 3 && intPart < 2 ** 53;
    if (exact && (fracDigits === 0 || intPart * 1000 + milli <= Number.MAX_SAFE_INTEGER)) {
      // Integer ns below 2^53, so one correctly rounded division: the same double JSON.parse gives.
      n.value = (n.negative ? -1 : 1) * (fracDigits === 0 ? intPart : (intPart * 1000 + milli) / 1000);
    } else {
      n.value = Number(this.asciiText(start, p));
    }
    if (!Number.isFinite(n.value)) this.fail('number out of range', start);
    n.intPart = intPart;
    n.milli = milli;
    n.exact = exact;
    return n;
  }

  /** The bytes [start, end) as text, for number literals (ASCII by construction). */
  asciiText(start: number, end: number): string {
    // apply() takes the bytes as arguments: fine for a number, too many for a hostile one.
    if (end - start > 256) return this.decoder.decode(this.buf.subarray(start, end));
    return String.fromCharCode.apply(null, this.buf.subarray(start, end) as unknown as number[]);
  }

  /** Open containers of the value being skipped ('{' or '['), innermost last. */
  private readonly open = new Uint8Array(MAX_DEPTH);

  /** Skips a string without decoding or interning it. */
  skipString(): void {
    const b = this.buf;
    if (this.peek() !== C.QUOTE) this.fail(this.pos >= b.length ? 'file ends where a string was expected' : 'expected a string');
    const start = this.pos;
    let p = start + 1;
    for (;;) {
      if (p >= b.length) this.fail('file ends inside a string', start);
      const c = b[p]!;
      if (c === C.QUOTE) break;
      if (c === C.BACKSLASH) p += 2;
      else {
        if (c < 0x20) this.fail('control character inside a string', p);
        p++;
      }
    }
    this.pos = p + 1;
  }

  /** Skips any value, returning the byte range it occupied. Depth is bounded, not recursive. */
  skipValue(): [number, number] {
    const open = this.open;
    let depth = 0;
    let c = this.peek();
    const start = this.pos;
    for (;;) {
      // One value begins at the cursor.
      if (c === C.QUOTE) this.skipString();
      else if (c === C.LBRACE || c === C.LBRACKET) {
        if (depth >= MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
        open[depth++] = c;
        this.pos++;
        c = this.peek();
        if (c === (open[depth - 1] === C.LBRACE ? C.RBRACE : C.RBRACKET)) {
          this.pos++;
          depth--;
        } else {
          if (open[depth - 1] === C.LBRACE) {
            this.skipString();
            this.expect(C.COLON, "':'");
            c = this.peek();
          }
          continue;
        }
      } else if (c === C.T) this.literal('true');
      else if (c === C.F) this.literal('false');
      else if (c === C.N) this.literal('null');
      else if (c === C.MINUS || (c >= C.ZERO && c <= C.NINE)) this.readNumber();
      else if (c === -1) this.fail('file ends where a value was expected');
      else this.fail(`unexpected '${String.fromCharCode(c)}'`);
      // After a value: the next element, or close containers.
      for (;;) {
        if (depth === 0) return [start, this.pos];
        c = this.peek();
        if (c === C.COMMA) {
          this.pos++;
          if (open[depth - 1] === C.LBRACE) {
            this.skipString();
            this.expect(C.COLON, "':'");
          }
          c = this.peek();
          break;
        }
        if (c === (open[depth - 1] === C.LBRACE ? C.RBRACE : C.RBRACKET)) {
          this.pos++;
          depth--;
          continue;
        }
        this.fail(c === -1 ? 'file ends inside a value' : `expected ',' or a closing bracket, found '${String.fromCharCode(c)}'`);
      }
    }
  }

  readBoolean(): boolean {
    if (this.peek() === C.T) {
      this.literal('true');
      return true;
    }
    this.literal('false');
    return false;
  }

  private literal(word: string): void {
    const b = this.buf;
    for (let i = 0; i < word.length; i++) {
      if (b[this.pos + i] !== word.charCodeAt(i)) this.fail(`expected '${word}'`);
    }
    this.pos += word.length;
  }

  /** Parses a (small) value fully: for headers, metadata and args, which are kept. */
  parseValue(): unknown {
    const [s, e] = this.skipValue();
    return JSON.parse(this.decoder.decode(this.buf.subarray(s, e)));
  }
}
