import { createServer, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface TestConnectProxy {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `host:port` of every CONNECT request, in order. */
  connects: string[];
  /** `Proxy-Authorization` header of every CONNECT request (undefined when absent). */
  authorizations: (string | undefined)[];
  close(): Promise<void>;
}

/**
 * A minimal HTTP CONNECT proxy on 127.0.0.1, port 0, for tests: tunnels to
 * loopback targets only and records what it was asked for.
 */
export async function startConnectProxy(): Promise<TestConnectProxy> {
  const connects: string[] = [];
  const authorizations: (string | undefined)[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((_req, res) => {
    res.writeHead(405).end('CONNECT only');
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    connects.push(target);
    authorizations.push(req.headers['proxy-authorization']);
    const match = /^(127\.0\.0\.1|localhost):(\d+)$/.exec(target);
    if (!match) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(Number(match[2]), match[1]!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    connects,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
