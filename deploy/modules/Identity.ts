import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { deployProxy, registerService, wirePermissions } from "../wiring.js";
import CoreModule from "./Core.js";

/** Default recovery veto window and guardian-change delay: 3 days (the contract accepts 1 to 30 days). */
export const DEFAULT_RECOVERY_DELAY = 3n * 24n * 60n * 60n;

/**
 * The authentication layer: the identity registry (records, wallets, guardian recovery) and the claims registry
 * (credentials from trusted issuers), each behind its own UUPS proxy (upgrades by UPGRADER through the
 * AccessManager), governed by the city's AccessManager and listed in the directory.
 * Parameter `recoveryDelay` (seconds) sets the recovery veto window.
 */
export default buildModule("Identity", (m) => {
  const { manager, directory } = m.useModule(CoreModule);
  const identity = deployProxy(m, "IdentityRegistry", [
    manager,
    m.getParameter("recoveryDelay", DEFAULT_RECOVERY_DELAY),
  ]);
  const claims = deployProxy(m, "IdentityClaims", [manager, identity]);

  const identityWiring = wirePermissions(m, manager, "IdentityRegistry", identity);
  const claimsWiring = wirePermissions(m, manager, "IdentityClaims", claims);
  registerService(m, directory, "identity", identity, identityWiring);
  registerService(m, directory, "claims", claims, claimsWiring);

  return { identity, claims };
});
