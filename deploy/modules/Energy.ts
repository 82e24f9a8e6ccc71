import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { deployProxy, registerService, wirePermissions } from "../wiring.js";
import CoreModule from "./Core.js";
import IdentityModule from "./Identity.js";

/**
 * The energy service: the meter register (device identities admitted by the grid operator, signed readings), the
 * market (per-feeder auctions verified on-chain, settlement on delivery, pulled credits) and the certificates of
 * origin (identity-keyed ERC-1155). Parameter `certificateBaseUri` sets the certificates' metadata URI.
 */
export default buildModule("Energy", (m) => {
  const { manager, token, directory } = m.useModule(CoreModule);
  const { identity } = m.useModule(IdentityModule);

  const energyMeters = deployProxy(m, "EnergyMeters", [manager, identity]);
  const energyMarket = deployProxy(m, "EnergyMarket", [manager, identity, energyMeters, token]);
  const energyCertificates = deployProxy(m, "EnergyCertificates", [
    manager,
    identity,
    energyMarket,
    m.getParameter("certificateBaseUri", "citychain:energy/certificate/"),
  ]);

  registerService(
    m,
    directory,
    "energyMeters",
    energyMeters,
    wirePermissions(m, manager, "EnergyMeters", energyMeters),
  );
  registerService(m, directory, "energy", energyMarket, wirePermissions(m, manager, "EnergyMarket", energyMarket));
  registerService(
    m,
    directory,
    "energyCertificates",
    energyCertificates,
    wirePermissions(m, manager, "EnergyCertificates", energyCertificates),
  );

  return { energyMeters, energyMarket, energyCertificates };
});
