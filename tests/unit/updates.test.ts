/**
 * Updates (issue 15 B5): electron-builder.yml is valid against electron-builder's own JSON schema
 * (the scheme.json app-builder-lib ships, checked with the ajv it uses, as `electron-builder`
 * checks a config before building), and the update policy never restarts the app during a call
 * or a wrap-up.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PresenceState } from '../../src/contract';
import { restartForUpdate } from '../../main/update-restart';
import { effectiveUpdatePolicy, inRollout, rolloutBucket } from '../../main/update-rollout';

const root = path.resolve(__dirname, '../..');
const requireHere = createRequire(__filename);
// app-builder-lib's own ajv and js-yaml, resolved from its folder: what electron-builder itself validates with.
const requireBuilder = createRequire(requireHere.resolve('app-builder-lib/package.json'));

interface AjvError {
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}
type Validate = ((data: unknown) => boolean) & { errors?: AjvError[] | null };
const { default: Ajv } = requireBuilder('ajv') as { default: new (o: object) => { compile(schema: object): Validate } };
const { load } = requireBuilder('js-yaml') as { load(text: string): unknown };

const scheme = JSON.parse(fs.readFileSync(requireHere.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
// electron-builder's options (app-builder-lib/out/util/config/schemaValidator.js), but without
// type coercion: the checked-in file must be right as written.
const validate = new Ajv({ allErrors: true, strict: false }).compile(scheme);
const config = () => load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it("matches electron-builder's own schema", () => {
    const ok = validate(config());
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the check would catch a misspelt key or a wrong type', () => {
    expect(validate({ ...config(), electronFuse: { runAsNode: false } })).toBe(false);
    expect(validate.errors?.some((e) => e.params.additionalProperty === 'electronFuse')).toBe(true);
    expect(validate({ ...config(), nsis: { perMachine: 'yes' } })).toBe(false);
  });

  it('keeps the per-machine install, the fuses and the generic feed the update policy relies on', () => {
    const c = config() as { nsis: { perMachine: boolean }; electronFuses: Record<string, boolean>; publish: { provider: string } };
    expect(c.nsis.perMachine).toBe(true);
    expect(c.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, enableEmbeddedAsarIntegrityValidation: true });
    expect(c.publish.provider).toBe('generic');
  });
});

describe('an update never restarts the app during a call or a wrap-up', () => {
  const presences = PresenceState.options;

  it.each(presences)('with a call in progress (presence %s): no restart', (presence) => {
    for (const activeCalls of [1, 2]) {
      for (const openWrapup of [false, true]) {
        expect(restartForUpdate({ presence, activeCalls, openWrapup })).toEqual({ restart: false, reason: 'call' });
      }
    }
  });

  it.each(presences)('with a wrap-up open and no call (presence %s): no restart', (presence) => {
    expect(restartForUpdate({ presence, activeCalls: 0, openWrapup: true })).toEqual({
      restart: false,
      reason: presence === 'Busy' ? 'call' : 'wrap-up',
    });
  });

  it('Busy or Wrap-up presence alone holds the restart back (the phone report may lag)', () => {
    expect(restartForUpdate({ presence: 'Busy', activeCalls: 0, openWrapup: false })).toEqual({ restart: false, reason: 'call' });
    expect(restartForUpdate({ presence: 'Wrap-up', activeCalls: 0, openWrapup: false })).toEqual({ restart: false, reason: 'wrap-up' });
  });

  it.each(presences.filter((p) => p !== 'Busy' && p !== 'Wrap-up'))('idle in %s: the update may restart the app', (presence) => {
    expect(restartForUpdate({ presence, activeCalls: 0, openWrapup: false })).toEqual({ restart: true });
  });
});

describe('staged rollout and IT policy over updates (issue 15 B1)', () => {
  const devices = Array.from({ length: 2000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

  it('gives each machine a stable bucket per version, drawn afresh for each version', () => {
    for (const d of devices.slice(0, 50)) expect(rolloutBucket(d, '1.4.0')).toBe(rolloutBucket(d, '1.4.0'));
    const first = devices.filter((d) => inRollout(10, d, '1.4.0'));
    const next = devices.filter((d) => inRollout(10, d, '1.5.0'));
    expect(first).not.toEqual(next);
  });

  it('takes about the percentage asked, and a wider rollout keeps every machine already in', () => {
    for (const percent of [1, 10, 50, 90]) {
      const share = devices.filter((d) => inRollout(percent, d, '2.0.0')).length / devices.length;
      // 2,000 machines: the binomial's standard deviation is at most 1.2 points; 4 of them is a margin no honest hash misses.
      expect(Math.abs(share - percent / 100)).toBeLessThan(0.045);
    }
    const at10 = devices.filter((d) => inRollout(10, d, '2.0.0'));
    expect(at10.every((d) => inRollout(25, d, '2.0.0'))).toBe(true);
    expect(devices.every((d) => inRollout(100, d, '2.0.0'))).toBe(true);
    expect(devices.some((d) => inRollout(0, d, '2.0.0'))).toBe(false);
  });

  it("lets IT's admin policy turn updates off, pick the channel and the rollout, over the update-policy file", () => {
    const file = { enabled: true, channel: 'latest' as const, restartWhenIdle: true, feedUrl: 'https://updates.example.com/aw' };
    expect(effectiveUpdatePolicy(file, undefined)).toEqual({ ...file, rolloutPercent: 100 });
    expect(effectiveUpdatePolicy(file, { enabled: false, channel: 'latest', rolloutPercent: 100 }).enabled).toBe(false);
    expect(effectiveUpdatePolicy(file, { enabled: true, channel: 'beta', rolloutPercent: 20 })).toEqual({ ...file, channel: 'beta', rolloutPercent: 20 });
    // A malformed update-policy file turned updates off; the admin policy does not turn them back on.
    expect(effectiveUpdatePolicy({ ...file, enabled: false }, { enabled: true, channel: 'latest', rolloutPercent: 100 }, 'invalid').enabled).toBe(false);
  });
});
