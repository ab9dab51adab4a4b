/** The reasons an agent usually skips a lead; anything else is typed as "Other". */
export const SKIP_REASONS = ['Do not call', 'Wrong number', 'Outside calling hours', 'Already a customer', 'Duplicate lead'] as const;

export const OTHER_REASON = 'Other' as const;

/** The choices the skip form offers, in order. The value sent is this English text (the server's record); the agent reads it translated. */
export const SKIP_CHOICES = [...SKIP_REASONS, OTHER_REASON] as const;

/** The reason to send, or null while the agent has not given one (Other with nothing typed). */
export function skipReason(choice: string, other: string): string | null {
  const text = (choice === OTHER_REASON ? other : choice).trim();
  return text ? text.slice(0, 200) : null;
}
