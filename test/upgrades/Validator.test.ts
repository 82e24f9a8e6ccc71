import { expect } from "chai";

import {
  Build,
  checkCityContract,
  checkOtherContracts,
  layoutIncompatibilities,
  upgradeableContracts,
} from "../../src/upgrades.js";

/**
 * OpenZeppelin's upgrade-safety validator as `npm run upgrades:check` runs it (the test runner has just built
 * the contracts). It must pass the city's contracts and their test implementations, and refuse a layout that
 * would corrupt storage before anything is deployed.
 */
describe("Upgrade-safety validator (npm run upgrades:check)", function () {
  const build = new Build();

  it("passes every upgradeable city contract against its committed reference layout", function () {
    const contracts = upgradeableContracts();
    expect(contracts).to.include.members(["CityToken", "ServiceDirectory"]);
    for (const contract of contracts) {
      expect(checkCityContract(build, contract).problems).to.deep.equal([], contract);
    }
  });

  it("passes the V2 test implementations against the contract each upgrades from", function () {
    const verdicts = checkOtherContracts(build, upgradeableContracts());
    expect(verdicts.map((v) => v.contract)).to.include("CityTokenV2");
    for (const { contract, problems } of verdicts) expect(problems).to.deep.equal([], contract);
  });

  it("refuses a v2 that reorders fields of a namespace, naming the fields", function () {
    const message = layoutIncompatibilities(
      build.layoutOf("ServiceDirectory"),
      build.layoutOf("ServiceDirectoryReordered"),
    );
    expect(message).to.contain("Deleted `services`");
    expect(message).to.contain("Inserted `services`");
  });

  it("refuses a contract that is not upgrade safe", function () {
    // ReentrantToken is a plain ERC-20 whose constructor writes state (name, symbol): not fit for a proxy.
    expect(build.unsafeConstructs("ReentrantToken").join("\n")).to.match(/constructor/);
  });
});
