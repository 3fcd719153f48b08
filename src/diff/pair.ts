/**
 * Pairs the elements of two versions: first by an exact key (file and name), then, among what is left, by a
 * loose key (the name alone) when exactly one element on each side has it, so a moved file still pairs but
 * two copies of one name (a vendored proto, a test fixture) never cross-pair.
 */
export interface Pairing<T> {
  paired: { base: T; head: T }[];
  removed: T[];
  added: T[];
}

export function pairVersions<T>(
  base: readonly T[],
  head: readonly T[],
  exact: (x: T) => string,
  loose: (x: T) => string,
): Pairing<T> {
  const paired: { base: T; head: T }[] = [];
  const headByExact = new Map<string, T>();
  for (const h of head) if (!headByExact.has(exact(h))) headByExact.set(exact(h), h);
  const used = new Set<T>();
  const leftBase: T[] = [];
  for (const b of base) {
    const h = headByExact.get(exact(b));
    if (h && !used.has(h)) {
      paired.push({ base: b, head: h });
      used.add(h);
    } else leftBase.push(b);
  }
  const leftHead = head.filter((h) => !used.has(h));
  const count = (list: readonly T[]) => {
    const n = new Map<string, number>();
    for (const x of list) n.set(loose(x), (n.get(loose(x)) ?? 0) + 1);
    return n;
  };
  const baseCount = count(leftBase);
  const headCount = count(leftHead);
  const headByLoose = new Map(leftHead.map((h) => [loose(h), h]));
  const removed: T[] = [];
  for (const b of leftBase) {
    const key = loose(b);
    const h = headByLoose.get(key);
    if (h && baseCount.get(key) === 1 && headCount.get(key) === 1) {
      paired.push({ base: b, head: h });
      used.add(h);
    } else removed.push(b);
  }
  return { paired, removed, added: head.filter((h) => !used.has(h)) };
}
