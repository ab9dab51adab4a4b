import type { campaigns, Handlers } from '../../contract';
import type { EventBus } from '../event-bus';
import type { PhoneService } from '../phone/phone-service';
import type { CampaignRepository } from './campaign-repository';
import type { LeadRepository } from './lead-repository';

export const campaignHandlers = (
  repo: CampaignRepository,
  bus: EventBus,
  leads: LeadRepository,
  phone: Pick<PhoneService, 'ensureReadyToDial'>,
): Handlers<typeof campaigns> => ({
  list: () => repo.list(),
  active: () => repo.active(),
  select: ({ campaignId }) => {
    const active = repo.select(campaignId);
    bus.emit('campaigns.changed', { active });
    return active;
  },
  nextLead: ({ campaignId }) => leads.next(repo.require(campaignId).id),
  skipLead: ({ leadId, reason }) => leads.skip(leadId, reason),
  dialLead: ({ leadId }) => {
    const dialed = leads.dial(leadId, () => phone.ensureReadyToDial());
    // The phone engine (in the renderer) places the call; the call it logs is linked back to the lead.
    bus.emit('phone.dialRequested', { target: dialed.number });
    return dialed;
  },
});
