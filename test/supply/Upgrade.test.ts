import { expect } from "chai";
import { ZeroHash } from "ethers";

import { erc7201Slot } from "../../src/erc7201.js";
import { InspectionTopic, inspectionReport, transformOutput, Unit } from "../../src/supply.js";
import type { SupplyChainV2, SupplyInspectionsV2 } from "../../typechain-types/index.js";
import { snapshotViews, upgradeService } from "../shared/upgrades.js";
import { DAY, deploySupplyCity, handOver, HERE } from "./fixtures.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

/**
 * Live records before the upgrade: wheat milled into flour and bran (lineage, carbon), the bran recalled, the flour
 * offered to the bakery (pending), an inspection of the flour.
 */
async function liveFixture() {
  const city = await deploySupplyCity(connection);
  const { supplyChain, supplyInspections, accounts, ids } = city;
  await handOver(city, 1n, accounts.farm, accounts.mill, ids.mill);
  await (
    await supplyChain
      .connect(accounts.mill)
      .transform(
        [1n],
        [transformOutput("flour", 7_000n), transformOutput("bran", 1_000n)],
        Unit.KILOGRAM,
        8_000,
        1_000n,
        HERE,
      )
  ).wait();
  await (await supplyChain.connect(accounts.mill).recall(3n, ZeroHash)).wait();
  await (await supplyChain.connect(accounts.mill).offer(2n, ids.bakery, HERE)).wait();
  const until = BigInt(await networkHelpers.time.latest()) + 30n * DAY;
  await (
    await supplyInspections
      .connect(accounts.dave)
      .inspect(2n, InspectionTopic.FOOD_SAFETY, true, until, inspectionReport("ok"))
  ).wait();
  return city;
}

describe("Supply: upgrades", function () {
  it("storage namespaces are the ERC-7201 slots of their ids", async function () {
    const { readFileSync } = await import("node:fs");
    // SupplyChain's namespace struct lives in its abstract base SupplyChainState.
    for (const [name, file] of [
      ["SupplyChain", "SupplyChainState"],
      ["SupplyInspections", "SupplyInspections"],
    ]) {
      const source = readFileSync(`contracts/supply/${file}.sol`, "utf8");
      expect(source).to.include(`erc7201:citychain.storage.${name}`);
      expect(source).to.include(erc7201Slot(`citychain.storage.${name}`));
    }
  });

  it("every batch, offer, lineage, recall and inspection survives an upgrade to V2", async function () {
    const city = await networkHelpers.loadFixture(liveFixture);
    const { supplyChain, supplyInspections, accounts, ids } = city;
    const views = () =>
      snapshotViews({
        wheat: () => supplyChain.batch(1n),
        flour: () => supplyChain.batch(2n),
        bran: () => supplyChain.batch(3n),
        children: () => supplyChain.childrenOf(1n, 0n, 10n),
        parents: () => supplyChain.parentsOf(2n, 0n, 10n),
        recalled: () => supplyChain.isRecalled(3n),
        epoch: () => supplyChain.recallEpoch(),
        count: () => supplyChain.batchCount(),
        inspection: () => supplyInspections.inspection(1n),
        certified: () => supplyInspections.isCertified(2n, InspectionTopic.FOOD_SAFETY),
      });
    const before = await views();
    const chainV2 = await upgradeService<SupplyChainV2>(connection, city, supplyChain, "SupplyChainV2", {
      migration: (await ethers.getContractFactory("SupplyChainV2")).interface.encodeFunctionData("initializeV2", [5n]),
      service: "supply",
    });
    const inspectionsV2 = await upgradeService<SupplyInspectionsV2>(
      connection,
      city,
      supplyInspections,
      "SupplyInspectionsV2",
      {
        migration: (await ethers.getContractFactory("SupplyInspectionsV2")).interface.encodeFunctionData(
          "initializeV2",
          [6n],
        ),
        service: "supplyInspections",
      },
    );
    expect(await chainV2.version()).to.equal("2");
    expect(await chainV2.v2Field()).to.equal(5n);
    expect(await inspectionsV2.v2Field()).to.equal(6n);
    expect(await views()).to.deep.equal(before);

    await expect(supplyChain.connect(accounts.bakery).accept(2n, HERE))
      .to.emit(supplyChain, "CustodyTransferred")
      .withArgs(2n, ids.mill, ids.bakery, HERE);
    await expect(supplyChain.connect(accounts.mallory).recallByAuthority(2n, ZeroHash))
      .to.be.revertedWithCustomError(supplyChain, "AccessManagedUnauthorized")
      .withArgs(accounts.mallory.address);
    await (await supplyChain.connect(accounts.foodSafety).recallByAuthority(2n, ZeroHash)).wait();
    expect(await supplyChain.isRecalled(2n)).to.equal(true);
  });

  it("refuses an upgrade by a non-UPGRADER, a second initialize, and any use of the implementation", async function () {
    const { supplyChain, supplyInspections, identity, claims, manager, accounts } =
      await networkHelpers.loadFixture(liveFixture);
    const v2 = await ethers.deployContract("SupplyChainV2");
    await expect(supplyChain.connect(accounts.foodSafety).upgradeToAndCall(await v2.getAddress(), "0x"))
      .to.be.revertedWithCustomError(supplyChain, "AccessManagedUnauthorized")
      .withArgs(accounts.foodSafety.address);
    const [m, i, c, s] = await Promise.all([
      manager.getAddress(),
      identity.getAddress(),
      claims.getAddress(),
      supplyChain.getAddress(),
    ]);
    await expect(supplyChain.initialize(m, i)).to.be.revertedWithCustomError(supplyChain, "InvalidInitialization");
    await expect(supplyInspections.initialize(m, i, c, s)).to.be.revertedWithCustomError(
      supplyInspections,
      "InvalidInitialization",
    );
    const chainImpl = await ethers.getContractAt("SupplyChain", await supplyChain.implementation());
    await expect(chainImpl.initialize(m, i)).to.be.revertedWithCustomError(chainImpl, "InvalidInitialization");
    const inspImpl = await ethers.getContractAt("SupplyInspections", await supplyInspections.implementation());
    await expect(inspImpl.initialize(m, i, c, s)).to.be.revertedWithCustomError(inspImpl, "InvalidInitialization");
  });
});
