import { AgentError, type campaigns, type Handlers } from '../../contract';
import type { EventBus } from '../event-bus';
import type { CampaignRepository } from './campaign-repository';

const notYet = (): never => {
  throw new AgentError('INTERNAL', 'Preview dialing is not built yet.');
};

export const campaignHandlers = (repo: CampaignRepository, bus: EventBus): Handlers<typeof campaigns> => ({
  list: () => repo.list(),
  active: () => repo.active(),
  select: ({ campaignId }) => {
    const active = repo.select(campaignId);
    bus.emit('campaigns.changed', { active });
    return active;
  },
  nextLead: notYet,
  skipLead: notYet,
  dialLead: notYet,
});
