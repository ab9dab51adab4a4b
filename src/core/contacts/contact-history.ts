import type { ContactField, ContactHistoryEntry } from '../../contract';
import type { Db } from '../store/database';

interface HistoryRow {
  id: string;
  contact_id: string;
  field: string;
  losing_value: string;
  winning_value: string;
  losing_agent_id: string | null;
  winning_agent_id: string | null;
  recorded_at: string;
}

/**
 * A contact's history: field values that lost a concurrent edit on the server, as pulled into
 * the store (pull-apply.ts writes them). Read from the store, so it shows without a server too.
 */
export class ContactHistory {
  private readonly byContact;

  constructor(db: Db) {
    this.byContact = db.prepare<[string], HistoryRow>(
      `SELECT id, contact_id, field, losing_value, winning_value, losing_agent_id, winning_agent_id, recorded_at
       FROM contact_history WHERE contact_id = ? ORDER BY server_version`,
    );
  }

  /** Oldest first (server order). Values are the JSON the server kept, parsed. */
  list(contactId: string): ContactHistoryEntry[] {
    return this.byContact.all(contactId).map((r) => ({
      id: r.id,
      contactId: r.contact_id,
      field: r.field as ContactField,
      losingValue: JSON.parse(r.losing_value) as unknown,
      winningValue: JSON.parse(r.winning_value) as unknown,
      losingAgentId: r.losing_agent_id,
      winningAgentId: r.winning_agent_id,
      recordedAt: r.recorded_at,
    }));
  }
}
