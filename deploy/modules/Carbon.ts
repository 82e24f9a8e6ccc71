import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { deployProxy, registerService, wirePermissions } from "../wiring.js";
import CoreModule from "./Core.js";
import IdentityModule from "./Identity.js";

/**
 * The carbon ledger: offset credits and compliance allowances held by identities (ERC-1155 face), and the
 * emissions register where verified emissions meet surrendered units. The credits ledger accepts surrenders only
 * from the register it binds once (ADMIN, the deployer here). Parameter `carbonBaseUri`: ERC-1155 metadata prefix.
 */
export default buildModule("Carbon", (m) => {
  const { manager, directory } = m.useModule(CoreModule);
  const { identity } = m.useModule(IdentityModule);

  const carbonCredits = deployProxy(m, "CarbonCredits", [
    manager,
    identity,
    m.getParameter("carbonBaseUri", "citychain:carbon/"),
  ]);
  const emissionsRegister = deployProxy(m, "EmissionsRegister", [manager, identity, carbonCredits]);

  const creditsWiring = wirePermissions(m, manager, "CarbonCredits", carbonCredits);
  const registerWiring = wirePermissions(m, manager, "EmissionsRegister", emissionsRegister);
  m.call(carbonCredits, "bindRegister", [emissionsRegister], { after: creditsWiring });
  registerService(m, directory, "carbonCredits", carbonCredits, creditsWiring);
  registerService(m, directory, "emissions", emissionsRegister, registerWiring);

  return { carbonCredits, emissionsRegister };
});
