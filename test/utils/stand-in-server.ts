import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface StandInReply {
  status: number;
  body: unknown;
}

/** How the next matching request misbehaves: a 500 before doing anything, or a hang after. */
export type Fault = 'error' | 'hang_after_processing';

/**
 * A tiny HTTP server that plays a payment provider's API for the real SDK. Subclasses route
 * requests; faults can be injected per path prefix to test retries and crashes.
 */
export abstract class StandInServer {
  private server: Server | null = null;
  readonly requests: StandInRequest[] = [];
  private faults: Array<{ method: string; prefix: string; fault: Fault }> = [];
  private readonly hung = new Set<ServerResponse>();

  protected abstract route(req: StandInRequest): StandInReply;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.onRequest(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    for (const res of this.hung) {
      res.destroy();
    }
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  /** The next `method` request whose path starts with `prefix` misbehaves once. */
  inject(method: string, prefix: string, fault: Fault): void {
    this.faults.push({ method, prefix, fault });
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
    }
    const request: StandInRequest = {
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0],
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    this.requests.push(request);
    const i = this.faults.findIndex(
      (f) => f.method === request.method && request.path.startsWith(f.prefix),
    );
    const fault = i >= 0 ? this.faults.splice(i, 1)[0].fault : null;
    if (fault === 'error') {
      return send(res, 500, { error: { type: 'api_error', message: 'Injected failure' } });
    }
    let reply: StandInReply;
    try {
      reply = this.route(request);
    } catch (err) {
      reply = { status: 500, body: { error: { message: String(err) } } };
    }
    if (fault === 'hang_after_processing') {
      // The provider did the work but the answer never arrives (timeout, crash, lost network).
      this.hung.add(res);
      return;
    }
    send(res, reply.status, reply.body);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
