import type { AgentApi, LineQualityReport } from '../../../src/contract';
import { liveCalls, type PhoneState } from '../phone/phone-store';

/**
 * What the supervisors' board hears of this agent's line: the same judgement the status bar's
 * LineQualityIndicator shows — during a call the call's own quality (WebRTC stats), otherwise the
 * path to the SIP server (keepalive pings) — with the MOS to one decimal, so a report goes only
 * when the board would show something different.
 */
export function lineReportOf(s: PhoneState): LineQualityReport {
  const judged = liveCalls(s).find((c) => c.quality)?.quality ?? s.line;
  if (!judged) return { level: null, mos: null };
  return { level: judged.level, mos: Math.min(5, Math.max(1, Math.round(judged.mos * 10) / 10)) };
}

interface PhoneStoreLike {
  getState(): PhoneState;
  subscribe(listener: (s: PhoneState) => void): () => void;
}

/** Sends the line's judgement to the core (app.reportLineQuality) each time it changes; `resend` after the core restarts. */
export function startLineQualityReports(agent: AgentApi, store: PhoneStoreLike): { resend(): void; stop(): void } {
  let last = '';
  const send = (report: LineQualityReport) => void agent.app.reportLineQuality(report).catch(() => undefined);
  const check = (s: PhoneState) => {
    const report = lineReportOf(s);
    const key = `${report.level}/${report.mos}`;
    if (key === last) return;
    last = key;
    send(report);
  };
  const stop = store.subscribe(check);
  check(store.getState());
  return { resend: () => send(lineReportOf(store.getState())), stop };
}
