/// <reference lib="dom" />
import type { Page } from '@playwright/test';

/**
 * Calls the agent API from the page the way the renderer does, over the host's loopback
 * WebSocket with the page's session cookie, and returns the Result. For checks the UI does not show.
 */
export async function coreRequest(page: Page, method: string, input: unknown): Promise<unknown> {
  return page.evaluate(
    async ({ method, input }) => {
      const ws = new WebSocket(`ws://${location.host}/agent`);
      await new Promise((resolve, reject) => {
        ws.onopen = resolve;
        ws.onerror = reject;
      });
      const reply = new Promise<unknown>((resolve) => {
        ws.onmessage = (e) => {
          const frame = JSON.parse(String(e.data)) as { type: string; id?: number; result?: unknown };
          if (frame.type === 'response' && frame.id === 1) resolve(frame.result);
        };
      });
      ws.send(JSON.stringify({ type: 'request', id: 1, method, input }));
      const result = await reply;
      ws.close();
      return result;
    },
    { method, input },
  );
}
