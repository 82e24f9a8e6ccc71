import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { Roles } from "../../src/roles.js";
import { deployProxy, registerService, wirePermissions } from "../wiring.js";

/**
 * The city's framework core: the authority (AccessManager), the settlement token and the service
 * directory, wired from `src/permissions.ts`. The deploying account is the first ADMIN and the first UPGRADER
 * (with the `upgradeDelay` execution delay, seconds: 0 on a local chain, 7 days in the Sepolia example); hand
 * both over to the city's multisig with `npm run roles` (see README, "Admins deploying").
 * The authority itself is not behind a proxy: it is the root of trust (see SECURITY.md, "Upgrades").
 */
export default buildModule("Core", (m) => {
  const deployer = m.getAccount(0);
  const manager = m.contract("CityAccessManager", [deployer]);
  const upgrader = m.call(manager, "grantRole", [Roles.UPGRADER, deployer, m.getParameter("upgradeDelay", 0)], {
    id: "grant_UPGRADER_deployer",
  });
  const token = deployProxy(m, "CityToken", [
    m.getParameter("tokenName", "City Token"),
    m.getParameter("tokenSymbol", "CITY"),
    manager,
  ]);
  const directory = deployProxy(m, "ServiceDirectory", [manager]);

  wirePermissions(m, manager, "ServiceDirectory", directory);
  const tokenWiring = wirePermissions(m, manager, "CityToken", token);
  registerService(m, directory, "token", token, [...tokenWiring, upgrader]);

  return { manager, token, directory };
});
