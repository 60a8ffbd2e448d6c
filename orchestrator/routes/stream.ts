import { z } from 'zod';
import { ApiError, streamRoute, type ApiRoute } from '../api/route.js';
import { RESET_EVENT, type SseHub } from '../stream/sse-hub.js';

export const STREAM_API = '/api/v1/stream';

const eventId = z.string().regex(/^\d{1,16}$/, 'expected the id of an event (digits)').transform(Number);

const querySchema = z.object({
  types: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]+(,[A-Za-z0-9_.:-]+)*$/, 'expected event types separated by commas, e.g. alert,session')
    .transform((list) => new Set(list.split(',')))
    .optional()
    .describe(`only events of these types, comma-separated (\`${RESET_EVENT}\` always comes)`),
  lastEventId: eventId.optional().describe('resume after this event id, for clients that cannot send the `Last-Event-ID` header'),
});

/** `GET /api/v1/stream`: live events as Server-Sent Events, resumable with `Last-Event-ID`. */
export function streamEventsRoute(hub: SseHub): ApiRoute {
  return streamRoute({
    method: 'get',
    path: STREAM_API,
    summary: 'live events (Server-Sent Events): every event has an increasing id; reconnect with Last-Event-ID to get what was missed',
    description:
      `Each event is \`id: <n>\\nevent: <type>\\ndata: <JSON>\`; a new client is first sent the newest id alone (\`id: <n>\`, no event), its resume point. ` +
      `A client reconnecting with \`Last-Event-ID\` (header, or \`lastEventId\`) gets the events it missed; ` +
      `when they are no longer kept it gets one \`${RESET_EVENT}\` event instead and should reload the state it shows. Comment lines (\`: heartbeat\`) keep the connection open. ` +
      'A client that does not read fast enough is disconnected (and resumes on reconnecting).',
    query: querySchema,
    contentType: 'text/event-stream',
    event: z.unknown().describe(`the published value; a \`${RESET_EVENT}\` event carries { reason, lastEventId }`),
    serve: ({ query }, req, res) => {
      const header = req.get('last-event-id');
      const fromHeader = header === undefined ? undefined : eventId.safeParse(header.trim());
      if (fromHeader?.success === false) throw new ApiError(400, 'bad Last-Event-ID header: expected the id of an event (digits)');
      hub.attach(res, { lastEventId: fromHeader?.data ?? query.lastEventId, types: query.types });
    },
  });
}
