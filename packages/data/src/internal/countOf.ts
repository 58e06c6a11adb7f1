/** `1 field`, `3 fields`, `2 values read as percents`: a count with its noun in the singular or plural. @internal */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
