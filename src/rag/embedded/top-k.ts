/**
 * Keeps the k best (score, row) pairs seen with a binary min-heap over typed arrays: no allocation per
 * candidate, so a scan over 100,000 rows stays a tight loop. Ties keep the lower row (stable results).
 */
export class TopK {
  private readonly scores: Float64Array;
  private readonly rows: Int32Array;
  private size = 0;

  constructor(private readonly k: number) {
    this.scores = new Float64Array(Math.max(k, 1));
    this.rows = new Int32Array(Math.max(k, 1));
  }

  /** The score a new candidate must beat once the heap is full. */
  get threshold(): number {
    return this.size < this.k ? Number.NEGATIVE_INFINITY : (this.scores[0] ?? Number.NEGATIVE_INFINITY);
  }

  offer(score: number, row: number): void {
    if (this.k === 0) return;
    if (this.size < this.k) {
      this.scores[this.size] = score;
      this.rows[this.size] = row;
      this.size += 1;
      this.siftUp(this.size - 1);
      return;
    }
    if (!this.worse(0, score, row)) return;
    this.scores[0] = score;
    this.rows[0] = row;
    this.siftDown(0);
  }

  /** The kept rows, best first. */
  sortedRows(): number[] {
    const pairs: { score: number; row: number }[] = [];
    for (let i = 0; i < this.size; i += 1) pairs.push({ score: this.scores[i] ?? 0, row: this.rows[i] ?? 0 });
    pairs.sort((a, b) => b.score - a.score || a.row - b.row);
    return pairs.map((pair) => pair.row);
  }

  /** Is heap entry i worse than (score, row)? */
  private worse(i: number, score: number, row: number): boolean {
    const s = this.scores[i] ?? 0;
    return s < score || (s === score && (this.rows[i] ?? 0) > row);
  }

  private siftUp(start: number): void {
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(i, this.scores[parent] ?? 0, this.rows[parent] ?? 0)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(start: number): void {
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < this.size && this.worse(left, this.scores[worst] ?? 0, this.rows[worst] ?? 0)) worst = left;
      if (right < this.size && this.worse(right, this.scores[worst] ?? 0, this.rows[worst] ?? 0))
        worst = right;
      if (worst === i) return;
      this.swap(i, worst);
      i = worst;
    }
  }

  private swap(a: number, b: number): void {
    const score = this.scores[a] ?? 0;
    const row = this.rows[a] ?? 0;
    this.scores[a] = this.scores[b] ?? 0;
    this.rows[a] = this.rows[b] ?? 0;
    this.scores[b] = score;
    this.rows[b] = row;
  }
}
