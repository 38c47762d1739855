// The opt-in operations endpoint (METRICS_PORT): GET /healthz (200 or 503, JSON) and GET /metrics (Prometheus text).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.js';
import type { Health } from './health.js';
import type { PromMetrics } from './metrics.js';

export interface OpsServerOptions {
  port: number;
  /** Default 127.0.0.1; 0.0.0.0 to be scraped from another machine or container. */
  host?: string;
  health: Health;
  metrics: PromMetrics;
  logger: Logger;
}

export interface OpsServer {
  /** The port it listens on (the chosen one when started with port 0). */
  port: number;
  stop(): Promise<void>;
}

export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const { health, metrics, logger } = options;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, HEAD' }).end();
    if (path === '/healthz') {
      const report = health.report();
      res.writeHead(report.status === 'failing' ? 503 : 200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end(`${JSON.stringify(report)}\n`);
    }
    if (path === '/metrics') {
      metrics.render().then(
        (text) => res.writeHead(200, { 'content-type': metrics.contentType }).end(text),
        (error: unknown) => {
          logger.error('metrics could not be collected', { err: error });
          res.writeHead(500).end();
        },
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: try /healthz or /metrics\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  logger.info('listening', { url: `http://${options.host ?? '127.0.0.1'}:${port}`, paths: ['/healthz', '/metrics'] });
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
