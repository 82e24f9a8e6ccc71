import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { Roles } from "../../src/roles.js";
import { deployProxy, registerService, wirePermissions } from "../wiring.js";
import CoreModule from "./Core.js";
import IdentityModule from "./Identity.js";
import LandModule from "./Land.js";

/**
 * Property tax (issue 14): rates per zone and year (TAX_OFFICE), zones as a cadastral attribute (LAND_REGISTRAR),
 * lazy O(1) tax per parcel, payments in CityToken (direct or ERC-3009), tax liens on the lien register. The tax
 * contract gets TAX_MODULE, the only role that may impose and release statutory liens; nobody else holds it.
 */
export default buildModule("Tax", (m) => {
  const { manager, token, directory } = m.useModule(CoreModule);
  const { identity } = m.useModule(IdentityModule);
  const { landRegistry, landLiens } = m.useModule(LandModule);

  const propertyTax = deployProxy(m, "PropertyTax", [manager, token, landRegistry, landLiens, identity]);
  const taxWiring = wirePermissions(m, manager, "PropertyTax", propertyTax);
  m.call(manager, "grantRole", [Roles.TAX_MODULE, propertyTax, 0], { id: "grant_TAX_MODULE_propertyTax" });
  registerService(m, directory, "propertyTax", propertyTax, taxWiring);

  return { propertyTax };
});
