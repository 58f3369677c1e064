/**
 * The store contract: what every backend of `storage/ports.ts` must do, exercised through the
 * ports alone (no SQL, no driver), so that the same cases run against each backend. A backend
 * joins with one `*.test.ts` file in this folder that calls `storeContract` with a way to open a
 * fresh store. Each group's doc comment states the semantics it holds the backend to.
 */
import t from 'tap';
import type { Capabilities, ContractGroup, OpenContractStore } from './harness.js';
import { assessmentsContract } from './assessments.contract.js';
import { auditContract } from './audit.contract.js';
import { complaintsContract } from './complaints.contract.js';
import { documentsContract } from './documents.contract.js';
import { identityContract } from './identity.contract.js';
import { keysContract } from './keys.contract.js';
import { registryContract } from './registry.contract.js';
import { rescansContract } from './rescans.contract.js';
import { sessionsContract } from './sessions.contract.js';
import { unitOfWorkContract } from './unit-of-work.contract.js';

export type { Capabilities, ContractStore, OpenContractStore } from './harness.js';

const GROUPS: ContractGroup[] = [
  keysContract,
  complaintsContract,
  identityContract,
  assessmentsContract,
  registryContract,
  documentsContract,
  auditContract,
  rescansContract,
  sessionsContract,
  unitOfWorkContract,
];

export function storeContract(name: string, open: OpenContractStore, capabilities: Capabilities): void {
  t.test(`store contract: ${name}`, async (t) => {
    for (const group of GROUPS)
      group(
        t,
        async (t) => {
          const opened = await open();
          t.teardown(() => opened.close());
          return opened;
        },
        capabilities,
      );
  });
}
