import type { Socket } from 'node:net';
import { buildConnector } from 'undici';

/**
 * The connector for load connections, which decides when written requests leave. Nagle stays off
 * either way, so nothing waits for an acknowledgement.
 *
 * - Pipelined (`pipelining > 1`): every request written to a socket in one tick leaves in a single
 *   `writev` (one system call and one segment for the server to read) instead of one write each.
 * - One request per connection: requests written while this event-loop turn handles its responses
 *   leave together at the end of the turn (one write per socket, back to back). The server is then
 *   woken once for the batch instead of once per request, which is most of a loopback write's cost;
 *   each request waits at most for the rest of the turn, and latency counts that wait.
 */
export function loadConnector(pipelining: number): buildConnector.connector {
  const connect = buildConnector({});
  const hold = pipelining > 1 ? gatherTickWrites : holdWritesUntilTurnEnd();
  return (options, callback) =>
    connect(options, (error, socket) => {
      if (error === null) hold(socket as Socket);
      callback(error, socket as never);
    });
}

/** Where a socket's first write of a batch corks it; `schedule` decides when `release` uncorks it. */
function holdWrites(socket: Socket, schedule: (release: () => void) => void): void {
  const write = socket.write;
  let corked = false;
  const release = () => {
    corked = false;
    if (!socket.destroyed) socket.uncork();
  };
  socket.write = function (this: Socket, ...args: Parameters<Socket['write']>) {
    if (!corked) {
      corked = true;
      socket.cork();
      schedule(release);
    }
    return write.apply(this, args);
  } as Socket['write'];
}

function gatherTickWrites(socket: Socket): void {
  holdWrites(socket, (release) => process.nextTick(release));
}

/** One batch per connector: the sockets written this turn, released together in the check phase. */
function holdWritesUntilTurnEnd(): (socket: Socket) => void {
  const held: Array<() => void> = [];
  let scheduled = false;
  const releaseAll = () => {
    scheduled = false;
    // A socket held again while releasing (nothing does today) waits for the next turn's release.
    const n = held.length;
    for (let i = 0; i < n; i++) held[i]!();
    held.splice(0, n);
  };
  const schedule = (release: () => void) => {
    held.push(release);
    if (!scheduled) {
      scheduled = true;
      setImmediate(releaseAll);
    }
  };
  return (socket) => holdWrites(socket, schedule);
}
