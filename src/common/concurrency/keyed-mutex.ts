/**
 * Runs async work one at a time per key, in arrival order, within this process. For writes
 * that all touch one shared document (a doctor's rating aggregate): queued here they commit one
 * after the other instead of failing each other's transactions with write conflicts, and only
 * writers on other instances still conflict (and are retried by the TransactionRunner). It is an
 * optimisation, never the guarantee: correctness stays with the database (transactions,
 * conditional writes, unique indexes).
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      // The last in the queue cleans up, so idle keys hold no memory.
      if (this.tails.get(key) === tail) {
        this.tails.delete(key);
      }
    }
  }

  /** Keys with work running or queued (for tests). */
  get size(): number {
    return this.tails.size;
  }
}
