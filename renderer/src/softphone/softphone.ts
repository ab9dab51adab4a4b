import { desk } from '../desk';

/**
 * The one way the desk places a call: the dialpad, redial, a customer's number and a callback
 * all come here. The engine turns the target into a SIP URI and, when it can't dial, says why in
 * its notice. A preview dial asks the core first (campaigns.dialLead marks the lead worked), and
 * the core hands the number to the same engine.dial.
 */
export function placeCall(target: string): Promise<boolean> {
  return desk().phone.engine.dial(target);
}
