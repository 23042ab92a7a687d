import { createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { kafkaSocketFactory } from './socket-factory';

let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((socket) => socket.end());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as { port: number }).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function connected(): Promise<Socket> {
  let onConnect!: () => void;
  const connecting = new Promise<void>((resolve) => (onConnect = resolve));
  const socket = kafkaSocketFactory({ host: '127.0.0.1', port, ssl: undefined as never, onConnect });
  await connecting;
  return socket;
}

describe('kafkaSocketFactory', () => {
  it('connects like kafkajs does and unrefs an open socket', async () => {
    const socket = await connected();
    expect(socket.remotePort).toBe(port);
    expect(socket.unref()).toBe(socket);
    socket.destroy();
  });

  it('adds no listener when a closed socket is unref-ed again and again (kafkajs does so on every disconnect)', async () => {
    const socket = await connected();
    socket.destroy();
    await once(socket, 'close');
    const before = socket.listenerCount('connect');
    for (let i = 0; i < 20; i++) {
      socket.end();
      socket.unref();
    }
    expect(socket.listenerCount('connect')).toBe(before);
  });
});
