import type { DecodeContext } from './decode-context.js';
import type { MessageFields } from './proto-fields.js';
import { CONTAINER_TAGS } from './proto-fields.js';
import type { Part, ResourceParts, ScopeParts } from './resource-scope.js';
import { encodeResource, encodeScope, newResourceParts, newScopeParts } from './resource-scope.js';

/** How one signal nests: Export*ServiceRequest → Resource* → Scope* → items. */
export interface SignalLayout {
  readonly request: MessageFields;
  readonly resourceItems: MessageFields;
  readonly scopeItems: MessageFields;
  /** Field names for error paths: `resource_spans`, `scope_spans`, `spans`. */
  readonly resourceItemsName: string;
  readonly scopeItemsName: string;
  readonly itemsName: string;
}

/** What a signal's decoder does with the walk. */
export interface ItemSink {
  /** The resource and scope of the items that follow are encoded in `ctx.parts`. */
  startScope(resource: ResourceParts, scope: ScopeParts): void;
  /** One span or log record, the message at [start, end) of the request. */
  item(start: number, end: number): void;
}

/** Tag of field 1 of Export*ServiceRequest: the repeated Resource* messages. */
const RESOURCE_ITEMS_TAG = (1 << 3) | 2;

/**
 * Walks a request in `ctx.reader` and hands every item to `sink`, with its
 * resource and scope encoded once beforehand. Protobuf fields may come in
 * any order (a resource after its scopes), so each container is read twice:
 * first for its head (resource/scope) and schema_url, then for its children.
 */
export class RequestWalker {
  private readonly resource = newResourceParts();
  private readonly scope = newScopeParts();
  /** Found by `readHead`: the container's head message (resource or scope; -1 when absent) and schema_url. */
  private headStart = -1;
  private headEnd = -1;
  private readonly schemaUrl: Part = { start: 0, end: 0 };

  constructor(
    private readonly ctx: DecodeContext,
    private readonly layout: SignalLayout,
    private readonly sink: ItemSink,
  ) {}

  walk(): void {
    const { ctx, layout } = this;
    const r = ctx.reader;
    const end = r.buf.length;
    let index = 0;
    while (r.pos < end) {
      const tag = r.tag(end, layout.request);
      if (tag !== RESOURCE_ITEMS_TAG) {
        r.skip(tag, end);
        continue;
      }
      r.bytes(end);
      const childEnd = r.pos;
      ctx.path.enter(layout.resourceItemsName, index++);
      this.resourceItems(r.start, childEnd);
      ctx.path.leave();
      r.pos = childEnd;
    }
  }

  private resourceItems(start: number, end: number): void {
    const { ctx, layout } = this;
    this.readHead(start, end, layout.resourceItems);
    encodeResource(ctx, this.headStart, this.headEnd, this.schemaUrl, this.resource);
    this.forEachChild(start, end, layout.resourceItems, layout.scopeItemsName, (s, e) => this.scopeItems(s, e));
  }

  private scopeItems(start: number, end: number): void {
    const { ctx, layout } = this;
    this.readHead(start, end, layout.scopeItems);
    encodeScope(ctx, this.headStart, this.headEnd, this.schemaUrl, this.scope);
    this.sink.startScope(this.resource, this.scope);
    this.forEachChild(start, end, layout.scopeItems, layout.itemsName, (s, e) => this.sink.item(s, e));
  }

  /** First pass over a container: finds its head and schema_url, checks every field. */
  private readHead(start: number, end: number, fields: MessageFields): void {
    const r = this.ctx.reader;
    this.headStart = -1;
    this.headEnd = -1;
    this.schemaUrl.start = 0;
    this.schemaUrl.end = 0;
    r.pos = start;
    while (r.pos < end) {
      const tag = r.tag(end, fields);
      if (tag === CONTAINER_TAGS.head) {
        r.bytes(end);
        this.headStart = r.start;
        this.headEnd = r.pos;
      } else if (tag === CONTAINER_TAGS.schemaUrl) {
        r.string(end);
        this.schemaUrl.start = r.start;
        this.schemaUrl.end = r.pos;
      } else {
        r.skip(tag, end);
      }
    }
  }

  /** Second pass: calls `visit` for each child message, under `name[i]` in the path. */
  private forEachChild(
    start: number,
    end: number,
    fields: MessageFields,
    name: string,
    visit: (start: number, end: number) => void,
  ): void {
    const { ctx } = this;
    const r = ctx.reader;
    let index = 0;
    r.pos = start;
    while (r.pos < end) {
      const tag = r.tag(end, fields);
      if (tag !== CONTAINER_TAGS.children) {
        r.skip(tag, end);
        continue;
      }
      r.bytes(end);
      const childEnd = r.pos;
      ctx.path.enter(name, index++);
      visit(r.start, childEnd);
      ctx.path.leave();
      r.pos = childEnd;
    }
  }
}
