// Percents as exact rationals (num / den of a percent), so that ranks are exact: the rank of an edge at p percent of
// n rows is round(n · p / 100), halves rounded up, computed with integers.
import { PoolError } from "../PoolError.js";

/** A percent as an exact fraction `num / den` (den > 0). */
export interface Percent {
  num: bigint;
  den: bigint;
}

/** The exact value of a finite JS number (its shortest decimal form) as a fraction. */
export function percentOf(x: number): Percent {
  const text = String(x);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(text);
  if (m === null) throw new PoolError("INVALID_OPTION", `${text} is not a finite percent. Expected a number from 0 to 100.`);
  const digits = BigInt(`${m[1]}${m[2]}${m[3] ?? ""}`);
  const exponent = Number(m[4] ?? 0) - (m[3]?.length ?? 0);
  return exponent >= 0 ? { num: digits * 10n ** BigInt(exponent), den: 1n } : { num: digits, den: 10n ** BigInt(-exponent) };
}

/** `j / k` of 100 percent. */
export function fractionPercent(j: number, k: number): Percent {
  return { num: 100n * BigInt(j), den: BigInt(k) };
}

/** round(n · p / 100), halves up, for n >= 0 and 0 <= p <= 100. */
export function rankAt(n: number, p: Percent): number {
  return Number((2n * BigInt(n) * p.num + 100n * p.den) / (200n * p.den));
}

/** The same formula in SQL over a count expression (HUGEINT arithmetic, exact). */
export function rankSql(count: string, p: Percent): string {
  return `CAST((2 * CAST(${count} AS HUGEINT) * ${p.num} + ${100n * p.den}) // ${200n * p.den} AS BIGINT)`;
}

/** The percent as a number (for labels and JSON). */
export function percentValue(p: Percent): number {
  return Number(p.num) / Number(p.den);
}

/** A percent for a bucket id: at most two decimals, no trailing zeros (`10`, `12.5`, `33.33`). */
export function percentLabel(p: Percent): string {
  const hundredths = (p.num * 100n * 2n + p.den) / (2n * p.den);
  const whole = hundredths / 100n;
  const frac = (hundredths % 100n).toString().padStart(2, "0").replace(/0+$/, "");
  return frac === "" ? whole.toString() : `${whole}.${frac}`;
}

/** Compares two percents. */
export function comparePercent(a: Percent, b: Percent): number {
  const d = a.num * b.den - b.num * a.den;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}
