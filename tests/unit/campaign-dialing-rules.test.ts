/**
 * The pure rules of preview dialing: when a lead can't be dialed and what the agent is told, which
 * campaign and lead a new call belongs to, the client's check of a pulled campaign, and the
 * server's decision on a lead outcome.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AgentError, type Mutation, type ServerCampaign, type ServerLead } from '../../src/contract';
import { validateServerCampaign } from '../../src/core/campaigns/campaign-pull';
import { campaignForCall, dialBlock } from '../../src/core/campaigns/dialing';
import { decideLeadOutcome, type LeadState } from '../../src/server/leads';

describe('dialBlock', () => {
  const base = { contactName: 'Sandra Lee', doNotCall: false, number: '+13123045605', listed: null };

  it('lets a lead with a number and no do-not-call rule be dialed', () => {
    expect(dialBlock(base)).toBeNull();
  });

  it("names the customer's own request first, then a missing number, then the DNC list entry with its reason", () => {
    expect(dialBlock({ ...base, doNotCall: true, listed: { reason: 'Registry' } })).toEqual({
      code: 'DO_NOT_CALL',
      message: 'Sandra Lee asked not to be called (do not call).',
      block: { kind: 'asked', listReason: '' },
    });
    expect(dialBlock({ ...base, number: null })).toEqual({
      code: 'NOT_FOUND',
      message: 'Sandra Lee has no phone number to dial.',
      block: { kind: 'no-number', listReason: '' },
    });
    expect(dialBlock({ ...base, listed: { reason: 'National Do Not Call Registry' } })).toEqual({
      code: 'DO_NOT_CALL',
      message: '+13123045605 is on the do-not-call list (National Do Not Call Registry).',
      block: { kind: 'listed', listReason: 'National Do Not Call Registry' },
    });
    expect(dialBlock({ ...base, listed: { reason: '  ' } })?.message).toBe('+13123045605 is on the do-not-call list.');
  });
});

describe('campaignForCall', () => {
  const at = '2026-11-26T10:00:30.000Z';
  const dial = (leadId: string, dialedAt: string, dialedNumber = '+13123045605', campaignId = 'insurance-renewal') => ({ leadId, campaignId, dialedNumber, dialedAt });

  it("links an outbound call to the lead dialed to that number within the last minute, under the lead's campaign", () => {
    expect(campaignForCall({ direction: 'outbound', remoteE164: '+13123045605', startedAt: at }, [dial('l1', '2026-11-26T10:00:00.000Z')], 'broadband-retention')).toEqual({
      campaignId: 'insurance-renewal',
      leadId: 'l1',
    });
  });

  it('takes the newest matching dial and ignores other numbers and dials older than the window', () => {
    const dials = [
      dial('old', '2026-11-26T09:59:00.000Z'),
      dial('newer', '2026-11-26T10:00:20.000Z'),
      dial('older', '2026-11-26T10:00:10.000Z'),
      dial('other-number', '2026-11-26T10:00:29.000Z', '+12069915270'),
    ];
    expect(campaignForCall({ direction: 'outbound', remoteE164: '+13123045605', startedAt: at }, dials, null).leadId).toBe('newer');
    expect(campaignForCall({ direction: 'outbound', remoteE164: '+13123045605', startedAt: at }, [dials[0]!], 'x')).toEqual({ campaignId: 'x', leadId: null });
  });

  it("files any other call under the agent's active campaign (or none)", () => {
    expect(campaignForCall({ direction: 'inbound', remoteE164: '+13123045605', startedAt: at }, [dial('l1', at)], 'broadband-retention')).toEqual({
      campaignId: 'broadband-retention',
      leadId: null,
    });
    expect(campaignForCall({ direction: 'outbound', remoteE164: null, startedAt: at }, [], null)).toEqual({ campaignId: null, leadId: null });
  });
});

describe('validateServerCampaign', () => {
  const campaign: ServerCampaign = {
    id: 'insurance-renewal',
    name: 'Renewal',
    scriptId: null,
    wrapup: { mode: 'timed', seconds: 30, timeoutDisposition: 'TIMEOUT' },
    dispositions: [{ code: 'TIMEOUT', label: 'Timed out', needsCallback: false }],
    position: 0,
    updatedAt: '2026-11-26T10:00:00.000Z',
  };

  it('accepts a campaign whose wrap-up policy and dispositions match the contract', () => {
    expect(validateServerCampaign(campaign)).toMatchObject({ ok: true, campaign: { id: 'insurance-renewal', wrapup: { mode: 'timed' } } });
  });

  it('refuses one that does not with a typed CAMPAIGN_INVALID error naming the campaign and the problem', () => {
    const bad = validateServerCampaign({ ...campaign, dispositions: [] });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error).toBeInstanceOf(AgentError);
    expect(bad.error.code).toBe('CAMPAIGN_INVALID');
    expect(bad.error.message).toMatch(/^Campaign "insurance-renewal" from the server is not valid \(dispositions: .+\); the previous version stays in use\.$/);
    expect(validateServerCampaign({ ...campaign, wrapup: 'mandatory' }).ok).toBe(false);
  });
});

describe('decideLeadOutcome (server)', () => {
  const me = randomUUID();
  const other = randomUUID();
  const lead: ServerLead = {
    id: randomUUID(),
    campaignId: 'insurance-renewal',
    contactId: randomUUID(),
    position: 0,
    status: 'pending',
    skipReason: null,
    callId: null,
    workedBy: null,
    updatedAt: '2026-11-26T09:00:00.000Z',
  };
  const state = (patch: Partial<LeadState> = {}, leadPatch: Partial<ServerLead> = {}): LeadState => ({
    lead: { ...lead, ...leadPatch },
    allowed: true,
    contactDoNotCall: false,
    listedNumbers: new Set(),
    ...patch,
  });
  const outcome = (patch: Partial<Extract<Mutation, { kind: 'lead.outcome' }>> = {}): Extract<Mutation, { kind: 'lead.outcome' }> => ({
    kind: 'lead.outcome',
    leadId: lead.id,
    status: 'skipped',
    reason: 'Busy',
    number: null,
    callId: null,
    at: '2026-11-26T10:00:00.000Z',
    ...patch,
  });
  const now = '2026-11-26T10:00:01.000Z';
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      return err instanceof AgentError ? err.code : 'not an AgentError';
    }
    return 'no error';
  };

  it('records the first agent to work the lead', () => {
    expect(decideLeadOutcome(state(), me, outcome(), now)).toEqual({ ...lead, status: 'skipped', skipReason: 'Busy', workedBy: me, updatedAt: now });
  });

  it('lets the same agent send the outcome again (the dial, then its call id) and keeps a linked call', () => {
    const callId = randomUUID();
    const dialed = decideLeadOutcome(state({}, { status: 'dialed', workedBy: me }), me, outcome({ status: 'dialed', reason: null, callId }), now);
    expect(dialed).toMatchObject({ status: 'dialed', callId, skipReason: null, workedBy: me });
    expect(decideLeadOutcome(state({}, { status: 'dialed', workedBy: me, callId }), me, outcome({ status: 'dialed', reason: null }), now).callId).toBe(callId);
  });

  it('refuses an unknown lead, a campaign the agent is not on, a lead another agent worked, and a do-not-call dial', () => {
    expect(code(() => decideLeadOutcome(undefined, me, outcome(), now))).toBe('NOT_FOUND');
    expect(code(() => decideLeadOutcome(state({ allowed: false }), me, outcome(), now))).toBe('FORBIDDEN');
    expect(code(() => decideLeadOutcome(state({}, { status: 'dialed', workedBy: other }), me, outcome(), now))).toBe('LEAD_TAKEN');
    expect(code(() => decideLeadOutcome(state({ contactDoNotCall: true }), me, outcome({ status: 'dialed', reason: null }), now))).toBe('DO_NOT_CALL');
    expect(code(() => decideLeadOutcome(state({ listedNumbers: new Set(['+13123045605']) }), me, outcome({ status: 'dialed', reason: null, number: '+13123045605' }), now))).toBe(
      'DO_NOT_CALL',
    );
    // A first dial that leaves its number out cannot skip the do-not-call list (issue 15, A8).
    expect(code(() => decideLeadOutcome(state({ listedNumbers: new Set(['+13123045605']) }), me, outcome({ status: 'dialed', reason: null }), now))).toBe('DO_NOT_CALL');
    expect(code(() => decideLeadOutcome(state(), me, outcome({ status: 'dialed', reason: null }), now))).toBe('DO_NOT_CALL');
    expect(code(() => decideLeadOutcome(state(), me, outcome({ status: 'dialed', reason: null, number: '+13123045605' }), now))).toBe('no error');
    // Skipping a do-not-call lead is exactly what the agent should do.
    expect(code(() => decideLeadOutcome(state({ contactDoNotCall: true }), me, outcome(), now))).toBe('no error');
  });
});
