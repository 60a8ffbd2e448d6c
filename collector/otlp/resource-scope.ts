import { ATTR_SERVICE_NAME } from '../../semconv/resource.js';
import { readAttribute, findLastKey, writeAttributeMap } from './attributes.js';
import { writeAnyValueString } from './any-value.js';
import type { DecodeContext } from './decode-context.js';
import { INSTRUMENTATION_SCOPE, RESOURCE } from './proto-fields.js';

const SERVICE_NAME_KEY = Buffer.from(ATTR_SERVICE_NAME, 'utf8');

/** A range [start, end) of `ctx.parts` holding one encoded column. */
export interface Part {
  start: number;
  end: number;
}

/** A resource's columns, encoded once into `ctx.parts` and copied into each of its rows. */
export interface ResourceParts {
  /** `service.name` as `AsString()`, '' when absent (the last one when repeated, like the attributes map). */
  readonly serviceName: Part;
  readonly attributes: Part;
  readonly schemaUrl: Part;
}

/** An instrumentation scope's columns, encoded like `ResourceParts`. */
export interface ScopeParts {
  readonly name: Part;
  readonly version: Part;
  readonly attributes: Part;
  readonly schemaUrl: Part;
}

export function newResourceParts(): ResourceParts {
  return { serviceName: newPart(), attributes: newPart(), schemaUrl: newPart() };
}

export function newScopeParts(): ScopeParts {
  return { name: newPart(), version: newPart(), attributes: newPart(), schemaUrl: newPart() };
}

function newPart(): Part {
  return { start: 0, end: 0 };
}

/**
 * Encodes the Resource message at [start, end) (start < 0: absent) and the
 * schema_url of its ResourceSpans/ResourceLogs at `schemaUrl` (input offsets).
 */
export function encodeResource(ctx: DecodeContext, start: number, end: number, schemaUrl: Part, into: ResourceParts): void {
  const r = ctx.reader;
  const w = ctx.parts;
  ctx.path.enter('resource');
  ctx.keyValues.clear();
  r.pos = start;
  while (start >= 0 && r.pos < end) {
    const tag = r.tag(end, RESOURCE);
    if (tag === RESOURCE.tags.attributes) readAttribute(ctx, end, 0);
    else r.skip(tag, end);
  }
  const to = ctx.keyValues.length;
  into.attributes.start = w.pos;
  writeAttributeMap(ctx, w, 0, to);
  into.attributes.end = w.pos;

  into.serviceName.start = w.pos;
  const at = findLastKey(ctx, 0, to, SERVICE_NAME_KEY);
  if (at < 0) {
    w.varint(0);
  } else {
    // Already converted once for the map; converting again is cheaper than remembering where.
    const kv = ctx.keyValues.data;
    writeAnyValueString(ctx, w, kv[at + 2]!, kv[at + 3]!);
  }
  into.serviceName.end = w.pos;
  ctx.path.leave();
  writeInputString(ctx, schemaUrl, into.schemaUrl);
}

/** Encodes the InstrumentationScope message at [start, end) (start < 0: absent) and its container's schema_url. */
export function encodeScope(ctx: DecodeContext, start: number, end: number, schemaUrl: Part, into: ScopeParts): void {
  const r = ctx.reader;
  const w = ctx.parts;
  const T = INSTRUMENTATION_SCOPE.tags;
  ctx.path.enter('scope');
  ctx.keyValues.clear();
  const name = newPart();
  const version = newPart();
  r.pos = start;
  while (start >= 0 && r.pos < end) {
    const tag = r.tag(end, INSTRUMENTATION_SCOPE);
    if (tag === T.name || tag === T.version) {
      r.string(end);
      const field = tag === T.name ? name : version;
      field.start = r.start;
      field.end = r.pos;
    } else if (tag === T.attributes) {
      readAttribute(ctx, end, 0);
    } else {
      r.skip(tag, end);
    }
  }
  into.attributes.start = w.pos;
  writeAttributeMap(ctx, w, 0, ctx.keyValues.length);
  into.attributes.end = w.pos;
  ctx.path.leave();
  writeInputString(ctx, name, into.name);
  writeInputString(ctx, version, into.version);
  writeInputString(ctx, schemaUrl, into.schemaUrl);
}

/** Copies the (validated) input string at `from` into `ctx.parts` as a String column. */
function writeInputString(ctx: DecodeContext, from: Part, into: Part): void {
  into.start = ctx.parts.pos;
  ctx.parts.bytesString(ctx.reader.buf, from.start, from.end);
  into.end = ctx.parts.pos;
}

/** Appends parts to `ctx.parts` back to back; returns where the run starts and ends, to copy it per row in one go. */
export function joinParts(ctx: DecodeContext, parts: readonly Part[], into: Part): void {
  const w = ctx.parts;
  into.start = w.pos;
  for (const part of parts) w.raw(w.buf, part.start, part.end);
  into.end = w.pos;
}
