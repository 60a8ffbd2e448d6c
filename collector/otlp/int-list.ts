/**
 * A growable list of int32 kept across requests: the decoder records byte
 * offsets into the request here (attributes, events, links) instead of
 * allocating an object per item.
 */
export class IntList {
  data = new Int32Array(256);
  length = 0;

  push(value: number): void {
    this.data[this.append(1)] = value;
  }

  /** Adds `count` slots (to fill through `data`); returns the index of the first. */
  append(count: number): number {
    const at = this.length;
    if (at + count > this.data.length) {
      const grown = new Int32Array(Math.max(this.data.length * 2, at + count));
      grown.set(this.data);
      this.data = grown;
    }
    this.length = at + count;
    return at;
  }

  clear(): void {
    this.length = 0;
  }
}
