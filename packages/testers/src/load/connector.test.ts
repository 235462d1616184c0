import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConnector } from './connector.js';

let server: Server | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A loopback server that counts the bytes it receives, and `count` sockets opened by the connector. */
async function connectThrough(pipelining: number, count: number): Promise<{ received: () => number }> {
  let received = 0;
  server = createServer((s) => s.on('data', (d: Buffer) => (received += d.length)));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const connect = loadConnector(pipelining);
  for (let i = 0; i < count; i++) {
    sockets.push(
      await new Promise<Socket>((resolve, reject) =>
        connect(
          {
            hostname: '127.0.0.1',
            host: `127.0.0.1:${port}`,
            protocol: 'http:',
            port: String(port),
            servername: null,
          } as never,
          (error, socket) => (error ? reject(error) : resolve(socket as Socket)),
        ),
      ),
    );
  }
  return { received: () => received };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
}

describe('loadConnector', () => {
  it('one request per connection: writes of a turn leave together at its end, none lost', async () => {
    const { received } = await connectThrough(1, 3);
    const request = 'GET / HTTP/1.1\r\nhost: x\r\n\r\n';
    for (const s of sockets) s.write(request);
    // held in the socket, not yet handed to the kernel
    for (const s of sockets) expect(s.writableLength).toBe(request.length);
    await new Promise<void>((resolve) => process.nextTick(resolve));
    for (const s of sockets) expect(s.writableLength).toBe(request.length);
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (const s of sockets) expect(s.writableLength).toBe(0);
    await until(() => received() === 3 * request.length);
    expect(received()).toBe(3 * request.length);
    // the next turn holds again
    sockets[0]!.write(request);
    expect(sockets[0]!.writableLength).toBe(request.length);
    await until(() => received() === 4 * request.length);
    expect(received()).toBe(4 * request.length);
  });

  it('pipelined: a socket written several times in one tick sends them in one go after the tick', async () => {
    const { received } = await connectThrough(8, 1);
    const s = sockets[0]!;
    s.write('a'.repeat(10));
    s.write('b'.repeat(10));
    expect(s.writableLength).toBe(20);
    await new Promise<void>((resolve) => process.nextTick(resolve));
    expect(s.writableLength).toBe(0);
    await until(() => received() === 20);
    expect(received()).toBe(20);
  });

  it('a socket destroyed while its writes are held is skipped, not written', async () => {
    await connectThrough(1, 2);
    sockets[0]!.write('x');
    sockets[1]!.write('y');
    sockets[0]!.destroy();
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(sockets[1]!.writableLength).toBe(0);
  });
});
