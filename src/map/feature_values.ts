// Per-feature values (feature-state `v`) the layers ask for, set on the map where they
// changed. Each feature set costs MapLibre a paint-array update in its next frame, and a
// grid that grew by a month the view does not show, or a day step for the year's fire
// points, changes few or none. All of a change is set at once: MapLibre's cost per frame
// with any change is high on 100,000 features (the circle and fill buffers re-uploaded),
// so spreading a change over frames multiplied it (measured: a 100,000-cell day step went
// from ~0.3 s to 3.7 s when set 10,000 per frame).

export class FeatureValues {
  /** The values each source's features were last given, as passed (not copied); feature state outlives setData: the ids stay. */
  private readonly given = new Map<string, ArrayLike<number>>();

  /**
   * Give `values` (a new array each time: it is kept) through `give`, only where they differ
   * from those given before; every value after `forget` or when the count changed.
   */
  set(source: string, values: ArrayLike<number>, give: (index: number, value: number) => void): void {
    const before = this.given.get(source);
    const all = !before || before.length !== values.length;
    for (let i = 0; i < values.length; i++) if (all || before[i] !== values[i]) give(i, values[i]);
    this.given.set(source, values);
  }

  /** The source's features are new (same ids, new data): give every value again next time. */
  forget(source: string): void {
    this.given.delete(source);
  }

  /** The value each source's features were given, by feature id, for a copy of the map (an exported image). */
  current(): Map<string, ArrayLike<number>> {
    return new Map(this.given);
  }
}
