/**
 * A population's hall of fame: champions of past generations, kept as opponents so that a rival
 * population cannot win by exploiting only today's players (Rosin and Belew's hall of fame).
 * When full, the entry closest in generation to its predecessor goes, so the hall keeps champions
 * spread over the whole run rather than only the newest.
 */
export interface HallOfFameEntry {
  generation: number;
  genome: Float32Array;
}

export class HallOfFame {
  private readonly list: HallOfFameEntry[] = [];

  constructor(
    private readonly capacity: number,
    entries: HallOfFameEntry[] = [],
  ) {
    for (const entry of entries) this.add(entry);
  }

  get entries(): readonly HallOfFameEntry[] {
    return this.list;
  }

  add(entry: HallOfFameEntry): void {
    this.list.push({ generation: entry.generation, genome: entry.genome.slice() });
    if (this.list.length <= this.capacity) return;
    // Never drop the first or the newest; among the rest, drop the one nearest its predecessor.
    let drop = 1;
    for (let i = 2; i < this.list.length - 1; i++) {
      if (this.list[i].generation - this.list[i - 1].generation < this.list[drop].generation - this.list[drop - 1].generation) drop = i;
    }
    this.list.splice(drop, 1);
  }
}
