import { shouldRejectUnauthorized } from "../shared/unauthorized.js";
import { cityOn, connection } from "../shared/network.js";

const { networkHelpers } = connection;

async function energyContractsFixture() {
  const city = await cityOn(connection);
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
