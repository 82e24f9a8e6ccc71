import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { deployProxy, registerService, wirePermissions } from "../wiring.js";
import CarbonModule from "./Carbon.js";
import CoreModule from "./Core.js";
import IdentityModule from "./Identity.js";
import SupplyModule from "./Supply.js";

/**
 * The carbon ledger's scope-3 register: businesses declare the embedded emissions of the batches they bought,
 * read live from the supply chain (registered as source 1 by ADMIN, the deployer here) and filed under the
 * emissions register's periods, apart from verified emissions.
 */
export default buildModule("Scope3", (m) => {
  const { manager, directory } = m.useModule(CoreModule);
  const { identity } = m.useModule(IdentityModule);
  const { emissionsRegister } = m.useModule(CarbonModule);
  const { supplyChain } = m.useModule(SupplyModule);

  const scope3Register = deployProxy(m, "Scope3Register", [manager, identity, emissionsRegister]);
  const wiring = wirePermissions(m, manager, "Scope3Register", scope3Register);
  m.call(scope3Register, "registerSource", [supplyChain], { after: wiring });
  registerService(m, directory, "scope3", scope3Register, wiring);

  return { scope3Register };
});
