import { expect, test as base, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { newDataDir, startBrowserHost, type RunningHost } from '../support/browser-host';

/**
 * One agent = its own browser host (core + store + vault in its own data folder) and its own
 * browser context, registered as extension 1001/1002/1003 on the namespace's Kamailio.
 */
export const SIP_WS = process.env.AGENT_TEST_SIP_WS ?? 'ws://127.0.0.1:8088';
export const PASSWORDS: Record<string, string> = { '1001': 'secret1', '1002': 'secret2', '1003': 'secret3' };

export interface Agent {
  readonly ext: string;
  readonly host: RunningHost;
  readonly context: BrowserContext;
  readonly page: Page;
  /** The page's console (the phone engine logs every registration step), for a failed test's report. */
  readonly console: readonly string[];
  close(): Promise<void>;
}

export interface AgentOptions {
  password?: string;
  query?: string;
  sipWs?: string;
  /** More of IT's settings for the host (AGENT_SIP_ICE_SERVERS, …). */
  env?: Record<string, string>;
  /**
   * The demo data set, pulled from the profile's embedded sync server. Only tests that need
   * contacts or campaigns ask for it: each server is a PostgreSQL in WebAssembly in the host's
   * process, and the phone alone needs none.
   */
  demoData?: boolean;
}

export async function startAgent(browser: Browser, ext: string, opts: AgentOptions = {}): Promise<Agent> {
  const host = await startBrowserHost(newDataDir(), {
    AGENT_SIP_USER: ext,
    AGENT_SIP_DOMAIN: '127.0.0.1',
    AGENT_SIP_WS: opts.sipWs ?? SIP_WS,
    AGENT_SIP_PASSWORD: opts.password ?? PASSWORDS[ext] ?? '',
    AGENT_SIP_DISPLAY_NAME: `Agent ${ext}`,
    ...(opts.demoData ? {} : { AGENT_EMBEDDED_SYNC: '0' }),
    ...opts.env,
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  const lines: string[] = [];
  const started = Date.now();
  const note = (line: string) => {
    lines.push(`+${Date.now() - started} ms ${line}`);
    if (process.env.PHONE_DEBUG) console.log(`[${ext}] ${line}`);
  };
  page.on('pageerror', (e) => note(`pageerror: ${e.message}`));
  page.on('console', (m) => note(m.text()));
  await page.goto(host.url + (opts.query ?? ''));
  return {
    ext,
    host,
    context,
    page,
    console: lines,
    close: async () => {
      await context.close();
      await host.stop();
    },
  };
}

/**
 * The phone tests' `test`: `startAgent(ext)` starts an agent that is closed when the test
 * ends, and whose page console is printed when the test failed — the phone engine's own
 * account of what it saw, which a CI log otherwise lacks.
 */
export const test = base.extend<{ startAgent: (ext: string, opts?: AgentOptions) => Promise<Agent> }>({
  startAgent: async ({ browser }, use, testInfo) => {
    const started: Agent[] = [];
    await use(async (ext, opts) => {
      const agent = await startAgent(browser, ext, opts);
      started.push(agent);
      return agent;
    });
    if (testInfo.status !== testInfo.expectedStatus) {
      for (const a of started) {
        console.log(`── console of agent ${a.ext} ──\n${a.console.join('\n')}`);
        console.log(`── host of agent ${a.ext} (core log) ──\n${a.host.output.join('\n')}`);
      }
    }
    await Promise.all(started.map((a) => a.close()));
  },
});

export const registration = (page: Page) => page.getByRole('status', { name: 'Phone registration' });

/** Presence Available is what tells the core to register the phone. */
export async function goAvailable(page: Page): Promise<void> {
  await page.getByRole('combobox', { name: 'Presence' }).selectOption('Available');
  await expect(registration(page)).toHaveText('Phone: registered');
}

export const call = (page: Page, remote: string) => page.getByRole('region', { name: `Call with ${remote}` });

/** Dials from the pad, as the agent does. */
export async function dial(page: Page, target: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Number to dial' }).fill(target);
  await page.getByRole('button', { name: 'Call', exact: true }).click();
}

/** `from` calls `to`, `to` answers, and the caller sees the call connected. */
export async function connect(from: Agent, to: Agent): Promise<void> {
  await dial(from.page, to.ext);
  await call(to.page, from.ext).getByRole('button', { name: 'Answer' }).click();
  await expect(call(from.page, to.ext).getByRole('status', { name: 'Call state' })).toHaveText('Connected');
}

export interface Diag {
  id: string;
  phase: string;
  startedAt: number;
  inboundBytes: number;
  outboundBytes: number;
  outboundPackets: number;
  concealedSamples: number;
  totalSamplesReceived: number;
  remoteSdp: string | null;
  audioLevel: number | null;
  totalAudioEnergy: number | null;
  currentDirection: string | null;
  senderTrackEnabled: boolean | null;
  senderTrackLabel: string | null;
  sinkId: string | null;
  iceConnectionState: string | null;
  dtmfTonesPlayed: string;
  iceRestarts: number;
  mediaPath: string | null;
}

export async function diagnostics(page: Page): Promise<Diag[]> {
  return page.evaluate(() => {
    const w = window as unknown as { phoneDiagnostics?: () => Promise<Diag[]> };
    return w.phoneDiagnostics ? w.phoneDiagnostics() : Promise.resolve([]);
  });
}

export async function firstDiag(page: Page): Promise<Diag> {
  const d = await diagnostics(page);
  if (!d[0]) throw new Error('no call in progress');
  return d[0];
}

/** Audio reaches this side: its inbound RTP bytes keep growing. */
export async function expectAudioArriving(page: Page): Promise<void> {
  const before = (await firstDiag(page)).inboundBytes;
  await expect.poll(async () => (await firstDiag(page)).inboundBytes, { timeout: 10_000 }).toBeGreaterThan(before + 1000);
}

export { kamailio } from './kamailio-control';

export async function registeredAt(page: Page): Promise<number | null> {
  return page.evaluate(() => {
    const w = window as unknown as { phoneRegistration?: () => { phase: string; registeredAt: number | null } };
    const r = w.phoneRegistration?.();
    return r && r.phase === 'registered' ? r.registeredAt : null;
  });
}
