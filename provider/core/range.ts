/**
 * Inclusive ranges of whole numbers (VLAN tags, AS numbers), for the rules the resources share with the policy
 * pack (`rules` in the package's entry point). Dependency-free.
 */

/** An inclusive range of whole numbers: `{ min: 2, max: 4094 }`. */
export interface IntRange {
  readonly min: number;
  readonly max: number;
}

/** Whether `value` is a whole number inside the range (both ends included). */
export function inRange(value: unknown, range: IntRange): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= range.min && value <= range.max;
}

/** "2–4094". */
export function formatRange(range: IntRange): string {
  return `${range.min}–${range.max}`;
}
