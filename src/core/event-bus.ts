import type { EventName, Events } from '../contract';
import type { z } from 'zod';

export type CoreEventListener = (name: EventName, payload: unknown) => void;

/** Core → renderer events. Transports subscribe once and forward every event. */
export class EventBus {
  private readonly listeners = new Set<CoreEventListener>();

  emit<K extends EventName>(name: K, payload: z.input<Events[K]>): void {
    for (const l of [...this.listeners]) l(name, payload);
  }

  subscribe(listener: CoreEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
