import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy a test can cut: `down()` drops every connection and refuses new ones (the
 * target looks unreachable), `up()` lets traffic through again.
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  private reachable = true;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<this> {
    this.server = createServer((client) => {
      if (!this.reachable) {
        client.destroy();
        return;
      }
      const upstream = connect(this.targetPort, this.targetHost);
      for (const [a, b] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        this.sockets.add(a);
        a.on('error', () => b.destroy());
        a.on('close', () => {
          this.sockets.delete(a);
          b.destroy();
        });
        a.pipe(b);
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  down(): void {
    this.reachable = false;
    for (const socket of this.sockets) socket.destroy();
  }

  up(): void {
    this.reachable = true;
  }

  async stop(): Promise<void> {
    this.down();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
