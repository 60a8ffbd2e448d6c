import { timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { httpUrl } from '../collector/net.js';
import { mountRoutes } from './api/mount-routes.js';
import { openApiRoute } from './api/openapi.js';
import type { ApiRoute } from './api/route.js';
import { healthRoute } from './routes/health.js';
import { STATUS_PAGE_HTML } from './status-page.js';
import { VERSION } from './version.js';

export interface ControlPlaneOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** When set, every /api request needs `Authorization: Bearer <token>`. */
  readonly token: string | undefined;
  /** The API's routes (api/route.ts); `/api/v1/health` and the OpenAPI document of them all are added. */
  readonly routes: readonly ApiRoute[];
}

export interface ControlPlane {
  start(): Promise<{ url: string; port: number }>;
  shutdown(): Promise<void>;
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const presented = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/**
 * The control plane's HTTP server: the routes of the registry under
 * /api/v1 (REST and the SSE stream), behind one bearer-token check, and
 * the UI.
 */
export function createControlPlane(options: ControlPlaneOptions): ControlPlane {
  const app = express();
  app.disable('x-powered-by');

  app.use('/api', (req: Request, res: Response, next: NextFunction) => {
    if (options.token === undefined || tokenMatches(req.get('authorization'), options.token)) return next();
    res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'unauthorized: send Authorization: Bearer <token>' });
  });
  const routes = [healthRoute(), ...options.routes];
  mountRoutes(app, [...routes, openApiRoute(routes, { title: 'agentfleet control plane', version: VERSION, description: 'Fleet state, alerts, stored spans and live events of agentfleet.' })]);
  app.use('/api', (req, res) => {
    res.status(404).json({ error: `no such endpoint: ${req.method} ${req.originalUrl}` });
  });
  app.get('/', (_req, res) => {
    res.type('html').set('Content-Security-Policy', "default-src 'self'; script-src 'unsafe-inline'").send(STATUS_PAGE_HTML);
  });
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).json({ error: error instanceof Error ? error.message : String(error) });
  });

  let server: Server | undefined;
  let closing: Promise<void> | undefined;
  return {
    start() {
      return new Promise((resolve, reject) => {
        const s = app.listen(options.port, options.host);
        s.once('error', reject);
        s.once('listening', () => {
          server = s;
          const { port } = s.address() as AddressInfo;
          resolve({ url: httpUrl(options.host, port), port });
        });
      });
    },
    shutdown() {
      closing ??= new Promise<void>((resolve) => {
        if (!server) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
