import { describe, expect, it } from 'vitest';
import packageJson from '../../package.json';
import { checkNodeRuntime } from '../../src/server/node-runtime';

const SUPPORTED = packageJson.engines.node;

describe('the Node.js the sync server runs on', () => {
  it('package.json supports Node 24 LTS (from 24.11.0, its first LTS release) and nothing older or newer', () => {
    for (const ok of ['v24.11.0', 'v24.11.1', 'v24.22.3']) expect(checkNodeRuntime(ok, SUPPORTED), ok).toBeNull();
    for (const refused of ['v20.20.2', 'v22.21.0', 'v24.10.0', 'v25.2.1', 'v26.1.0']) {
      expect(checkNodeRuntime(refused, SUPPORTED)?.code, refused).toBe('UNSUPPORTED_NODE');
    }
  });

  it('tells the operator what runs, what is supported and how to start it', () => {
    const problem = checkNodeRuntime('v20.20.2', '^24.11.0');
    expect(problem?.message).toContain('v20.20.2');
    expect(problem?.message).toContain('^24.11.0');
    expect(problem?.message).toContain('npm run server');
  });

  it('refuses a version string it cannot read rather than guessing', () => {
    expect(checkNodeRuntime('', SUPPORTED)?.code).toBe('UNSUPPORTED_NODE');
    expect(checkNodeRuntime('24', SUPPORTED)?.code).toBe('UNSUPPORTED_NODE');
  });

  it('the tests themselves run on a supported Node (npm puts node_modules/.bin/node first)', () => {
    expect(checkNodeRuntime(process.version, SUPPORTED)).toBeNull();
  });
});
