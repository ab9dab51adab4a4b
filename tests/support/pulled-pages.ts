import type { Change, PullResponse } from '../../src/contract';

/**
 * A pulled page of `n` new contacts numbered from `from`, the kind a first sync pulls: ids and
 * numbers derived from the contact's number, so two pages never collide. `hasMore` true (a
 * page in the middle of a pull); the cursor is the last contact's number.
 */
export function contactPage(from: number, n: number): PullResponse {
  const changes: Change[] = [];
  for (let g = from; g < from + n; g++) {
    changes.push({
      version: g,
      entity: 'contact',
      contact: {
        id: `00000000-0000-4000-a000-${String(g).padStart(12, '0')}`,
        fields: { firstName: `First${g}`, lastName: 'Khan', company: 'Habib Traders', email: `c${g}@example.pk`, phones: [{ label: 'mobile', number: `+92300${String(g).padStart(7, '0')}` }], timezone: 'Asia/Karachi', doNotCall: false },
        fieldVersions: { firstName: g, lastName: g, company: g, email: g, phones: g, timezone: g, doNotCall: g },
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
      },
    });
  }
  return { changes, cursor: from + n - 1, hasMore: true };
}
