import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { wirePermissions } from "../wiring.js";
import CoreModule from "./Core.js";

/** Default recovery veto window and guardian-change delay: 3 days (the contract accepts 1 to 30 days). */
export const DEFAULT_RECOVERY_DELAY = 3n * 24n * 60n * 60n;

/**
 * The authentication layer: the identity registry (records, wallets, guardian recovery) and the claims registry
 * (credentials from trusted issuers), both governed by the city's AccessManager and listed in the directory.
 * Parameter `recoveryDelay` (seconds) sets the recovery veto window.
 */
// TRANSITION (upgrade-base): the directory lists only proxied modules whose upgrades the city governs; this
// module's contracts are converted to proxies (deployProxy) and registered again (registerService with the
// wiring as `after`) by the issue-18 conversion of this service.
export default buildModule("Identity", (m) => {
  const { manager, directory } = m.useModule(CoreModule);
  const identity = m.contract("IdentityRegistry", [manager, m.getParameter("recoveryDelay", DEFAULT_RECOVERY_DELAY)]);
  const claims = m.contract("IdentityClaims", [manager, identity]);

  wirePermissions(m, manager, "IdentityRegistry", identity);
  wirePermissions(m, manager, "IdentityClaims", claims);

  return { identity, claims };
});
