import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { deployProxy, registerService, wirePermissions } from "../wiring.js";
import CoreModule from "./Core.js";
import IdentityModule from "./Identity.js";

/**
 * Supply-chain provenance: batches held by identities, custody by acceptance, transformations under a mass
 * balance, recalls through the lineage (FOOD_SAFETY or the producer), embedded carbon; and the inspections by
 * credentialed inspectors (IdentityClaims topics).
 */
export default buildModule("Supply", (m) => {
  const { manager, directory } = m.useModule(CoreModule);
  const { identity, claims } = m.useModule(IdentityModule);

  const supplyChain = deployProxy(m, "SupplyChain", [manager, identity]);
  const supplyInspections = deployProxy(m, "SupplyInspections", [manager, identity, claims, supplyChain]);

  const chainWiring = wirePermissions(m, manager, "SupplyChain", supplyChain);
  const inspectionsWiring = wirePermissions(m, manager, "SupplyInspections", supplyInspections);
  registerService(m, directory, "supply", supplyChain, chainWiring);
  registerService(m, directory, "supplyInspections", supplyInspections, inspectionsWiring);

  return { supplyChain, supplyInspections };
});
