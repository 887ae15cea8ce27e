// OCaml's Array.sort (stdlib 4.x), which is not stable: a heap sort on a heap of
// three children per node, with the "bottom-up" variant (go down to a leaf along the
// larger children, then climb back). Belenios sorts majority-judgment profiles with it,
// and the order in which tied choices are listed is whatever this algorithm leaves, so
// a byte-for-byte result needs the same steps in the same order. Written from the
// algorithm's description; only the sign of `cmp` matters.

/** Sort `a` in place, exactly as OCaml's Array.sort would permute it. */
export function ocamlArraySort<T>(a: T[], cmp: (x: T, y: T) => number): void {
  const at = (i: number): T => a[i] as T;

  // The index of the largest child of i in a heap of size l, or -1 when i is a leaf.
  // Ties go to the earlier child.
  const largestChild = (l: number, i: number): number => {
    const first = 3 * i + 1;
    if (first + 2 < l) {
      let best = first;
      if (cmp(at(first), at(first + 1)) < 0) best = first + 1;
      if (cmp(at(best), at(first + 2)) < 0) best = first + 2;
      return best;
    }
    if (first + 1 < l && cmp(at(first), at(first + 1)) < 0) return first + 1;
    return first < l ? first : -1;
  };

  // Sift e down from the hole at i (heap of size l): children larger than e move up.
  const siftDown = (l: number, start: number, e: T): void => {
    let i = start;
    for (;;) {
      const j = largestChild(l, i);
      if (j < 0 || !(cmp(at(j), e) > 0)) break;
      a[i] = at(j);
      i = j;
    }
    a[i] = e;
  };

  // Move the hole at i down to a leaf, always along the largest child; return the leaf.
  const holeToLeaf = (l: number, start: number): number => {
    let i = start;
    for (;;) {
      const j = largestChild(l, i);
      if (j < 0) return i;
      a[i] = at(j);
      i = j;
    }
  };

  // Put e in the hole at i, climbing while the parent is smaller than e.
  const siftUp = (start: number, e: T): void => {
    let i = start;
    for (;;) {
      const parent = Math.trunc((i - 1) / 3);
      if (cmp(at(parent), e) < 0) {
        a[i] = at(parent);
        if (parent > 0) {
          i = parent;
          continue;
        }
        a[0] = e;
        return;
      }
      a[i] = e;
      return;
    }
  };

  const l = a.length;
  for (let i = Math.trunc((l + 1) / 3) - 1; i >= 0; i--) siftDown(l, i, at(i));
  for (let i = l - 1; i >= 2; i--) {
    const e = at(i);
    a[i] = at(0);
    siftUp(holeToLeaf(i, 0), e);
  }
  if (l > 1) {
    const e = at(1);
    a[1] = at(0);
    a[0] = e;
  }
}
