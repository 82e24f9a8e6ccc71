import { expect } from "chai";

import { snapshotViews, upgradeService } from "../shared/upgrades.js";
import type { EnergyCertificatesV2, EnergyMarketV2, EnergyMetersV2 } from "../../typechain-types/index.js";
import { deployEnergyCity, engineClearing, FEEDER, submitReading } from "./fixtures.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;

/** Live records: a settled market with credits and claimed certificates, a proposed clearing, an open book. */
async function liveFixture() {
  const city = await deployEnergyCity(connection);
  const { energyMarket: market, energyCertificates: certificates, accounts, meters, interval } = city;
  const next = interval + 900n;
  const later = interval + 3_600n;
  await market.connect(accounts.alice).placeAsk(interval, meters.alice.id, 8_000, 3);
  await market.connect(accounts.bob).placeBid(interval, meters.bob.id, 8_000, 10);
  await market.connect(accounts.dave).placeAsk(next, meters.dave.id, 2_000, 4);
  await market.connect(accounts.carol).placeBid(next, meters.carol.id, 2_000, 6);
  await market.connect(accounts.erin).placeBid(later, meters.erin.id, 500, 9);
  await time.increaseTo(interval - 300n);
  const first = await engineClearing(city, interval, FEEDER);
  await market.submitClearing(interval, FEEDER, first.price, first.fills);
  await time.increaseTo(interval + 60n);
  await submitReading(city, meters.alice, interval, 6_000n, 0n, accounts.mallory);
  await time.increaseTo(interval + 1_800n);
  await market.settle(interval, FEEDER, first.fills);
  await certificates.connect(accounts.bob).claim(interval);
  const second = await engineClearing(city, next, FEEDER);
  await market.submitClearing(next, FEEDER, second.price, second.fills); // proposed, not yet final
  return { ...city, next, later, second };
}

describe("Energy service upgrade", function () {
  it("upgrades all three contracts to V2: every record, credit, lock and permission intact, everything still works", async function () {
    const city = await networkHelpers.loadFixture(liveFixture);
    const { energyMeters, energyMarket, energyCertificates, accounts, ids, meters, interval, next, later, second } =
      city;
    const views = () =>
      snapshotViews({
        meter: () => energyMeters.meter(meters.alice.id),
        reading: () => energyMeters.reading(meters.alice.id, interval),
        config: () => energyMarket.config(),
        capacity: () => energyMarket.feederCapacity(FEEDER),
        operator: () => energyMarket.operatorAccount(),
        settled: () => energyMarket.market(interval, FEEDER),
        proposed: () => energyMarket.market(next, FEEDER),
        open: () => energyMarket.bid(later, FEEDER, 0n),
        totals: () => energyMarket.totals(),
        alice: () => energyMarket.balanceOf(ids.alice),
        bob: () => energyMarket.balanceOf(ids.bob),
        green: () => energyMarket.greenCredit(interval, ids.bob),
        certificate: () => energyCertificates.balanceOf(accounts.bob.address, interval),
      });
    const before = await views();
    const metersV2 = await upgradeService<EnergyMetersV2>(connection, city, energyMeters, "EnergyMetersV2", {
      service: "energyMeters",
    });
    const marketV2 = await upgradeService<EnergyMarketV2>(connection, city, energyMarket, "EnergyMarketV2", {
      service: "energy",
      migration: (await ethers.getContractFactory("EnergyMarketV2")).interface.encodeFunctionData("initializeV2", [7n]),
    });
    const certificatesV2 = await upgradeService<EnergyCertificatesV2>(
      connection,
      city,
      energyCertificates,
      "EnergyCertificatesV2",
      { service: "energyCertificates" },
    );
    expect(await views()).to.deep.equal(before);
    expect(await marketV2.v2Field()).to.equal(7n);
    for (const v2 of [metersV2, marketV2, certificatesV2]) {
      expect(await v2.version()).to.equal("2");
      await v2.setV2Field(3n);
      expect(await v2.v2Field()).to.equal(3n);
    }
    // the proposed clearing becomes final and settles; the open order's market clears
    await time.increaseTo(next + 1_800n);
    await expect(marketV2.settle(next, FEEDER, second.fills)).to.emit(marketV2, "MarketSettled");
    await expect(marketV2.connect(accounts.alice).withdraw()).to.emit(marketV2, "Withdrawn");
    await expect(
      metersV2.connect(accounts.gridOperator).admitMeter(ids.alice, FEEDER, true),
    ).to.be.revertedWithCustomError(metersV2, "EnergyMeterNotDevice");
    await expect(metersV2.connect(accounts.mallory).admitMeter(ids.alice, FEEDER, true)).to.be.revertedWithCustomError(
      metersV2,
      "AccessManagedUnauthorized",
    );
    expect(await certificatesV2.claimed(interval, ids.bob)).to.equal(6_000n);
  });

  it("refuses an upgrade by a non-UPGRADER, a second initialize, and any use of the implementation", async function () {
    const city = await networkHelpers.loadFixture(liveFixture);
    const { energyMeters, energyMarket, energyCertificates, identity, manager, token, accounts } = city;
    const v2 = await ethers.deployContract("EnergyMarketV2");
    await expect(energyMarket.connect(accounts.gridOperator).upgradeToAndCall(await v2.getAddress(), "0x"))
      .to.be.revertedWithCustomError(energyMarket, "AccessManagedUnauthorized")
      .withArgs(accounts.gridOperator.address);
    const [m, i, e, t] = await Promise.all([manager, identity, energyMeters, token].map((c) => c.getAddress()));
    await expect(energyMeters.initialize(m, i)).to.be.revertedWithCustomError(energyMeters, "InvalidInitialization");
    await expect(energyMarket.initialize(m, i, e, t)).to.be.revertedWithCustomError(
      energyMarket,
      "InvalidInitialization",
    );
    await expect(
      energyCertificates.initialize(m, i, await energyMarket.getAddress(), "x"),
    ).to.be.revertedWithCustomError(energyCertificates, "InvalidInitialization");
    for (const name of ["EnergyMeters", "EnergyMarket", "EnergyCertificates"]) {
      const implementation = await ethers.getContractAt(
        name,
        await (
          city[`energy${name.slice(6)}` as "energyMeters"] as unknown as { implementation(): Promise<string> }
        ).implementation(),
      );
      const args = name === "EnergyMeters" ? [m, i] : name === "EnergyMarket" ? [m, i, e, t] : [m, i, e, "x"];
      await expect(
        (implementation as unknown as { initialize(...a: unknown[]): Promise<unknown> }).initialize(...args),
      ).to.be.revertedWithCustomError(implementation, "InvalidInitialization");
    }
  });
});
