import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { resolveStaticFile } from '../../host/static-files';

/**
 * The console's page: the Vite build in out/console (console/ in the repository), served under
 * /console/ with a CSP that lets it run only its own script and talk only to its own origin.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** out/console from the source tree (src/server/console) or from a bundle in out/<x>. */
export function defaultConsoleDir(): string {
  const candidates = [path.resolve(__dirname, '../../../out/console'), path.resolve(__dirname, '../console')];
  return candidates.find((d) => fs.existsSync(path.join(d, 'index.html'))) ?? candidates[0] ?? '';
}

export function serveConsolePage(app: FastifyInstance, consoleDir: string): void {
  const root = path.resolve(consoleDir);
  app.get('/console', async (_req, reply) => reply.redirect('/console/', 302));
  app.get('/console/*', async (req, reply) => {
    const rest = (req.params as { '*'?: string })['*'] ?? '';
    if (rest.startsWith('api/')) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'No such console route.' } });
    // Every path that is not a file is the page itself (the page routes on the client side).
    const found = resolveStaticFile(root, `/${rest}`) ?? resolveStaticFile(root, '/index.html');
    if (!found) return reply.status(404).type('text/plain').send('The console is not built: run npm run build.');
    return reply
      .header('content-security-policy', CONSOLE_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', found.file.endsWith('index.html') ? 'no-store' : 'public, max-age=3600')
      .type(found.type)
      .send(fs.createReadStream(found.file));
  });
}
