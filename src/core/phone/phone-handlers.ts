import type { Handlers, phone } from '../../contract';
import type { PhoneService } from './phone-service';

export const phoneHandlers = (service: PhoneService): Handlers<typeof phone> => ({
  account: () => service.account(),
  setAccount: (input) => service.setAccount(input),
  credentials: () => service.credentials(),
  policy: () => service.policy(),
  reportStatus: (input) => service.reportStatus(input),
  status: () => service.getStatus(),
  requestDial: ({ target }) => service.requestDial(target),
});
