import type { CallRecord, Contact, ScriptVariables } from '../../contract';

/**
 * The values a script's {{variables}} take for one call: the caller's contact, the signed-in
 * agent and the call. Anything unknown is an empty string, so the text reads "Hello ," rather
 * than showing raw braces or "undefined" to the agent mid-call.
 */
export function scriptVariables(input: {
  call: Pick<CallRecord, 'remoteNumber' | 'remoteE164'>;
  contact: Pick<Contact, 'firstName' | 'lastName' | 'company'> | null;
  agentName: string | null;
}): ScriptVariables {
  const { call, contact, agentName } = input;
  return {
    contact: { firstName: contact?.firstName ?? '', lastName: contact?.lastName ?? '', company: contact?.company ?? '' },
    agent: { name: agentName ?? '' },
    // The normalized number when there is one: it is what the customer would recognise as theirs.
    call: { number: call.remoteE164 ?? call.remoteNumber },
  };
}
