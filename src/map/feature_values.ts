// Per-feature values (feature-state `v`) wanted by the layers and set on the map a
// frame's budget at a time. Only what changed is set: each feature set costs MapLibre a
// paint-array update in its next frame, and a grid that grew by a month the view does
// not show, or a day step for the year's fire points, changes few or none. The budget
// keeps that frame short when most of 100,000 outfalls change at once (a 筛选 slider
// dragged): the rest follow in the next frames instead of one frame of 100–200 ms.

export class FeatureValueQueue {
  /** The values each source's features were last given (feature state outlives setData: the ids stay). */
  private readonly given = new Map<string, Float64Array>();
  /** Values asked for and not all given yet, by source; kept, not copied. */
  private readonly wanted = new Map<string, ArrayLike<number>>();

  /** Ask for `values` (a new array each time: it is kept until given). */
  want(source: string, values: ArrayLike<number>): void {
    this.wanted.set(source, values);
  }

  /** The source's features are new (same ids, new data): give every value again. */
  forget(source: string): void {
    this.given.delete(source);
  }

  /**
   * The value each source's features have or are about to have, by feature id (NaN: none
   * given), for a copy of the map (an exported image): what is still wanted wins over what
   * was given.
   */
  current(): Map<string, ArrayLike<number>> {
    const values = new Map<string, ArrayLike<number>>(this.given);
    for (const [source, wanted] of this.wanted) values.set(source, wanted);
    return values;
  }

  get pending(): boolean {
    return this.wanted.size > 0;
  }

  /**
   * Give at most `budget` values that differ from those given, through `give`; sources that
   * `exists` denies are dropped. True when every wanted value has been given.
   */
  step(budget: number, give: (source: string, index: number, value: number) => void, exists: (source: string) => boolean): boolean {
    for (const [source, wanted] of this.wanted) {
      if (!exists(source)) {
        this.wanted.delete(source);
        continue;
      }
      let given = this.given.get(source);
      if (!given || given.length !== wanted.length) {
        // None given yet, or features added or removed: every value again (NaN equals nothing).
        given = new Float64Array(wanted.length).fill(NaN);
        this.given.set(source, given);
      }
      let i = 0;
      for (; i < wanted.length && budget > 0; i++) {
        if (given[i] === wanted[i]) continue;
        give(source, i, wanted[i]);
        given[i] = wanted[i];
        budget--;
      }
      if (i < wanted.length) return false;
      this.wanted.delete(source);
    }
    return true;
  }
}
