import { OtlpDecodeError } from './decode.js';

/**
 * Where the decoder is in the request, e.g.
 * `resource_spans[0].scope_spans[1].spans[3]`, kept as a stack of
 * (name, index) pairs in reused arrays: entering an element costs two array
 * stores, and the text is only built when a decode error is thrown.
 */
export class DecodePath {
  private readonly names: string[] = [];
  private readonly indices: number[] = [];
  private depth = 0;

  /** Enters field `name`, element `index` of it when repeated (-1 when not). */
  enter(name: string, index = -1): void {
    this.names[this.depth] = name;
    this.indices[this.depth] = index;
    this.depth++;
  }

  leave(): void {
    this.depth--;
  }

  /** Forgets everything (a new request; an earlier one may have thrown mid-way). */
  clear(): void {
    this.depth = 0;
  }

  toString(): string {
    let text = '';
    for (let i = 0; i < this.depth; i++) {
      if (i > 0) text += '.';
      text += this.names[i]!;
      const index = this.indices[i]!;
      if (index >= 0) text += `[${index}]`;
    }
    return text;
  }

  /** An error at the current place, or at its field `field` when given. */
  error(message: string, field?: string): OtlpDecodeError {
    const where = this.toString();
    const place = field === undefined ? where : where === '' ? field : `${where}.${field}`;
    return new OtlpDecodeError(place === '' ? message : `${place}: ${message}`);
  }
}
