import type { WebSocket } from 'ws';
import { Heartbeat } from '../../contract';
import type { Logger } from '../../core/log';
import type { HeartbeatRecorder } from './board';

/**
 * Reads heartbeats from an agent's poke socket (heartbeat.ts) and hands the latest to the
 * instance's recorder (board.ts HeartbeatRecorder: written at once when the board would show
 * something new, else only noted as heard). One at a time per socket: beats that arrive
 * meanwhile replace each other, and only the newest is recorded next — a workstation can never
 * queue work on the server. Anything that is not a heartbeat is ignored (the poke socket carries
 * nothing else from the client).
 */
export function acceptHeartbeats(socket: WebSocket, agentId: string, recorder: HeartbeatRecorder, log: Logger): void {
  let writing = false;
  let next: Heartbeat | null = null;
  const drain = async () => {
    writing = true;
    while (next !== null) {
      const beat = next;
      next = null;
      try {
        await recorder.record(agentId, beat);
      } catch (err) {
        log.warn('heartbeat not recorded', { error: err });
      }
    }
    writing = false;
  };
  socket.on('close', () => recorder.forget(agentId));
  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(String(data));
    } catch {
      return;
    }
    const beat = Heartbeat.safeParse(parsed);
    if (!beat.success) return;
    next = beat.data;
    if (!writing) void drain();
  });
}
