/**
 * Transfers the agent starts: blind (REFER, RFC 3515) and attended (REFER with Replaces,
 * RFC 3891). Transfers towards us are followed in CallControl.track.
 */
import type { SipConnection } from '../connection/sip-connection';
import { domainOf, normalizeDialTarget } from '../dial-target';
import type { CallTable } from './call-table';
import { t } from '../../i18n/i18n';

export class CallTransfer {
  constructor(
    private readonly calls: CallTable,
    private readonly connection: SipConnection,
  ) {}

  /** Blind transfer: REFER the other party to the target; our leg ends when they accept. */
  transfer(id: string, input: string): boolean {
    const call = this.calls.get(id);
    const account = this.connection.account;
    if (!call || !account || !call.session.isEstablished()) return false;
    const target = normalizeDialTarget(input, domainOf(account.uri));
    if (!target) return this.calls.notice(t('softphone.notANumber', { input }));
    this.calls.patch(id, () => ({ transfer: 'pending' }));
    call.session.refer(target, {
      eventHandlers: {
        accepted: () => call.session.terminate(),
        requestFailed: () => this.failed(id),
        failed: () => this.failed(id),
      },
    });
    return true;
  }

  /** Attended transfer: connect the held call `id` with the consultation call `consultId`. */
  completeAttended(id: string, consultId: string): boolean {
    const call = this.calls.get(id);
    const consult = this.calls.get(consultId);
    if (!call || !consult || !call.session.isEstablished() || !consult.session.isEstablished()) return false;
    this.calls.patch(id, () => ({ transfer: 'pending' }));
    call.session.refer(consult.session.remote_identity.uri, {
      replaces: consult.session,
      eventHandlers: {
        accepted: () => {
          call.session.terminate();
          if (!consult.session.isEnded()) consult.session.terminate();
        },
        requestFailed: () => this.failed(id),
        failed: () => this.failed(id),
      },
    });
    return true;
  }

  private failed(id: string): void {
    this.calls.patch(id, () => ({ transfer: 'failed' }));
    this.calls.notice(t('softphone.transferFailed'));
  }
}
