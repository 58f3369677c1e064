/**
 * Where intake's time goes, for benchmarks and diagnosis: each stored complaint's steps and each
 * transaction group of a batch, published on diagnostics channels (node:diagnostics_channel).
 * Nothing is timed while nobody subscribes. `npm run bench:batch` places them in the service's
 * longest stalls (docs/performance.md).
 */
import { channel } from 'node:diagnostics_channel';

/** A stored complaint (not a replay): its steps in order, each in ms, and when it began. */
export interface ItemTiming {
  externalId: string;
  /** performance.now() when its storing began. */
  start: number;
  ms: number;
  steps: { resolve: number; search: number; store: number; assess: number };
}

/** A batch's transaction group: when it asked for the writer (performance.now()), how long until it committed, how many items. */
export interface GroupTiming {
  start: number;
  ms: number;
  items: number;
}

export const itemTimings = channel('sieve:intake:item');
export const groupTimings = channel('sieve:intake:group');

/** The steps of one item, marked as each ends; null when nobody listens. */
export class ItemClock {
  private readonly start = performance.now();
  private last = this.start;
  private readonly steps: ItemTiming['steps'] = { resolve: 0, search: 0, store: 0, assess: 0 };

  static begin(): ItemClock | null {
    return itemTimings.hasSubscribers ? new ItemClock() : null;
  }

  /** The step that ends now. */
  mark(step: keyof ItemTiming['steps']): void {
    const now = performance.now();
    this.steps[step] = now - this.last;
    this.last = now;
  }

  publish(externalId: string): void {
    itemTimings.publish({ externalId, start: this.start, ms: performance.now() - this.start, steps: this.steps } satisfies ItemTiming);
  }
}
