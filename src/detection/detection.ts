import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../storage/store.js';
import type { IntakeDetection } from '../intake/intake.service.js';

/** Foundation stage: the contract's neutral assessment until the detection engine is wired in. */
export async function createDetection(_deps: { store: Store; log: FastifyBaseLogger }): Promise<IntakeDetection> {
  return {
    analyse: () => ({ signature: null, facts: {} }),
    findSimilar: () => [],
    indexed: () => undefined,
    async assess(tx, { rootId }) {
      const entry = { state: 'none' as const };
      void tx;
      void rootId;
      return { assessment: { score: 0, level: 'none', findings: [], similar: [] }, registry: entry };
    },
  };
}
