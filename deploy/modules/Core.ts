import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { registerService, wirePermissions } from "../wiring.js";

/**
 * The city's framework core: the authority (AccessManager), the settlement token and the service
 * directory, wired from `src/permissions.ts`. The deploying account is the first ADMIN; hand the role
 * over to the city's multisig with `npm run roles` (see README, "Admins deploying").
 */
export default buildModule("Core", (m) => {
  const deployer = m.getAccount(0);
  const manager = m.contract("CityAccessManager", [deployer]);
  const token = m.contract("CityToken", [
    m.getParameter("tokenName", "City Token"),
    m.getParameter("tokenSymbol", "CITY"),
    manager,
  ]);
  const directory = m.contract("ServiceDirectory", [manager]);

  wirePermissions(m, manager, "ServiceDirectory", directory);
  wirePermissions(m, manager, "CityToken", token);
  registerService(m, directory, "token", token);

  return { manager, token, directory };
});
