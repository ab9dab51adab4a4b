/** The preview panel's skip reason: one from the short list, or the agent's own words under "Other". */
import { describe, expect, it } from 'vitest';
import { OTHER_REASON, SKIP_REASONS, skipReason } from '../../renderer/src/preview-dialing/skip-reasons';

describe('skipReason', () => {
  it('sends a listed reason as it is, whatever was typed under Other', () => {
    expect(skipReason(SKIP_REASONS[0], 'ignored')).toBe('Do not call');
  });

  it("sends the agent's own words under Other, trimmed and capped at the contract's 200 characters", () => {
    expect(skipReason(OTHER_REASON, '  Customer on holiday ')).toBe('Customer on holiday');
    expect(skipReason(OTHER_REASON, 'x'.repeat(300))).toHaveLength(200);
  });

  it('has no reason yet while Other is empty', () => {
    expect(skipReason(OTHER_REASON, '   ')).toBeNull();
  });
});
