import { expect } from "chai";
import { encodeBytes32String } from "ethers";

import { snapshotViews, upgradeService } from "../shared/upgrades.js";
import { shouldRejectUnauthorized } from "../shared/unauthorized.js";
import { DAY, deploySupplyCity, firstOutputOf, handOver, HERE, recoverIdentity, wheat } from "../supply/fixtures.js";
import type { Scope3RegisterV2 } from "../../typechain-types/index.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

const SOURCE = 1n;
const WHEAT_CO2E = 2_000_000n;

/**
 * The supply city plus an open emissions period (a year long): the farm's wheat (batch 1, 2 t CO2e) is handed to
 * the mill, which holds it.
 */
async function scope3Fixture() {
  const city = await deploySupplyCity(connection);
  const now = BigInt(await networkHelpers.time.latest());
  const deadline = now + 400n * DAY;
  await (await city.emissionsRegister.connect(city.accounts.regulator).openPeriod(deadline, 1_000n, 0, 0n)).wait();
  await handOver(city, 1n, city.accounts.farm, city.accounts.mill, city.ids.mill);
  return { ...city, deadline, period: 1n };
}

describe("Scope3Register: embedded emissions of purchased batches (informational scope 3)", function () {
  it("the deployed city registers the supply chain as source 1 and lists the register in the directory", async function () {
    const { scope3Register, supplyChain, emissionsRegister, directory } =
      await networkHelpers.loadFixture(scope3Fixture);
    expect(await scope3Register.sourceCount()).to.equal(1n);
    expect(await scope3Register.source(SOURCE)).to.equal(await supplyChain.getAddress());
    expect(await scope3Register.emissionsRegister()).to.equal(await emissionsRegister.getAddress());
    expect(await directory.resolve(encodeBytes32String("scope3"))).to.equal(await scope3Register.getAddress());
  });

  it("the holder reports a bought batch once; totals, entries and the event; verified emissions untouched", async function () {
    const { scope3Register, emissionsRegister, accounts, ids, period } =
      await networkHelpers.loadFixture(scope3Fixture);
    const recordBefore = await emissionsRegister.record(ids.mill, period);
    await expect(scope3Register.connect(accounts.mill).reportPurchase(ids.mill, SOURCE, 1n, period))
      .to.emit(scope3Register, "Scope3PurchaseReported")
      .withArgs(ids.mill, period, SOURCE, 1n, WHEAT_CO2E, 0n);
    const total = await scope3Register.scope3Of(ids.mill, period);
    expect([total.co2eGrams, total.count]).to.deep.equal([WHEAT_CO2E, 1n]);
    const [entry] = await scope3Register.entries(ids.mill, period, 0n, 10n);
    expect([entry.sourceId, entry.batchId, entry.co2eGrams]).to.deep.equal([SOURCE, 1n, WHEAT_CO2E]);
    expect(entry.reportedAt).to.equal(BigInt(await networkHelpers.time.latest()));
    expect(await scope3Register.isReported(SOURCE, 1n, ids.mill)).to.equal(true);
    expect(await emissionsRegister.record(ids.mill, period)).to.deep.equal(recordBefore);
    await expect(scope3Register.connect(accounts.mill).reportPurchase(ids.mill, SOURCE, 1n, period))
      .to.be.revertedWithCustomError(scope3Register, "Scope3AlreadyReported")
      .withArgs(SOURCE, 1n, ids.mill);
    expect(await scope3Register.entries(ids.mill, period, 1n, 10n)).to.deep.equal([]);
    await expect(scope3Register.entries(ids.mill, period, 0n, 101n))
      .to.be.revertedWithCustomError(scope3Register, "Scope3PageTooLarge")
      .withArgs(101n, 100n);
  });

  it("the next holder reports the same batch for itself; a derived batch carries its share and process emissions", async function () {
    const { scope3Register, supplyChain, accounts, ids, period } = await networkHelpers.loadFixture(scope3Fixture);
    await (await scope3Register.connect(accounts.mill).reportPurchase(ids.mill, SOURCE, 1n, period)).wait();
    const child = await firstOutputOf(
      supplyChain,
      supplyChain.connect(accounts.mill).split(1n, [4_000n, 6_000n], HERE),
    );
    await (await supplyChain.connect(accounts.mill).offer(child, ids.bakery, HERE)).wait();
    await (await supplyChain.connect(accounts.bakery).accept(child, HERE)).wait();
    const share = await supplyChain.embeddedEmissions(child);
    expect(share).to.equal((WHEAT_CO2E * 4_000n) / 10_000n);
    await expect(scope3Register.connect(accounts.bakery).reportPurchase(ids.bakery, SOURCE, child, period))
      .to.emit(scope3Register, "Scope3PurchaseReported")
      .withArgs(ids.bakery, period, SOURCE, child, share, 0n);
    expect((await scope3Register.scope3Of(ids.mill, period)).co2eGrams).to.equal(WHEAT_CO2E);
    expect((await scope3Register.scope3Of(ids.bakery, period)).co2eGrams).to.equal(share);
  });

  it("refuses a non-holder, the producer, a stranger's wallet, an unknown source or period, a closed period", async function () {
    const city = await networkHelpers.loadFixture(scope3Fixture);
    const { scope3Register, supplyChain, accounts, ids, period, deadline } = city;
    const s3 = scope3Register;
    await expect(s3.connect(accounts.bakery).reportPurchase(ids.bakery, SOURCE, 1n, period))
      .to.be.revertedWithCustomError(s3, "Scope3NotHolder")
      .withArgs(1n, ids.mill, ids.bakery);
    await expect(s3.connect(accounts.mallory).reportPurchase(ids.mill, SOURCE, 1n, period))
      .to.be.revertedWithCustomError(s3, "CarbonCallerNotHolder")
      .withArgs(ids.mill, accounts.mallory.address);
    await expect(s3.connect(accounts.alice).reportPurchase(ids.alice, SOURCE, 1n, period))
      .to.be.revertedWithCustomError(s3, "CarbonEmitterUnknown")
      .withArgs(ids.alice);
    await expect(s3.connect(accounts.mill).reportPurchase(ids.mill, 2n, 1n, period))
      .to.be.revertedWithCustomError(s3, "Scope3SourceUnknown")
      .withArgs(2n);
    await expect(s3.connect(accounts.mill).reportPurchase(ids.mill, SOURCE, 1n, 9n))
      .to.be.revertedWithCustomError(s3, "CarbonPeriodUnknown")
      .withArgs(9n);
    await expect(s3.connect(accounts.mill).reportPurchase(ids.mill, SOURCE, 99n, period))
      .to.be.revertedWithCustomError(s3, "Scope3BatchUnknown")
      .withArgs(SOURCE, 99n);
    // The farm's own product is not a purchase; nor is a batch without emissions.
    await (await supplyChain.connect(accounts.farm).createBatch(wheat(500n, 0n), HERE)).wait();
    await expect(s3.connect(accounts.farm).reportPurchase(ids.farm, SOURCE, 2n, period))
      .to.be.revertedWithCustomError(s3, "Scope3OwnProduct")
      .withArgs(2n, ids.farm);
    await handOver(city, 2n, accounts.farm, accounts.shop, ids.shop);
    await expect(s3.connect(accounts.shop).reportPurchase(ids.shop, SOURCE, 2n, period))
      .to.be.revertedWithCustomError(s3, "Scope3NoEmissions")
      .withArgs(2n);
    await networkHelpers.time.increaseTo(deadline + 1n);
    await expect(s3.connect(accounts.mill).reportPurchase(ids.mill, SOURCE, 1n, period))
      .to.be.revertedWithCustomError(s3, "Scope3PeriodClosed")
      .withArgs(period, deadline);
    expect((await s3.scope3Of(ids.mill, period)).count).to.equal(0n);
  });

  it("registerSource: only contracts, once each, with its event", async function () {
    const { scope3Register, accounts, supplyInspections, supplyChain } =
      await networkHelpers.loadFixture(scope3Fixture);
    const admin = scope3Register.connect(accounts.admin);
    await expect(admin.registerSource(accounts.bob.address))
      .to.be.revertedWithCustomError(scope3Register, "Scope3SourceNotContract")
      .withArgs(accounts.bob.address);
    await expect(admin.registerSource(await supplyChain.getAddress()))
      .to.be.revertedWithCustomError(scope3Register, "Scope3SourceDuplicate")
      .withArgs(await supplyChain.getAddress(), SOURCE);
    await expect(admin.registerSource(await supplyInspections.getAddress()))
      .to.emit(scope3Register, "Scope3SourceRegistered")
      .withArgs(2n, await supplyInspections.getAddress());
  });

  it("a key recovery moves the right to report: the new wallet reports, the old one is refused", async function () {
    const city = await networkHelpers.loadFixture(scope3Fixture);
    const { scope3Register, accounts, ids, period } = city;
    const fresh = ethers.Wallet.createRandom().connect(ethers.provider);
    await networkHelpers.setBalance(fresh.address, 10n ** 18n);
    await recoverIdentity(connection, city, ids.mill, accounts.mill, fresh.address);
    await expect(scope3Register.connect(accounts.mill).reportPurchase(ids.mill, SOURCE, 1n, period))
      .to.be.revertedWithCustomError(scope3Register, "CarbonCallerNotHolder")
      .withArgs(ids.mill, accounts.mill.address);
    await expect(scope3Register.connect(fresh).reportPurchase(ids.mill, SOURCE, 1n, period)).to.emit(
      scope3Register,
      "Scope3PurchaseReported",
    );
  });

  it("entries, totals and sources survive an upgrade to V2; a second initialize is refused", async function () {
    const city = await networkHelpers.loadFixture(scope3Fixture);
    const { scope3Register, accounts, ids, period, manager, identity, emissionsRegister } = city;
    await (await scope3Register.connect(accounts.mill).reportPurchase(ids.mill, SOURCE, 1n, period)).wait();
    const views = () =>
      snapshotViews({
        total: () => scope3Register.scope3Of(ids.mill, period),
        entries: () => scope3Register.entries(ids.mill, period, 0n, 10n),
        reported: () => scope3Register.isReported(SOURCE, 1n, ids.mill),
        source: () => scope3Register.source(SOURCE),
        count: () => scope3Register.sourceCount(),
      });
    const before = await views();
    const v2 = await upgradeService<Scope3RegisterV2>(connection, city, scope3Register, "Scope3RegisterV2", {
      migration: (await ethers.getContractFactory("Scope3RegisterV2")).interface.encodeFunctionData("initializeV2", [
        3n,
      ]),
      service: "scope3",
    });
    expect(await v2.version()).to.equal("2");
    expect(await views()).to.deep.equal(before);
    await expect(
      scope3Register.initialize(
        await manager.getAddress(),
        await identity.getAddress(),
        await emissionsRegister.getAddress(),
      ),
    ).to.be.revertedWithCustomError(scope3Register, "InvalidInitialization");
    const implementation = await ethers.getContractAt("Scope3Register", await scope3Register.implementation());
    await expect(
      implementation.initialize(
        await manager.getAddress(),
        await identity.getAddress(),
        await emissionsRegister.getAddress(),
      ),
    ).to.be.revertedWithCustomError(implementation, "InvalidInitialization");
    const { deployBehindProxy } = await import("../../src/proxy.js");
    await expect(
      deployBehindProxy(connection, "Scope3Register", [
        await manager.getAddress(),
        ethers.ZeroAddress,
        await emissionsRegister.getAddress(),
      ]),
    ).to.be.revertedWithCustomError(scope3Register, "Scope3RegistryZero");
  });

  shouldRejectUnauthorized(async () => {
    const city = await networkHelpers.loadFixture(scope3Fixture);
    return {
      contracts: { Scope3Register: city.scope3Register },
      manager: city.manager,
      stranger: city.accounts.mallory,
    };
  }, ["Scope3Register"]);
});
