import { shouldRejectUnauthorized } from "../shared/unauthorized.js";
import { cityOn, connection } from "../shared/network.js";

const { networkHelpers } = connection;

async function landContractsFixture() {
  const city = await cityOn(connection);
  return {
    contracts: {
      LandRegistry: city.landRegistry,
      LandLiens: city.landLiens,
      LandDeeds: city.landDeeds,
    },
    manager: city.manager,
    stranger: city.accounts.mallory,
  };
}

describe("Land service access control", function () {
  shouldRejectUnauthorized(
    async () => networkHelpers.loadFixture(landContractsFixture),
    ["LandRegistry", "LandLiens", "LandDeeds"],
  );
});
