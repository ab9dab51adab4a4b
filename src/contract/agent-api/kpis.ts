import { z } from 'zod';
import { method } from './define';
import { IsoTime } from '../shared/primitives';

/** The agent's own figures for a period, from this workstation's store (so they survive a crash). */
export const Kpis = z.object({
  since: IsoTime,
  /** Calls that rang or were placed in the period. */
  inbound: z.number().int().nonnegative(),
  outbound: z.number().int().nonnegative(),
  /** Calls that were answered (by the agent, or by the customer for outbound ones), however they ended. */
  answered: z.number().int().nonnegative(),
  /** Inbound calls that rang out or whose caller gave up while they rang (not declined, not failed). */
  missed: z.number().int().nonnegative(),
  /** Mean time on answered, ended calls (answer to hang-up), or null before the first. */
  averageTalkSeconds: z.number().nonnegative().nullable(),
  /** Mean after-call work (hang-up to wrap-up submitted), or null before the first. */
  averageWrapupSeconds: z.number().nonnegative().nullable(),
  /** How many submitted wrap-ups gave each disposition code. */
  dispositions: z.record(z.string(), z.number().int().positive()),
});
export type Kpis = z.infer<typeof Kpis>;

export const kpis = {
  /** Since `since`, or since midnight where the workstation is. */
  summary: method(z.object({ since: IsoTime.optional() }).strict(), Kpis),
} as const;
