import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { ISocketFactory } from 'kafkajs';

/** kafkajs' own keep-alive delay. */
const KEEP_ALIVE_DELAY_MS = 60_000;

/**
 * kafkajs' default socket factory, except that `unref()` of a socket that is already closed does nothing.
 *
 * kafkajs (2.2) ends and unrefs a connection's socket on every disconnect, also when that socket closed long ago, and
 * Node's `unref()` of a closed socket adds a one-time 'connect' listener that never fires. A consumer disconnects all
 * its connections on each crash and restart; a connection it does not open again in between (the seed broker's fetch
 * connection while it restarts every 300 ms without fetching) keeps its closed socket, which gains one listener per
 * restart: a MaxListenersExceededWarning after ten, and memory held for as long as the restarts go on.
 */
export const kafkaSocketFactory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
  const socket: Socket = ssl
    ? tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...ssl }, onConnect)
    : netConnect({ host, port }, onConnect);
  socket.setKeepAlive(true, KEEP_ALIVE_DELAY_MS);
  const unref = socket.unref.bind(socket);
  socket.unref = () => (socket.destroyed ? socket : unref());
  return socket;
};
