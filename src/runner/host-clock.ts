/** The host clock every CPU step is timed with: monotonic, ns, absolute (`bigint`). */
export const hostNow = (): bigint => process.hrtime.bigint();
