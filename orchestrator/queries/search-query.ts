import { z } from 'zod';
import { feedTimeMs } from '../../collector/feed/feed-time.js';
import type { Storage } from '../../ingest/storage.js';
import {
  ATTR_AGENTFLEET_ASSUMPTION_SUBJECT,
  ATTR_AGENTFLEET_ASSUMPTION_TEXT,
  ATTR_AGENTFLEET_COMMAND_TEXT,
  ATTR_AGENTFLEET_FILE_PATH,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_SERVICE_INSTANCE_ID,
} from '../../semconv/index.js';
import { afterKeyFilter, keyOrderSql, pageOf, type SpanKey } from './span-cursor.js';
import { allOf, stringOrNull, tracesTable, whereSql, windowFilter, type TimeWindow } from './traces-sql.js';

/**
 * Case-insensitive substring search over what people look for in a fleet's
 * history: span names, tool-call arguments, command lines, file paths and
 * assumptions. Newest first, keyset-paged; the caller bounds the window.
 */

/** Where a hit was found, in the order a span's fields are tried. */
export const SEARCH_FIELDS = ['span.name', 'tool.arguments', 'command', 'file.path', 'assumption', 'assumption.subject'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

/** The attribute each field reads (bound as parameter `param`); `span.name` reads the SpanName column. */
const FIELD_ATTRIBUTES: Readonly<Record<Exclude<SearchField, 'span.name'>, { readonly param: string; readonly key: string }>> = {
  'tool.arguments': { param: 'argumentsKey', key: ATTR_GEN_AI_TOOL_CALL_ARGUMENTS },
  command: { param: 'commandKey', key: ATTR_AGENTFLEET_COMMAND_TEXT },
  'file.path': { param: 'pathKey', key: ATTR_AGENTFLEET_FILE_PATH },
  assumption: { param: 'assumptionKey', key: ATTR_AGENTFLEET_ASSUMPTION_TEXT },
  'assumption.subject': { param: 'subjectKey', key: ATTR_AGENTFLEET_ASSUMPTION_SUBJECT },
};

function fieldSql(field: SearchField): string {
  return field === 'span.name' ? 'SpanName' : `SpanAttributes[{${FIELD_ATTRIBUTES[field].param}:String}]`;
}

export interface SearchRequest {
  readonly text: string;
  readonly window: TimeWindow;
  readonly agent: string | undefined;
  readonly limit: number;
  readonly after: SpanKey | undefined;
}

export const searchPageSchema = z.object({
  hits: z
    .array(
      z.object({
        traceId: z.string(),
        spanId: z.string(),
        name: z.string().describe('span name'),
        agent: z.string(),
        sessionId: z.string().nullable(),
        atMs: z.number().describe('span start, epoch ms'),
        field: z.enum(SEARCH_FIELDS).describe('where the text was found'),
        snippet: z.string().describe('the matching value around the match, cut with … when long'),
      }),
    )
    .describe('newest first'),
  nextCursor: z.string().nullable(),
});
export type SearchPage = z.output<typeof searchPageSchema>;

/** Characters of context kept before and after a match. */
const SNIPPET_BEFORE = 60;
const SNIPPET_AFTER = 140;

export function snippetAround(value: string, text: string): string {
  const at = Math.max(0, value.toLowerCase().indexOf(text.toLowerCase()));
  const start = Math.max(0, at - SNIPPET_BEFORE);
  const end = Math.min(value.length, at + text.length + SNIPPET_AFTER);
  return `${start > 0 ? '…' : ''}${value.slice(start, end)}${end < value.length ? '…' : ''}`;
}

interface HitRow {
  readonly traceId: string;
  readonly spanId: string;
  readonly name: string;
  readonly agent: string;
  readonly sessionId: string;
  readonly nanos: string;
  readonly field: SearchField;
  readonly value: string;
}

export async function querySearch(storage: Storage, request: SearchRequest): Promise<SearchPage> {
  const matches = SEARCH_FIELDS.map((field) => `positionCaseInsensitiveUTF8(${fieldSql(field)}, {text:String}) > 0`);
  const keyParams = Object.fromEntries(Object.values(FIELD_ATTRIBUTES).map((a) => [a.param, a.key]));
  const filter = allOf(
    windowFilter(request.window),
    request.agent === undefined ? { conditions: [], params: {} } : { conditions: ['ServiceName = {agent:String}'], params: { agent: request.agent } },
    afterKeyFilter(request.after, 'desc'),
    { conditions: [`(${matches.join(' OR ')})`], params: { text: request.text, ...keyParams } },
  );
  const rows = await storage.query<HitRow>(
    `SELECT TraceId AS traceId, SpanId AS spanId, SpanName AS name, ServiceName AS agent,
            ResourceAttributes[{instanceKey:String}] AS sessionId, toString(toUnixTimestamp64Nano(Timestamp)) AS nanos,
            multiIf(${SEARCH_FIELDS.map((field, i) => `${matches[i]}, '${field}'`).join(', ')}, '') AS field,
            multiIf(${SEARCH_FIELDS.map((field) => `field = '${field}', ${fieldSql(field)}`).join(', ')}, '') AS value
     FROM ${tracesTable(storage)}
     WHERE ${whereSql(filter)}
     ORDER BY ${keyOrderSql('desc')}
     LIMIT {limit:UInt32}`,
    { ...filter.params, instanceKey: ATTR_SERVICE_INSTANCE_ID, limit: request.limit + 1 },
  );
  const { items, nextCursor } = pageOf(rows, request.limit, (row) => ({ nanos: row.nanos, traceId: row.traceId, spanId: row.spanId }));
  return {
    hits: items.map((row) => ({
      traceId: row.traceId,
      spanId: row.spanId,
      name: row.name,
      agent: row.agent,
      sessionId: stringOrNull(row.sessionId),
      atMs: feedTimeMs(BigInt(row.nanos)),
      field: row.field,
      snippet: snippetAround(row.value, request.text),
    })),
    nextCursor,
  };
}
