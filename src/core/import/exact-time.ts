/**
 * Exact µs → ns conversion of trace timestamps and durations (docs/metrics.md, "Time").
 *
 * A trace's µs number is split, without ever going through a double, into
 *   whole µs  = hi × 10^6 + lo   (hi signed, lo in [0, 10^6): exact for 17-digit µs and beyond),
 *   ns        in [0, 999]        (the first three decimals),
 *   sub       the sub-ns decimals as digit text, a fraction in [0, 1) ('' when none),
 * with floor semantics for negative values (−1.5 µs is −2 µs + 500 ns), so that rounding to the
 * nearest ns is one rule everywhere: half a ns goes up (towards +∞), wherever the op sits, and a
 * duration is round(ts + dur) − round(ts) with the sum taken exactly.
 *
 * The common case (≤ 3 decimals, whole µs below 2^53, no exponent) is read by the scanner's fast
 * path and split here with two double operations; only exponent notation, more than three
 * decimals or whole µs past 2^53 reach the digit-text path, which uses BigInt.
 */

export interface TimeParts {
  hi: number;
  lo: number;
  ns: number;
  sub: string;
}

const MICRO = 1_000_000;

/**
 * A fraction from an exponent like `1e-1000000` is not spelt out digit for digit (a short text
 * would become a megabyte string): below 10^-1000 µs it is kept as 10^-1001, which rounds the same
 * and decides every tie the same unless the other operand's text itself runs past 1,000 digits.
 */
const MAX_LEADING_ZEROS = 1000;

/** Splits an exactly known value: |value| = whole µs + milli ns (0..999), whole µs < 2^53. */
export function splitExact(out: TimeParts, negative: boolean, wholeUs: number, milli: number): void {
  let u = negative ? -wholeUs : wholeUs;
  let ns = milli;
  if (negative && milli > 0) {
    u -= 1;
    ns = 1000 - milli;
  }
  const hi = Math.floor(u / MICRO);
  out.hi = hi;
  out.lo = u - hi * MICRO;
  out.ns = ns;
  out.sub = '';
}

/**
 * Splits a JSON number's text (`-12.3456e+3`, already validated by the scanner) exactly.
 * Rare path: exponent notation, more than three decimals, or whole µs past 2^53.
 */
export function splitText(out: TimeParts, text: string): void {
  const negative = text.charCodeAt(0) === 45;
  const body = negative ? text.slice(1) : text;
  const e = body.search(/[eE]/);
  const mantissa = e < 0 ? body : body.slice(0, e);
  const exp = e < 0 ? 0 : Number(body.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  // The decimal point sits after `point` digits of `digits` (may be < 0 or > digits.length).
  const point = (dot < 0 ? mantissa.length : dot) + exp;
  let whole: string;
  let frac: string;
  if (point < -MAX_LEADING_ZEROS) {
    // Below 10^-1000 µs: only whether it is zero matters (see MAX_LEADING_ZEROS).
    whole = '0';
    frac = /[1-9]/.test(digits) ? '0'.repeat(MAX_LEADING_ZEROS) + '1' : '';
  } else if (point <= 0) {
    whole = '0';
    frac = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    whole = digits + '0'.repeat(point - digits.length);
    frac = '';
  } else {
    whole = digits.slice(0, point);
    frac = digits.slice(point);
  }
  frac = frac.replace(/0+$/, '');
  let u = BigInt(whole);
  if (negative) {
    u = -u;
    if (frac !== '') {
      // −(w + f) = −(w + 1) + (1 − f): the fraction complemented, digit for digit.
      u -= 1n;
      frac = (10n ** BigInt(frac.length) - BigInt(frac)).toString().padStart(frac.length, '0').replace(/0+$/, '');
    }
  }
  let hi = u / 1_000_000n;
  let lo = u - hi * 1_000_000n;
  if (lo < 0n) {
    hi -= 1n;
    lo += 1_000_000n;
  }
  out.hi = Number(hi);
  out.lo = Number(lo);
  out.ns = frac === '' ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  out.sub = frac.slice(3);
}

/** round(sub) for one sub-ns fraction: 0 or 1 (half up). */
export function roundSub(sub: string): number {
  return sub !== '' && sub.charCodeAt(0) >= 53 ? 1 : 0;
}

/** round(a + b) for two sub-ns fractions, exactly: 0, 1 or 2 (half up). */
export function roundSubSum(a: string, b: string): number {
  if (a === '') return roundSub(b);
  if (b === '') return roundSub(a);
  const len = Math.max(a.length, b.length);
  const sum = BigInt(a.padEnd(len, '0')) + BigInt(b.padEnd(len, '0'));
  const half = 5n * 10n ** BigInt(len - 1);
  return sum >= 3n * half ? 2 : sum >= half ? 1 : 0;
}

/** The whole µs hi × 10^6 + lo as decimal text, exact however large. */
export function wholeUsText(hi: number, lo: number): string {
  return (BigInt(hi) * 1_000_000n + BigInt(lo)).toString();
}
