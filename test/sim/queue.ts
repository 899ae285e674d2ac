// The simulator's event queue: a binary min-heap ordered by time, then by insertion order, so that
// events at the same millisecond run in the order they were scheduled (and a seed replays exactly).

interface Entry<T> {
  atMs: number;
  seq: number;
  item: T;
}

export class EventQueue<T> {
  private readonly heap: Entry<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(atMs: number, item: T): void {
    const heap = this.heap;
    heap.push({ atMs, seq: this.seq++, item });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as Entry<T>, heap[parent] as Entry<T>)) break;
      swap(heap, i, parent);
      i = parent;
    }
  }

  /** The time of the next event, or Infinity. */
  peekTime(): number {
    return this.heap[0]?.atMs ?? Number.POSITIVE_INFINITY;
  }

  pop(): { atMs: number; item: T } | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop() as Entry<T>;
    if (heap.length > 0) {
      heap[0] = last;
      this.siftDown();
    }
    return top;
  }

  private siftDown(): void {
    const heap = this.heap;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l] as Entry<T>, heap[m] as Entry<T>)) m = l;
      if (r < heap.length && before(heap[r] as Entry<T>, heap[m] as Entry<T>)) m = r;
      if (m === i) return;
      swap(heap, i, m);
      i = m;
    }
  }
}

function before<T>(a: Entry<T>, b: Entry<T>): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
}

function swap<T>(heap: T[], i: number, j: number): void {
  const t = heap[i] as T;
  heap[i] = heap[j] as T;
  heap[j] = t;
}
