import { expect } from "chai";
import { id, parseEther } from "ethers";

import { claimIdOf } from "../../src/insurance.js";
import type { InsuranceV2 } from "../../typechain-types/index.js";
import { snapshotViews, upgradeService } from "../shared/upgrades.js";
import { DAY, HOUSE, deployInsuranceCity, evidence, floodTerms, incident } from "./fixtures.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;

/** Live records: a policy with a paid claim and a pending four-eyes endorsement, a loss event, an open risk. */
async function liveFixture() {
  const city = await deployInsuranceCity(connection);
  const { insurance, accounts } = city;
  await insurance.connect(accounts.alice).buyPolicy(city.product1, city.parcel, HOUSE);
  await insurance.connect(accounts.insurer).createProduct(floodTerms(city.pool1));
  const start = BigInt(await time.latest()) + 30n * DAY;
  await insurance.connect(accounts.insurer).createRisk(3n, start, start + DAY, id("district 3"));
  await insurance.connect(accounts.bob).buyPolicy(3n, 1n, parseEther("5000"));
  await time.increase(8n * DAY);
  await insurance.connect(accounts.alice).submitClaim(1n, incident("paid"), parseEther("1000"), evidence("p"));
  await insurance.connect(accounts.assessor).confirmClaim(claimIdOf(1n, incident("paid")), parseEther("1000"));
  await insurance.connect(accounts.alice).submitClaim(1n, incident("big"), parseEther("90000"), evidence("b"));
  await insurance.connect(accounts.assessor).confirmClaim(claimIdOf(1n, incident("big")), parseEther("90000"));
  const now = BigInt(await time.latest());
  await insurance.connect(accounts.oracle).declareLossEvent(3, Number(now), Number(now), Number(now + DAY), id("a"));
  return city;
}

describe("Insurance upgrade", function () {
  it("keeps pools, policies, claims, credits, events and risks through an upgrade; everything still works", async function () {
    const city = await networkHelpers.loadFixture(liveFixture);
    const { insurance, accounts, ids } = city;
    const views = () =>
      snapshotViews({
        pool1: () => insurance.pool(1n),
        pool2: () => insurance.pool(2n),
        product3: () => insurance.product(3n),
        policy1: () => insurance.policy(1n),
        policy2: () => insurance.policy(2n),
        paid: () => insurance.claim(claimIdOf(1n, incident("paid"))),
        endorsed: () => insurance.claim(claimIdOf(1n, incident("big"))),
        credit: () => insurance.creditOf(ids.alice),
        event: () => insurance.lossEvent(1n),
        risk: () => insurance.risk(1n),
        riskPolicy: () => insurance.riskPolicyAt(1n, 0n),
      });
    const before = await views();
    const upgraded = await upgradeService<InsuranceV2>(connection, city, insurance, "InsuranceV2", {
      migration: (await ethers.getContractFactory("InsuranceV2")).interface.encodeFunctionData("initializeV2", [7n]),
      service: "insurance",
    });
    expect(await views()).to.deep.equal(before);
    expect(await upgraded.v2Field()).to.equal(7n);
    expect(await upgraded.version()).to.equal("2");
    // The pending four-eyes claim completes with the second assessor; the credit is withdrawn.
    await upgraded.connect(accounts.assessor2).confirmClaim(claimIdOf(1n, incident("big")), parseEther("90000"));
    expect(await upgraded.creditOf(ids.alice)).to.equal(parseEther("91000"));
    await upgraded.connect(accounts.alice).withdraw();
    await expect(upgraded.connect(accounts.carol).createPool()).to.be.revertedWithCustomError(
      upgraded,
      "AccessManagedUnauthorized",
    );
  });

  it("refuses an upgrade by a non-UPGRADER, a second initialize, and any use of the implementation", async function () {
    const city = await networkHelpers.loadFixture(liveFixture);
    const { insurance, accounts, manager, identity, landRegistry, token } = city;
    const v2 = await ethers.deployContract("InsuranceV2");
    await expect(insurance.connect(accounts.insurer).upgradeToAndCall(await v2.getAddress(), "0x"))
      .to.be.revertedWithCustomError(insurance, "AccessManagedUnauthorized")
      .withArgs(accounts.insurer.address);
    const args = [
      await manager.getAddress(),
      await identity.getAddress(),
      await landRegistry.getAddress(),
      await token.getAddress(),
    ] as const;
    await expect(insurance.initialize(...args)).to.be.revertedWithCustomError(insurance, "InvalidInitialization");
    const implementation = await ethers.getContractAt("Insurance", await insurance.implementation());
    await expect(implementation.initialize(...args)).to.be.revertedWithCustomError(
      implementation,
      "InvalidInitialization",
    );
  });
});
