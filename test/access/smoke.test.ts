import { expect } from "chai";
import { network } from "hardhat";

import { deployCity } from "../../src/deploy.js";

const connection = await network.create();
const { networkHelpers } = connection;
async function cityFixture() {
  return deployCity(connection);
}

describe("smoke", function () {
  it("deploys", async function () {
    const t0 = Date.now();
    const city = await networkHelpers.loadFixture(cityFixture);
    console.log("deploy ms", Date.now() - t0, "gas", city.deploymentGas);
    expect(await city.directory.resolve("0x" + Buffer.from("token").toString("hex").padEnd(64, "0"))).to.equal(
      await city.token.getAddress(),
    );
    const t1 = Date.now();
    await networkHelpers.loadFixture(cityFixture);
    console.log("reload ms", Date.now() - t1);
  });
});
