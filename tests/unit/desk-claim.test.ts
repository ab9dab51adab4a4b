/** Issue 16 A5: one agent, one desk — when a newer page takes over, and when it is refused. */
import { describe, expect, it } from 'vitest';
import { claimDesk } from '../../src/host/desk-claim';

describe('claimDesk', () => {
  it('with no other page open, a page always gets the desk (a reload, a restarted host)', () => {
    expect(claimDesk({ otherDeskOpen: false, activeCalls: 0, openWork: 'none' })).toEqual({ grant: true, takeOver: false });
    // The call died with the page that had it; the core ends it as an orphan and wraps it up here.
    expect(claimDesk({ otherDeskOpen: false, activeCalls: 1, openWork: 'live-call' })).toEqual({ grant: true, takeOver: false });
  });

  it('takes over from an idle page', () => {
    expect(claimDesk({ otherDeskOpen: true, activeCalls: 0, openWork: 'none' })).toEqual({ grant: true, takeOver: true });
  });

  it('is refused while the other page has a call — ringing or dialing (the phone says so) or connected (the core says so)', () => {
    expect(claimDesk({ otherDeskOpen: true, activeCalls: 1, openWork: 'none' })).toEqual({ grant: false, why: 'call' });
    expect(claimDesk({ otherDeskOpen: true, activeCalls: 0, openWork: 'live-call' })).toEqual({ grant: false, why: 'call' });
  });

  it('is refused while the other page has a wrap-up open', () => {
    expect(claimDesk({ otherDeskOpen: true, activeCalls: 0, openWork: 'wrap-up' })).toEqual({ grant: false, why: 'wrap-up' });
  });
});
