import { network } from "hardhat";

import { deployCity } from "../../src/deploy.js";
import { shouldRejectUnauthorized } from "../shared/unauthorized.js";

const connection = await network.create();
const { networkHelpers } = connection;

async function landContractsFixture() {
  const city = await deployCity(connection);
  return {
    contracts: {
      LandRegistry: city.landRegistry,
      LandLiens: city.landLiens,
      LandDeeds: city.landDeeds,
      LandSettlement: city.landSettlement,
    },
    manager: city.manager,
    stranger: city.accounts.mallory,
  };
}

describe("Land service access control", function () {
  shouldRejectUnauthorized(
    async () => networkHelpers.loadFixture(landContractsFixture),
    ["LandRegistry", "LandLiens", "LandDeeds", "LandSettlement"],
  );
});
