import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of MongoDB that a test can cut and restore, emulating an outage with
 * whatever server MONGODB_URI points at. While `hold()` is on, replies from the server are kept
 * back, so a request can be caught in flight when the connection drops.
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  private holding = false;
  /** Server replies kept back since hold() was called. */
  heldReplies = 0;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
    public port = 0,
  ) {}

  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetHost, targetPort);
    await proxy.listen();
    return proxy;
  }

  /** The same URI with the proxy as its only host; the database name is kept. */
  uriFor(uri: string): string {
    const url = new URL(uri);
    url.host = `127.0.0.1:${this.port}`;
    // The replica set's hello names the real host, which a replica-set client would switch to.
    url.searchParams.delete('replicaSet');
    url.searchParams.set('directConnection', 'true');
    return url.toString();
  }

  hold(): void {
    this.holding = true;
    this.heldReplies = 0;
  }

  /** Stops accepting connections and drops every open one, as a failed server or network does. */
  async cut(): Promise<void> {
    this.holding = false;
    const server = this.server;
    this.server = undefined;
    const closed = new Promise<void>((resolve) =>
      server ? server.close(() => resolve()) : resolve(),
    );
    for (const socket of this.sockets) {
      socket.destroy();
    }
    this.sockets.clear();
    await closed;
  }

  /** Accepts connections again on the same port. */
  async restore(): Promise<void> {
    if (!this.server) {
      await this.listen();
    }
  }

  close(): Promise<void> {
    return this.cut();
  }

  private listen(): Promise<void> {
    const server = createServer((client) => this.pipe(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        const address = server.address();
        if (address && typeof address === 'object') {
          this.port = address.port;
        }
        resolve();
      });
    });
  }

  private pipe(client: Socket): void {
    const upstream = connect(this.targetPort, this.targetHost);
    this.sockets.add(client);
    this.sockets.add(upstream);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      // A held reply is never delivered: hold() is only ever followed by cut().
      if (this.holding) {
        this.heldReplies += 1;
      } else {
        client.write(chunk);
      }
    });
  }
}
