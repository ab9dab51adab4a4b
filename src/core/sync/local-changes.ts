/**
 * Raised after a transaction that wrote outbox rows commits: the status bar's pending count
 * and the sync engine's "push soon" both hang off it.
 */
export class LocalChanges {
  private readonly listeners = new Set<() => void>();

  notify(): void {
    for (const l of [...this.listeners]) l();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
