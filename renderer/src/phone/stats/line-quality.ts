/**
 * The line to the SIP server before and between calls, from the keepalive's OPTIONS pings: their
 * round-trip times and the ones that went unanswered, over the last minute. The same E-model as a
 * call's quality (quality.ts) turns them into a MOS and a good/fair/poor level, so the agent
 * hears about a bad line before a customer does. The signalling path is not the media path (media
 * may go peer to peer or through TURN), but on a home line both share the same last mile, which is
 * where delay and loss come from.
 */
import { assessQuality, type QualityLevel } from './quality';
import { t } from '../../i18n/i18n';

/** One keepalive ping: its round trip in ms, or null when it went unanswered. */
export interface PingOutcome {
  readonly rttMs: number | null;
}

/** The line's figures, for the status bar's indicator and its tooltip. */
export interface LineQuality {
  readonly level: QualityLevel;
  readonly mos: number;
  /** Median round trip of the answered pings, ms. */
  readonly rttMs: number | null;
  /** Mean difference between consecutive round trips, ms (RFC 3550's jitter idea, on pings). */
  readonly jitterMs: number | null;
  /** Unanswered pings, percent of the window. */
  readonly lossPercent: number;
  /** Pings in the window. */
  readonly samples: number;
}

/** About a minute of pings at the tuned 4 s keepalive. */
export const LINE_WINDOW = 15;
/** Fewer pings than this say too little to judge a line. */
export const LINE_MIN_SAMPLES = 3;

/** The window after one more ping: the newest LINE_WINDOW kept. */
export function addPing(window: readonly PingOutcome[], outcome: PingOutcome): PingOutcome[] {
  return [...window, outcome].slice(-LINE_WINDOW);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const at = (i: number) => sorted[i] ?? 0;
  return sorted.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

/** The line's quality from the window, or null until there are LINE_MIN_SAMPLES pings. */
export function assessLine(window: readonly PingOutcome[]): LineQuality | null {
  if (window.length < LINE_MIN_SAMPLES) return null;
  const answered = window.map((p) => p.rttMs).filter((r): r is number => r !== null);
  const lossFraction = (window.length - answered.length) / window.length;
  const rttMs = answered.length ? Math.round(median(answered)) : null;
  const diffs = answered.slice(1).map((r, i) => Math.abs(r - (answered[i] ?? r)));
  const jitterMs = diffs.length ? Math.round(diffs.reduce((a, b) => a + b, 0) / diffs.length) : answered.length ? 0 : null;
  // Nothing answered at all: the line is down, not merely poor; the registration state says so.
  const q = assessQuality({ rttSeconds: rttMs === null ? 5 : rttMs / 1000, jitterSeconds: (jitterMs ?? 0) / 1000, lossFraction });
  return { level: q.level, mos: q.mos, rttMs, jitterMs, lossPercent: Math.round(lossFraction * 100), samples: window.length };
}

/** The tooltip's numbers, in the agent's words. */
export function describeLine(line: LineQuality): string {
  const rtt = line.rttMs === null ? t('line.noAnswers') : t('line.roundTrip', { ms: line.rttMs });
  return t('line.describe', { rtt, jitter: line.jitterMs ?? '–', loss: line.lossPercent, samples: line.samples, mos: line.mos.toFixed(1) });
}
