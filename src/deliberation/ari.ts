// Adjusted Rand index between two labellings of the same items (Hubert & Arabie
// 1985): 1 for identical partitions (up to renaming), about 0 for chance.

export function adjustedRandIndex(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('adjustedRandIndex: labellings differ in length');
  const n = a.length;
  if (n < 2) return 1;
  const c2 = (x: number) => (x * (x - 1)) / 2;
  const table = new Map<string, number>();
  const rows = new Map<number, number>();
  const cols = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]}\u0000${b[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rows.set(a[i]!, (rows.get(a[i]!) ?? 0) + 1);
    cols.set(b[i]!, (cols.get(b[i]!) ?? 0) + 1);
  }
  let index = 0;
  for (const v of table.values()) index += c2(v);
  let sa = 0;
  for (const v of rows.values()) sa += c2(v);
  let sb = 0;
  for (const v of cols.values()) sb += c2(v);
  const expected = (sa * sb) / c2(n);
  const max = (sa + sb) / 2;
  if (max === expected) return 1; // both partitions trivial (one cluster, or all singletons)
  return (index - expected) / (max - expected);
}
