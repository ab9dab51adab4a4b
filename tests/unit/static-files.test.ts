import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveStaticFile } from '../../src/host/static-files';
import { tempDir } from '../support/test-core';

describe('browser host static files', () => {
  const root = tempDir();
  fs.mkdirSync(path.join(root, 'assets'));
  fs.writeFileSync(path.join(root, 'index.html'), '<html></html>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), '');
  fs.writeFileSync(path.join(path.dirname(root), 'outside.txt'), 'secret');

  it('serves the index and assets with their content types', () => {
    expect(resolveStaticFile(root, '/')?.type).toBe('text/html; charset=utf-8');
    expect(resolveStaticFile(root, '/assets/app.js')?.type).toBe('text/javascript; charset=utf-8');
  });

  it('never serves a file outside the renderer folder', () => {
    for (const p of ['/../outside.txt', '/%2e%2e/outside.txt', '/assets/../../outside.txt', '/%E0%A4%A', '/assets']) {
      expect(resolveStaticFile(root, p), p).toBeNull();
    }
  });
});
