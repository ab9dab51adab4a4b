/**
 * The softphone against a real Kamailio and real Chromium pages, in a loopback-only network
 * namespace: registration time, click → ringing at the callee, and re-registration after the
 * SIP server is killed and restarted. Each figure for the tuned engine next to the same engine
 * on stock JsSIP settings (?phoneTuning=stock: JsSIP's 2–30 s recovery, no keepalive, no ICE
 * cap), measured in the same run. Prints figures only. Targets: set-up ≤ 300 ms, re-register ≤ 1 s.
 *
 *   npm run bench          (all benches)
 *   BENCH_SAMPLES=20 node --import tsx bench/phone.bench.ts
 */
import { execFileSync } from 'node:child_process';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';
import { runInPhoneNamespace } from './phone-namespace';
import { coreRequest } from '../tests/e2e/support/core-request';
import { kamailio } from '../tests/e2e/phone/kamailio-control';
import { newDataDir, startBrowserHost, type RunningHost } from '../tests/e2e/support/browser-host';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 10);
const RESTARTS = Number(process.env.BENCH_RESTARTS ?? 3);
const TARGETS = { setupMs: 300, reregisterMs: 1000 } as const;

runInPhoneNamespace(__filename);

const PASSWORDS: Record<string, string> = { '1001': 'secret1', '1002': 'secret2', '1004': 'secret4', '1005': 'secret5' };

interface Agent {
  ext: string;
  host: RunningHost;
  page: Page;
}

async function startAgent(browser: Browser, ext: string, stock: boolean): Promise<Agent> {
  const host = await startBrowserHost(newDataDir(), {
    AGENT_SIP_USER: ext,
    AGENT_SIP_PASSWORD: PASSWORDS[ext]!,
    AGENT_SIP_WS: 'ws://127.0.0.1:8088',
    AGENT_SIP_DOMAIN: '127.0.0.1',
  });
  const page = await (await browser.newContext()).newPage();
  await page.goto(host.url + (stock ? '&phoneTuning=stock' : ''));
  await page.getByRole('combobox', { name: 'Presence' }).waitFor();
  return { ext, host, page };
}

const regInfo = (page: Page) =>
  page.evaluate(() => (window as unknown as { phoneRegistration: () => { phase: string; registeredAt: number | null } }).phoneRegistration());
const liveCallsOf = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { phoneDiagnostics: () => Promise<Array<{ phase: string; startedAt: number }>> }).phoneDiagnostics(),
  );

