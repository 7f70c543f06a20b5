import { createServer } from 'node:net';
import { freePort } from './free-port';

/** `preferred` when nothing listens there (nicer URLs in the demo), else any free port. */
export async function preferredPort(preferred: number): Promise<number> {
  const available = await new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(preferred, '127.0.0.1', () => server.close(() => resolve(true)));
  });
  return available ? preferred : freePort();
}
