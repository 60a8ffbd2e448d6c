import { z } from 'zod';
import { jsonRoute, type ApiRoute } from '../api/route.js';

/** `GET /api/v1/health`: the control plane answers. */
export function healthRoute(): ApiRoute {
  return jsonRoute({
    method: 'get',
    path: '/api/v1/health',
    summary: 'the control plane is up',
    response: z.object({ status: z.literal('ok') }),
    handle: async () => ({ status: 'ok' as const }),
  });
}
