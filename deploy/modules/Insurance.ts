import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { Roles } from "../../src/roles.js";
import { deployProxy, registerService, wirePermissions } from "../wiring.js";
import CoreModule from "./Core.js";
import IdentityModule from "./Identity.js";
import LandModule from "./Land.js";

/**
 * The insurance service: one proxied contract holding pools, products, policies, claims, the city-wide loss-event
 * register and parametric risks (so a claim's confirmation, payout and credit never cross contracts). It reads
 * identities and land titles and settles in CityToken. Roles: INSURER, CLAIMS_ASSESSOR, ORACLE.
 */
export default buildModule("Insurance", (m) => {
  const { manager, token, directory } = m.useModule(CoreModule);
  const { identity } = m.useModule(IdentityModule);
  const { landRegistry } = m.useModule(LandModule);

  const insurance = deployProxy(m, "Insurance", [manager, identity, landRegistry, token]);
  const wiring = wirePermissions(m, manager, "Insurance", insurance);
  registerService(m, directory, "insurance", insurance, wiring);
  // Relayed claims (signed by the holder's wallet or passkey): a small module holding INSURANCE_MODULE, the only
  // role that may file a claim for a holder (`submitClaimFor`); nobody else ever holds it.
  const insuranceRelay = deployProxy(m, "InsuranceClaimsRelay", [manager, insurance, identity]);
  const relayWiring = wirePermissions(m, manager, "InsuranceClaimsRelay", insuranceRelay);
  const relayRole = m.call(manager, "grantRole", [Roles.INSURANCE_MODULE, insuranceRelay, 0], {
    id: "grant_INSURANCE_MODULE_relay",
  });
  // Listed in the directory like every service (its upgrades are governed: UPGRADER, wired above).
  registerService(m, directory, "insuranceRelay", insuranceRelay, [...relayWiring, relayRole]);

  return { insurance, insuranceRelay };
});
