/**
 * The living agents' networks, back to back in one SharedArrayBuffer, a slot each. A window names
 * its agents' slots instead of copying their weights, so handing a region to a shard moves
 * kilobytes rather than megabytes (about 10 KB an agent for the default network), and every shard
 * reads the weights where they lie. Only the main thread writes, and only between windows (births,
 * deaths, learning), when no shard is reading.
 */
export class WeightSlab {
  /** Every slot's weights; replaced by a larger array when the slab grows (see `grown`). */
  data: Float32Array;
  /** Counts the slab's growths, so that holders of views know to take them again. */
  grown = 0;
  private readonly free: number[] = [];
  private used = 0;

  constructor(
    readonly genomeLength: number,
    capacity: number,
  ) {
    this.data = shared(Math.max(1, capacity) * genomeLength);
  }

  get capacity(): number {
    return this.genomeLength ? this.data.length / this.genomeLength : 0;
  }

  /** A slot holding a copy of `values` (where an agent's weights lie never changes what it does). */
  take(values: Float32Array): number {
    if (values.length !== this.genomeLength) throw new Error(`weight slab: a network of ${values.length} weights, expected ${this.genomeLength}`);
    let slot: number;
    if (this.free.length) {
      slot = this.free.pop()!;
    } else {
      if (this.used === this.capacity) this.grow();
      slot = this.used++;
    }
    this.data.set(values, slot * this.genomeLength);
    return slot;
  }

  release(slot: number): void {
    this.free.push(slot);
  }

  /** The slot's weights, in place (writes go to the slab). */
  view(slot: number): Float32Array {
    return this.data.subarray(slot * this.genomeLength, (slot + 1) * this.genomeLength);
  }

  private grow(): void {
    const larger = shared(2 * this.data.length);
    larger.set(this.data);
    this.data = larger;
    this.grown++;
  }
}

function shared(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(length * Float32Array.BYTES_PER_ELEMENT));
}
