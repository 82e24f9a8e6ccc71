import { network } from "hardhat";

import { deployCity } from "../../src/deploy.js";
import { shouldRejectUnauthorized } from "../shared/unauthorized.js";

const connection = await network.create();
const { networkHelpers } = connection;

async function energyContractsFixture() {
  const city = await deployCity(connection);
  return {
    contracts: {
      EnergyMeters: city.energyMeters,
      EnergyMarket: city.energyMarket,
      EnergyCertificates: city.energyCertificates,
    },
    manager: city.manager,
    stranger: city.accounts.mallory,
  };
}

describe("Energy service access control", function () {
  shouldRejectUnauthorized(
    async () => networkHelpers.loadFixture(energyContractsFixture),
    ["EnergyMeters", "EnergyMarket", "EnergyCertificates"],
  );
});
