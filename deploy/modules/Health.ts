import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { deployProxy, registerService, wirePermissions } from "../wiring.js";
import CoreModule from "./Core.js";
import IdentityModule from "./Identity.js";
import InsuranceModule from "./Insurance.js";

/**
 * The health service: records anchored by licensed providers (HealthRecords) and consents, break glass, claim
 * grants and audit trails (HealthConsents). It reads identities, credentials (IdentityClaims) and, for the
 * insurance link, the insurance contract's `claim` and `policy` views. No role: every action is a patient's or a
 * credentialed provider's own.
 */
export default buildModule("Health", (m) => {
  const { manager, directory } = m.useModule(CoreModule);
  const { identity, claims } = m.useModule(IdentityModule);
  const { insurance } = m.useModule(InsuranceModule);

  const healthRecords = deployProxy(m, "HealthRecords", [manager, identity, claims]);
  const recordsWiring = wirePermissions(m, manager, "HealthRecords", healthRecords);
  registerService(m, directory, "healthRecords", healthRecords, recordsWiring);

  const healthConsents = deployProxy(m, "HealthConsents", [manager, identity, claims, healthRecords, insurance]);
  const consentsWiring = wirePermissions(m, manager, "HealthConsents", healthConsents);
  registerService(m, directory, "healthConsents", healthConsents, consentsWiring);

  return { healthRecords, healthConsents };
});
