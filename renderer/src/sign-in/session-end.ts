import type { Session } from '../../../src/contract';

/**
 * What the desk tells the agent when the sync server ended the session (issue 15 A5, B2): while
 * a call or its wrap-up is open, that the desk waits for it; after the sign-out, why it happened
 * and, for a workstation IT revoked, that its local data was deleted. Pure.
 */
export function sessionEndingText(ending: NonNullable<Session['ending']>): string {
  const then = ending.waitingFor === 'call' ? 'Finish this call and its wrap-up' : 'Submit this wrap-up';
  const after = ending.code === 'DEVICE_REVOKED' ? 'then this workstation signs out and deletes its local data' : 'then you will be signed out';
  return `${ending.message} ${then}; ${after}.`;
}

export function sessionNoticeText(notice: NonNullable<Session['notice']>): string {
  if (notice.code === 'DEVICE_REVOKED') {
    return notice.wiped
      ? `${notice.message} Your work was sent to the server where it could be, and this workstation's copy of your data was deleted.`
      : `${notice.message} Deleting this workstation's copy of your data did not complete; tell IT.`;
  }
  return notice.message;
}
