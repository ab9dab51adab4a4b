/** The Electron shell's decisions that don't need Electron to check: which pages are ours, IT's update policy. */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppUrl } from '../../main/app-url';
import { permissionAllowed, permissionCheckAllowed } from '../../main/permission-policy';
import { readUpdatePolicy } from '../../main/update-policy';
import { tempDir } from '../support/test-core';

describe('which pages may use the agent API', () => {
  it("accepts only the app's own renderer page, on app://workstation", () => {
    expect(isAppUrl(APP_ENTRY_URL, undefined)).toBe(true);
    expect(isAppUrl('app://workstation/', undefined)).toBe(true);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
  });

  it('refuses every file:// page (the built renderer included), other origins and look-alikes', () => {
    for (const url of [
      // Served through app:// now (Electron checklist item 18), so no file:// page is ours.
      'file:///opt/Agent%20Workstation/resources/app.asar/out/renderer/index.html',
      'file:///home/dev/agent/out/renderer/index.html',
      'file:///tmp/evil.html',
      'file:///tmp/out/renderer/evil.html',
      'app://workstation/evil.html',
      'app://workstation.evil.com/index.html',
      'app://other/index.html',
      'app://user:pw@workstation/index.html',
      'apps://workstation/index.html',
      'https://example.com/out/renderer/index.html',
      'http://localhost:5174/',
      'http://localhost:5173.evil.com/',
      'not a url',
    ]) {
      expect(isAppUrl(url, 'http://localhost:5173'), url).toBe(false);
    }
    expect(isAppUrl('http://localhost:5173/', undefined)).toBe(false);
  });
});

describe("IT's update policy file", () => {
  const write = (content: string) => {
    const file = path.join(tempDir(), 'update-policy.json');
    fs.writeFileSync(file, content);
    return file;
  };

  it('defaults to updates on, latest channel, when there is no file', () => {
    expect(readUpdatePolicy('/nonexistent/update-policy.json')).toEqual({ policy: { enabled: true, channel: 'latest', restartWhenIdle: false }, problem: null });
  });

  it('pins the feed and channel, or turns updates off', () => {
    expect(readUpdatePolicy(write('{"feedUrl":"https://updates.example.com/aw","channel":"beta"}')).policy).toEqual({
      enabled: true,
      feedUrl: 'https://updates.example.com/aw',
      channel: 'beta',
      restartWhenIdle: false,
    });
    expect(readUpdatePolicy(write('{"enabled":false}')).policy.enabled).toBe(false);
  });

  it('turns updates off and says why when the file is malformed', () => {
    for (const bad of ['{not json', '{"enabled":"yes"}', '{"feedUrl":"nope"}', '{"channel":"nightly"}', '{"unknown":1}']) {
      const r = readUpdatePolicy(write(bad));
      expect(r.policy.enabled, bad).toBe(false);
      expect(r.problem, bad).toMatch(/update policy/);
    }
  });
});

describe('which permissions the window may have', () => {
  it('grants audio capture and desktop notifications', () => {
    expect(permissionAllowed('media', ['audio'])).toBe(true);
    expect(permissionAllowed('notifications')).toBe(true);
    expect(permissionCheckAllowed('media')).toBe(true);
    expect(permissionCheckAllowed('notifications')).toBe(true);
  });

  it('denies the camera, the screen and everything else', () => {
    expect(permissionAllowed('media', ['video'])).toBe(false);
    expect(permissionAllowed('media', ['audio', 'video'])).toBe(false);
    expect(permissionAllowed('media', [])).toBe(false);
    expect(permissionAllowed('media')).toBe(false);
    for (const p of ['geolocation', 'display-capture', 'clipboard-read', 'midi', 'openExternal', 'pointerLock']) {
      expect(permissionAllowed(p), p).toBe(false);
      expect(permissionCheckAllowed(p), p).toBe(false);
    }
  });
});

describe("the packaged app's Electron fuses", () => {
  it('turn off RunAsNode, NODE_OPTIONS and inspect arguments, and turn on asar integrity, under names electron-builder knows', () => {
    // js-yaml (electron-builder's own YAML reader) ships no types: typed here as it is used.
    const { load } = createRequire(__filename)('js-yaml') as { load(text: string): unknown };
    const config = load(fs.readFileSync(path.resolve(__dirname, '../../electron-builder.yml'), 'utf8')) as { electronFuses?: Record<string, boolean> };
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // Every key is one of electron-builder's own FuseOptionsV1 (its schema ships in the package).
    const schema = JSON.parse(fs.readFileSync(createRequire(__filename).resolve('app-builder-lib/scheme.json'), 'utf8')) as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
    };
    for (const key of Object.keys(config.electronFuses ?? {})) expect(Object.keys(schema.definitions.FuseOptionsV1.properties), key).toContain(key);
  });
});

describe('the Electron the app is built with', () => {
  it('is the version npm locked, on a major Electron still supports (the latest three: 43–45 as of November 2026)', () => {
    const { load } = createRequire(__filename)('js-yaml') as { load(text: string): unknown };
    const config = load(fs.readFileSync(path.resolve(__dirname, '../../electron-builder.yml'), 'utf8')) as { electronVersion?: string };
    const lock = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string }>;
    };
    // One version everywhere: what main/ is type-checked against is what the installers ship.
    expect(config.electronVersion).toBe(lock.packages['node_modules/electron']?.version);
    // Electron supports its latest three majors (electronjs.org/docs/latest/tutorial/electron-timelines);
    // 45 was released 2026-10-21, so anything below 43 gets no security fixes.
    expect(Number(config.electronVersion?.split('.')[0])).toBeGreaterThanOrEqual(43);
  });
});
