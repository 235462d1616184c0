import type { Socket } from 'node:net';
import { buildConnector } from 'undici';

/**
 * The connector for pipelined load connections: every request written to a socket in one tick leaves
 * in a single `writev` (one system call and one segment for the server to read) instead of one write
 * each. Nagle stays off, so nothing waits for an acknowledgement. With one request in flight per
 * connection there is nothing to gather and undici's own connector is used.
 */
export function loadConnector(pipelining: number): buildConnector.connector | undefined {
  if (pipelining <= 1) return undefined;
  const connect = buildConnector({});
  return (options, callback) =>
    connect(options, (error, socket) => {
      if (error === null) gatherWrites(socket as Socket);
      callback(error, socket as never);
    });
}

function gatherWrites(socket: Socket): void {
  const write = socket.write;
  let corked = false;
  const flush = () => {
    corked = false;
    if (!socket.destroyed) socket.uncork();
  };
  socket.write = function (this: Socket, ...args: Parameters<Socket['write']>) {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(flush);
    }
    return write.apply(this, args);
  } as Socket['write'];
}
