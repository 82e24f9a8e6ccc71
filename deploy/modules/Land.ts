import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { Roles } from "../../src/roles.js";
import { deployProxy, registerService, wirePermissions } from "../wiring.js";
import CoreModule from "./Core.js";
import IdentityModule from "./Identity.js";

/**
 * The land service: the title register, the lien register, the deed office and the
 * signed settlement, each behind a UUPS proxy
 * (`deployProxy`) whose upgrades the city's UPGRADER governs. The deed office, the settlement and the lien register get the
 * LAND_MODULE role so they can lock, convey and record on the title register; nobody else ever holds it.
 */
export default buildModule("Land", (m) => {
  const { manager, token, directory } = m.useModule(CoreModule);
  const { identity } = m.useModule(IdentityModule);

  const landRegistry = deployProxy(m, "LandRegistry", [
    manager,
    identity,
    m.getParameter("titleBaseUri", "citychain:land/title/"),
  ]);
  const landLiens = deployProxy(m, "LandLiens", [manager, landRegistry, identity]);
  const landDeeds = deployProxy(m, "LandDeeds", [manager, landRegistry, landLiens, identity, token]);
  // The settlement's links are immutables of its implementation (no storage read per sale).
  const landSettlement = deployProxy(m, "LandSettlement", [manager], [landRegistry, landLiens, identity, token]);

  const registryWiring = wirePermissions(m, manager, "LandRegistry", landRegistry);
  const liensWiring = wirePermissions(m, manager, "LandLiens", landLiens);
  const deedsWiring = wirePermissions(m, manager, "LandDeeds", landDeeds);
  const settlementWiring = wirePermissions(m, manager, "LandSettlement", landSettlement);
  m.call(manager, "grantRole", [Roles.LAND_MODULE, landLiens, 0], { id: "grant_LAND_MODULE_liens" });
  m.call(manager, "grantRole", [Roles.LAND_MODULE, landDeeds, 0], { id: "grant_LAND_MODULE_deeds" });
  m.call(manager, "grantRole", [Roles.LAND_MODULE, landSettlement, 0], { id: "grant_LAND_MODULE_settlement" });

  registerService(m, directory, "land", landRegistry, registryWiring);
  registerService(m, directory, "landLiens", landLiens, liensWiring);
  registerService(m, directory, "landDeeds", landDeeds, deedsWiring);
  registerService(m, directory, "landSettlement", landSettlement, settlementWiring);

  return { landRegistry, landLiens, landDeeds, landSettlement };
});