async function waitFor<T>(probe: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 90_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last seen ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Presence Offline → Available, timed from the select to the 200 OK for REGISTER. */
async function registrationMs(a: Agent): Promise<number> {
  const presence = a.page.getByRole('combobox', { name: 'Presence' });
  await presence.selectOption('Offline');
  await waitFor(() => regInfo(a.page), (r) => r.phase === 'unregistered', `${a.ext} unregistered`);
  const t0 = Date.now();
  await presence.selectOption('Available');
  const r = await waitFor(() => regInfo(a.page), (r) => r.phase === 'registered' && (r.registeredAt ?? 0) >= t0, `${a.ext} registered`);
  return r.registeredAt! - t0;
}

/** The Call button pressed in A's page → the INVITE arrives in B's engine (B is ringing). */
async function setupMs(a: Agent, b: Agent): Promise<number> {
  await a.page.getByRole('textbox', { name: 'Number to dial' }).fill(b.ext);
  const t0 = await a.page.evaluate(() => {
    const button = [...document.querySelectorAll('button')].find((el) => el.textContent === 'Call')!;
    const t = Date.now();
    button.click();
    return t;
  });
  const calls = await waitFor(() => liveCallsOf(b.page), (c) => c.some((x) => x.phase === 'incoming'), `${b.ext} ringing`);
  const ms = calls[0]!.startedAt - t0;
  await b.page.getByRole('button', { name: 'Decline' }).click();
  await waitFor(() => liveCallsOf(a.page), (c) => c.length === 0, `${a.ext} idle`);
  await waitFor(() => liveCallsOf(b.page), (c) => c.length === 0, `${b.ext} idle`);
  return ms;
}

type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/**
 * The caller's declined call leaves them in Wrap-up (the campaign's rule), where presence can't
 * go Offline: submit it with a code that needs no callback, as the agent would.
 */
async function finishWrapup(a: Agent): Promise<void> {
  const open = (await coreRequest(a.page, 'wrapup.current', {})) as Reply<{ call: { id: string } } | null>;
  if (!open.ok || !open.value) return;
  const callId = open.value.call.id;
  const codes = (await coreRequest(a.page, 'wrapup.dispositionCodes', { callId })) as Reply<Array<{ code: string; needsCallback: boolean }>>;
  const code = codes.ok ? codes.value.find((c) => !c.needsCallback) : undefined;
  if (!code) throw new Error(`${a.ext}: no disposition to finish the wrap-up with`);
  const done = (await coreRequest(a.page, 'wrapup.complete', { callId, disposition: code.code })) as Reply<unknown>;
  if (!done.ok) throw new Error(`${a.ext}: wrap-up not submitted: ${done.error.message}`);
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((p, q) => p - q);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { median: at(0.5), p90: at(0.9), max: s[s.length - 1]! };
};
const fmt = (xs: number[]) => {
  const s = stats(xs);
  return `median ${s.median.toFixed(0).padStart(5)} ms  p90 ${s.p90.toFixed(0).padStart(5)} ms  max ${s.max.toFixed(0).padStart(5)} ms  (n=${xs.length})`;
};

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection'],
  });
  const tuned = [await startAgent(browser, '1001', false), await startAgent(browser, '1002', false)] as const;
  const stock = [await startAgent(browser, '1004', true), await startAgent(browser, '1005', true)] as const;
  const results: Record<'tuned' | 'stock', { reg: number[]; setup: number[]; rereg: number[] }> = {
    tuned: { reg: [], setup: [], rereg: [] },
    stock: { reg: [], setup: [], rereg: [] },
  };
  try {
    for (let i = 0; i < SAMPLES; i++) {
      for (const [name, pair] of [['tuned', tuned], ['stock', stock]] as const) {
        results[name].reg.push(await registrationMs(pair[0]));
        await registrationMs(pair[1]);
        results[name].setup.push(await setupMs(pair[0], pair[1]));
        await finishWrapup(pair[0]);
      }
    }
    // One kill/restart serves both configurations: all four agents race the same server.
    const all = [...tuned, ...stock];
    for (let i = 0; i < RESTARTS; i++) {
      kamailio.kill();
      const killedAt = Date.now();
      await Promise.all(all.map((a) => waitFor(() => regInfo(a.page), (r) => r.phase === 'failed', `${a.ext} unreachable`)));
      const listening = await kamailio.start();
      const at = await Promise.all(
        all.map((a) =>
          waitFor(() => regInfo(a.page), (r) => r.phase === 'registered' && (r.registeredAt ?? 0) >= killedAt, `${a.ext} re-registered`),
        ),
      );
      at.forEach((r, k) => results[k < 2 ? 'tuned' : 'stock'].rereg.push(r.registeredAt! - listening));
      console.log(`restart ${i + 1}: re-registered after ${at.map((r, k) => `${all[k]!.ext} ${r.registeredAt! - listening} ms`).join(', ')}`);
    }
  } finally {
    await browser.close();
    await Promise.all([...tuned, ...stock].map((a) => a.host.stop()));
  }

  console.log(`softphone on loopback (Kamailio ${execFileSync('kamailio', ['-v']).toString().split('\n')[0]?.split(' ')[2] ?? '?'}, Chromium ${browser.version()})`);
  for (const name of ['tuned', 'stock'] as const) {
    const r = results[name];
    const label = name === 'tuned' ? 'this engine   ' : 'stock JsSIP   ';
    console.log(`${label} registration          ${fmt(r.reg)}`);
    console.log(`${label} click → ringing       ${fmt(r.setup)}${name === 'tuned' ? `   target ≤ ${TARGETS.setupMs} ms` : ''}`);
    console.log(`${label} re-register (restart) ${fmt(r.rereg)}${name === 'tuned' ? `   target ≤ ${TARGETS.reregisterMs} ms` : ''}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
