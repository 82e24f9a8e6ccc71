import { expect } from "chai";
import { ZeroHash } from "ethers";

import { documentCommitment } from "../../src/documents.js";
import { InspectionTopic, inspectionReport } from "../../src/supply.js";
import { DAY, deploySupplyCity } from "./fixtures.js";
import { connection } from "../shared/network.js";

const { networkHelpers } = connection;

async function supplyFixture() {
  return deploySupplyCity(connection);
}

const FOOD = InspectionTopic.FOOD_SAFETY;

describe("SupplyInspections: inspections by credentialed inspectors", function () {
  it("a credentialed inspector certifies a batch with an expiry and a document commitment", async function () {
    const { supplyInspections, supplyChain, accounts, ids } = await networkHelpers.loadFixture(supplyFixture);
    const until = BigInt(await networkHelpers.time.latest()) + 30n * DAY;
    const report = inspectionReport("lot W-2026-001 passed");
    const commitment = documentCommitment(report);
    await expect(supplyInspections.connect(accounts.dave).inspect(1n, FOOD, true, until, report))
      .to.emit(supplyInspections, "BatchInspected")
      .withArgs(1n, 1n, ids.inspector, FOOD, true, until, commitment);
    const i = await supplyInspections.inspection(1n);
    expect([i.batchId, i.inspectorId, i.passed, i.validUntil, i.topic, i.documentCommitment]).to.deep.equal([
      1n,
      ids.inspector,
      true,
      until,
      FOOD,
      commitment,
    ]);
    expect(await supplyInspections.isCertified(1n, FOOD)).to.equal(true);
    expect(await supplyInspections.isCertified(1n, InspectionTopic.ORGANIC)).to.equal(false);
    expect(await supplyInspections.latestInspection(1n, FOOD)).to.equal(1n);
    expect(await supplyInspections.inspectionsOf(1n, 0n, 10n)).to.deep.equal([1n]);
    expect(await supplyInspections.inspectionCountOf(1n)).to.equal(1n);
    expect(await supplyInspections.inspectionCount()).to.equal(1n);
    expect(await supplyInspections.supplyChain()).to.equal(await supplyChain.getAddress());
    await networkHelpers.time.increaseTo(until + 1n);
    expect(await supplyInspections.isCertified(1n, FOOD)).to.equal(false);
  });

  it("a failed inspection replaces the certification; the history keeps both", async function () {
    const { supplyInspections, accounts } = await networkHelpers.loadFixture(supplyFixture);
    const until = BigInt(await networkHelpers.time.latest()) + 30n * DAY;
    const inspector = supplyInspections.connect(accounts.dave);
    await (await inspector.inspect(1n, FOOD, true, until, inspectionReport("ok"))).wait();
    await (await inspector.inspect(1n, FOOD, false, until, inspectionReport("mould"))).wait();
    expect(await supplyInspections.isCertified(1n, FOOD)).to.equal(false);
    expect(await supplyInspections.inspectionsOf(1n, 1n, 10n)).to.deep.equal([2n]);
    expect(await supplyInspections.inspectionsOf(1n, 5n, 10n)).to.deep.equal([]);
  });

  it("refuses an uncredentialed, expired or revoked inspector, and bad inputs", async function () {
    const { supplyInspections, claims, accounts, ids, claimUntil } = await networkHelpers.loadFixture(supplyFixture);
    const until = BigInt(await networkHelpers.time.latest()) + 30n * DAY;
    const report = inspectionReport("r");
    await expect(supplyInspections.connect(accounts.alice).inspect(1n, FOOD, true, until, report))
      .to.be.revertedWithCustomError(supplyInspections, "SupplyInspectorNotCredentialed")
      .withArgs(ids.alice, FOOD);
    await expect(supplyInspections.connect(accounts.mallory).inspect(1n, FOOD, true, until, report))
      .to.be.revertedWithCustomError(supplyInspections, "SupplyCallerNotParty")
      .withArgs(0n, accounts.mallory.address);
    const inspector = supplyInspections.connect(accounts.dave);
    await expect(inspector.inspect(1n, InspectionTopic.ORGANIC, true, until, report))
      .to.be.revertedWithCustomError(supplyInspections, "SupplyInspectorNotCredentialed")
      .withArgs(ids.inspector, InspectionTopic.ORGANIC);
    await expect(inspector.inspect(1n, ZeroHash, true, until, report)).to.be.revertedWithCustomError(
      supplyInspections,
      "SupplyTopicEmpty",
    );
    await expect(inspector.inspect(1n, FOOD, true, 1n, report))
      .to.be.revertedWithCustomError(supplyInspections, "SupplyInspectionExpiryInvalid")
      .withArgs(1n);
    await expect(inspector.inspect(9n, FOOD, true, until, report))
      .to.be.revertedWithCustomError(supplyInspections, "SupplyBatchUnknown")
      .withArgs(9n);
    await expect(inspector.inspect(1n, FOOD, true, until, { ...report, uri: "" })).to.be.revertedWithCustomError(
      supplyInspections,
      "DocumentUriEmpty",
    );
    await expect(supplyInspections.inspection(1n))
      .to.be.revertedWithCustomError(supplyInspections, "SupplyInspectionUnknown")
      .withArgs(1n);

    // A certification lapses with its inspector's credential; a revoked credential inspects nothing.
    await (await inspector.inspect(1n, FOOD, true, claimUntil + 100n * DAY, report)).wait();
    await (await claims.connect(accounts.foodSafety).revokeClaim(1n, ZeroHash)).wait();
    expect(await supplyInspections.isCertified(1n, FOOD)).to.equal(false);
    await expect(inspector.inspect(1n, FOOD, true, claimUntil + 100n * DAY, report))
      .to.be.revertedWithCustomError(supplyInspections, "SupplyInspectorNotCredentialed")
      .withArgs(ids.inspector, FOOD);
  });

  it("refuses an inspector whose credential expired", async function () {
    const { supplyInspections, accounts, ids, claimUntil } = await networkHelpers.loadFixture(supplyFixture);
    await networkHelpers.time.increaseTo(claimUntil + 1n);
    await expect(
      supplyInspections
        .connect(accounts.dave)
        .inspect(1n, FOOD, true, claimUntil + 30n * DAY, inspectionReport("late")),
    )
      .to.be.revertedWithCustomError(supplyInspections, "SupplyInspectorNotCredentialed")
      .withArgs(ids.inspector, FOOD);
  });

  it("caps one inspector's inspections of one batch (per-identity cap)", async function () {
    const { supplyInspections, accounts, ids } = await networkHelpers.loadFixture(supplyFixture);
    const until = BigInt(await networkHelpers.time.latest()) + 30n * DAY;
    const inspector = supplyInspections.connect(accounts.dave);
    const max = await supplyInspections.MAX_PER_INSPECTOR();
    for (let i = 0n; i < max; i++) await (await inspector.inspect(1n, FOOD, true, until, inspectionReport("x"))).wait();
    await expect(inspector.inspect(1n, FOOD, true, until, inspectionReport("x")))
      .to.be.revertedWithCustomError(supplyInspections, "SupplyInspectorCapReached")
      .withArgs(1n, ids.inspector, max);
  });
});
