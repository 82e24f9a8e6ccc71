import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { Roles } from "../../src/roles.js";
import { deployProxy, registerService, wirePermissions } from "../wiring.js";
import CoreModule from "./Core.js";
import IdentityModule from "./Identity.js";

/**
 * The land service: the title register (with its signed-sale module, run by `DELEGATECALL`), the lien register and
 * the deed office, each behind a UUPS proxy (`deployProxy`) whose upgrades the city's UPGRADER governs. The deed
 * office and the lien register get the LAND_MODULE role so they can lock, convey and record on the title register;
 * the register gets it so its signed sales can pay liens off on the lien register; nobody else ever holds it.
 */
export default buildModule("Land", (m) => {
  const { manager, token, directory } = m.useModule(CoreModule);
  const { identity } = m.useModule(IdentityModule);

  // Signed sales run this stateless module's code in the register's storage (`settleSigned`, DELEGATECALL): its
  // address is an immutable of the register's implementation, its own links immutables of the module.
  const landSettlementModule = m.contract("LandSettlementModule", [identity, token]);
  const landRegistry = deployProxy(
    m,
    "LandRegistry",
    [manager, identity, m.getParameter("titleBaseUri", "citychain:land/title/")],
    [landSettlementModule],
  );
  const landLiens = deployProxy(m, "LandLiens", [manager, landRegistry, identity]);
  const landDeeds = deployProxy(m, "LandDeeds", [manager, landRegistry, landLiens, identity, token]);

  const registryWiring = wirePermissions(m, manager, "LandRegistry", landRegistry);
  const liensWiring = wirePermissions(m, manager, "LandLiens", landLiens);
  const deedsWiring = wirePermissions(m, manager, "LandDeeds", landDeeds);
  m.call(manager, "grantRole", [Roles.LAND_MODULE, landLiens, 0], { id: "grant_LAND_MODULE_liens" });
  m.call(manager, "grantRole", [Roles.LAND_MODULE, landDeeds, 0], { id: "grant_LAND_MODULE_deeds" });
  // The register's signed sales pay liens off on the lien register (`dischargeForSale`, LAND_MODULE).
  m.call(manager, "grantRole", [Roles.LAND_MODULE, landRegistry, 0], { id: "grant_LAND_MODULE_registry" });
  m.call(landRegistry, "linkSaleLiens", [landLiens], { after: registryWiring });

  registerService(m, directory, "land", landRegistry, registryWiring);
  registerService(m, directory, "landLiens", landLiens, liensWiring);
  registerService(m, directory, "landDeeds", landDeeds, deedsWiring);

  return { landRegistry, landLiens, landDeeds };
});
