/** The Electron shell's decisions that don't need Electron to check: which pages are ours, IT's update policy. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppUrl } from '../../main/app-url';
import { permissionAllowed, permissionCheckAllowed } from '../../main/permission-policy';
import { readUpdatePolicy } from '../../main/update-policy';
import { tempDir } from '../support/test-core';

describe('which pages may use the agent API', () => {
  it("accepts only the app's own renderer page", () => {
    expect(isAppUrl('file:///opt/Agent%20Workstation/resources/app.asar/out/renderer/index.html', undefined)).toBe(true);
    expect(isAppUrl('file:///home/dev/agent/out/renderer/index.html', undefined)).toBe(true);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
  });

  it('refuses other files, other origins and look-alikes', () => {
    for (const url of [
      'file:///tmp/evil.html',
      'file:///tmp/out/renderer/evil.html',
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
    expect(readUpdatePolicy('/nonexistent/update-policy.json')).toEqual({ policy: { enabled: true, channel: 'latest' }, problem: null });
  });

  it('pins the feed and channel, or turns updates off', () => {
    expect(readUpdatePolicy(write('{"feedUrl":"https://updates.example.com/aw","channel":"beta"}')).policy).toEqual({
      enabled: true,
      feedUrl: 'https://updates.example.com/aw',
      channel: 'beta',
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
