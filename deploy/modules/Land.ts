import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { Roles } from "../../src/roles.js";
import { wirePermissions } from "../wiring.js";
import CoreModule from "./Core.js";
import IdentityModule from "./Identity.js";

/**
 * The land service: the title register, the lien register and the deed office. The deed office and the
 * lien register get the LAND_MODULE role so they can lock, convey and record on the title register;
 * nobody else ever holds it.
 */
// TRANSITION (upgrade-base): the directory lists only proxied modules whose upgrades the city governs; this
// module's contracts are converted to proxies (deployProxy) and registered again (registerService with the
// wiring as `after`) by the issue-18 conversion of this service.
export default buildModule("Land", (m) => {
  const { manager, token, directory } = m.useModule(CoreModule);
  const { identity } = m.useModule(IdentityModule);

  const landRegistry = m.contract("LandRegistry", [
    manager,
    identity,
    m.getParameter("titleBaseUri", "citychain:land/title/"),
  ]);
  const landLiens = m.contract("LandLiens", [manager, landRegistry, identity]);
  const landDeeds = m.contract("LandDeeds", [manager, landRegistry, landLiens, identity, token]);

  wirePermissions(m, manager, "LandRegistry", landRegistry);
  wirePermissions(m, manager, "LandLiens", landLiens);
  wirePermissions(m, manager, "LandDeeds", landDeeds);
  m.call(manager, "grantRole", [Roles.LAND_MODULE, landLiens, 0], { id: "grant_LAND_MODULE_liens" });
  m.call(manager, "grantRole", [Roles.LAND_MODULE, landDeeds, 0], { id: "grant_LAND_MODULE_deeds" });

  return { landRegistry, landLiens, landDeeds };
});
