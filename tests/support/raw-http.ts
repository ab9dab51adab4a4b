import net from 'node:net';

/** A request line no HTTP parser accepts: NUL and a control byte, an unknown version. */
export const MALFORMED_HTTP_REQUEST = 'GARBAGE\x00 / HTTP/9.9\r\n\x01\r\n\r\n';

/** Writes `text` raw to 127.0.0.1:port and resolves with everything the server sent before closing. */
export function rawHttpExchange(port: number, text: string = MALFORMED_HTTP_REQUEST): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let got = '';
    socket.on('data', (d) => (got += d.toString()));
    socket.on('close', () => resolve(got));
    socket.on('error', reject);
  });
}
