import { createStore } from 'zustand/vanilla';
import type { AgentApi, AgentErrorShape, Campaign, LeadPreview } from '../../../src/contract';

/** What the preview-dialing panel shows: the campaigns, the one being worked, and the lead in preview. */
export interface PreviewState {
  readonly campaigns: readonly Campaign[];
  readonly active: Campaign | null;
  readonly preview: LeadPreview | null;
  /** True after "Next lead" found nothing pending in the campaign. */
  readonly exhausted: boolean;
  /** The number just dialed from the preview, until the next lead is taken. */
  readonly dialed: string | null;
  /** Why the agent's last action was refused (a dial without a registered phone, say), until the next one succeeds. */
  readonly error: AgentErrorShape | null;
}

const INITIAL: PreviewState = { campaigns: [], active: null, preview: null, exhausted: false, dialed: null, error: null };

/**
 * Preview dialing through window.agent: campaigns and leads come from the local store (pulled
 * from the server), so the agent can preview, skip and dial with the network gone; the outcome
 * syncs later. Loads the campaigns at once.
 */
export function createPreviewDialer(agent: AgentApi) {
  const store = createStore<PreviewState>()(() => INITIAL);

  const actions = {
    /**
     * Reads the campaigns again. A refresh reports its own failure but never clears an error
     * shown for the agent's last action: a pull landing just after a refused dial (likely on a
     * busy machine) must not wipe the reason off the screen.
     */
    async load() {
      const [list, active] = await Promise.all([agent.campaigns.list({}), agent.campaigns.active({})]);
      store.setState({ campaigns: list.ok ? list.value : [], active: active.ok ? active.value : null });
      if (!list.ok || !active.ok) store.setState({ error: list.ok ? (active.ok ? null : active.error) : list.error });
    },
    async select(campaignId: string) {
      const r = await agent.campaigns.select({ campaignId });
      if (r.ok) store.setState({ active: r.value, preview: null, exhausted: false, dialed: null, error: null });
      else store.setState({ error: r.error });
    },
    async next() {
      const active = store.getState().active;
      if (!active) return;
      const r = await agent.campaigns.nextLead({ campaignId: active.id });
      if (r.ok) store.setState({ preview: r.value, exhausted: r.value === null, dialed: null, error: null });
      else store.setState({ error: r.error });
    },
    async skip(reason: string) {
      const lead = store.getState().preview?.lead;
      if (!lead) return false;
      const r = await agent.campaigns.skipLead({ leadId: lead.id, reason });
      if (!r.ok) {
        store.setState({ error: r.error });
        return false;
      }
      // Skipping is "not this one": the next lead comes up at once.
      await actions.next();
      return true;
    },
    async dial() {
      const lead = store.getState().preview?.lead;
      if (!lead) return;
      const r = await agent.campaigns.dialLead({ leadId: lead.id });
      if (r.ok) store.setState((s) => ({ dialed: r.value.number, preview: s.preview && { ...s.preview, lead: r.value.lead }, error: null }));
      else store.setState({ error: r.error });
    },
  };

  // A pull brought campaigns, leads or DNC numbers: refresh the list and the lead in preview
  // (another agent may have worked it, or its number may have been listed).
  agent.on('campaigns.changed', ({ active }) => {
    store.setState({ active });
    void actions.load();
  });
  void actions.load();

  return { store, actions };
}
