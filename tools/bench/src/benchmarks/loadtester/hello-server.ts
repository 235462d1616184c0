import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

// The trivial loopback server both load generators hit: fixed 12-byte body, keep-alive, nothing else.
const body = Buffer.from('hello world\n');
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
