import { Panel } from './Panel';

/** The caller's record; it pops here when a call rings. */
export function CrmPanel() {
  return (
    <Panel title="Customer" className="crm">
      <label className="field">
        <span>Search contacts</span>
        <input type="search" aria-label="Search contacts" placeholder="Name, company or number" />
      </label>
      <p className="empty">No caller yet. The caller's record appears here when a call rings.</p>
    </Panel>
  );
}
