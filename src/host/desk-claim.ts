import type { DeskBusy } from '../contract';

/** What the host knows when a page asks for the desk. */
export interface DeskClaim {
  /** Another page has the desk and its socket is open. */
  readonly otherDeskOpen: boolean;
  /** Calls the desk's phone reports in progress: dialing, ringing, connected or held (`phone.status`). */
  readonly activeCalls: number;
  /** The open work the core holds (`wrapup.current`): none, a call not yet ended, or an ended call whose wrap-up is open. */
  readonly openWork: 'none' | 'live-call' | 'wrap-up';
}

export type DeskDecision = { readonly grant: true; readonly takeOver: boolean } | { readonly grant: false; readonly why: DeskBusy };

/**
 * One agent, one desk (issue 16 A5). A newer page takes the desk over from an idle one (that
 * page says so and stops); while the page that has the desk is on a call or in its wrap-up, the
 * newer page is refused instead — taking over would shut down the phone under the call and
 * leave the wrap-up half done. With no other page open, a page always gets the desk (a reload
 * or a restarted host: the call died with the page, and the core ends it as an orphan).
 */
export function claimDesk(c: DeskClaim): DeskDecision {
  if (!c.otherDeskOpen) return { grant: true, takeOver: false };
  if (c.activeCalls > 0 || c.openWork === 'live-call') return { grant: false, why: 'call' };
  if (c.openWork === 'wrap-up') return { grant: false, why: 'wrap-up' };
  return { grant: true, takeOver: true };
}
