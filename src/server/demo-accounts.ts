/** The demo's accounts (seed.ts creates them; the embedded server's host signs in as DEMO_AGENT). Kept apart so the host knows them without loading the seeding code. */
export const DEMO_AGENT = { username: 'demo', password: 'demo', displayName: 'Ayesha Khan' } as const;
/** The demo's team lead, over the demo agent: `npm start` prints the console's address. */
export const DEMO_SUPERVISOR = { username: 'lead', password: 'lead', displayName: 'Bilal Ahmed' } as const;
export const DEMO_TEAM = 'Karachi inbound';
