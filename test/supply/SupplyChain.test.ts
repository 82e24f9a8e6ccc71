import { expect } from "chai";
import { ZeroHash } from "ethers";

import { batchInput, FACTOR_ONE, recordCommitment, signAccept, transformOutput, Unit } from "../../src/supply.js";
import { shouldRejectUnauthorized } from "../shared/unauthorized.js";
import { deploySupplyCity, firstOutputOf, handOver, HERE, recoverIdentity, wheat } from "./fixtures.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

async function supplyFixture() {
  return deploySupplyCity(connection);
}

/** The wheat milled into flour (batch 2, 7,000 kg) and bran (batch 3, 1,000 kg) by the mill. */
async function milledFixture() {
  const city = await supplyFixture();
  const { farm, mill } = city.accounts;
  await handOver(city, 1n, farm, mill, city.ids.mill);
  await (
    await city.supplyChain
      .connect(mill)
      .transform(
        [1n],
        [transformOutput("flour", 7_000n), transformOutput("bran", 1_000n)],
        Unit.KILOGRAM,
        8_000,
        400_000n,
        HERE,
      )
  ).wait();
  return city;
}

describe("SupplyChain: batches, custody, lineage, recalls", function () {
  describe("batches", function () {
    it("a business identity creates a batch it holds, with its record commitment and carbon", async function () {
      const { supplyChain, accounts, ids } = await networkHelpers.loadFixture(supplyFixture);
      const input = batchInput("barley", 500n, { origin: "farm:south", co2eGrams: 9n });
      await expect(supplyChain.connect(accounts.farm).createBatch(input, HERE))
        .to.emit(supplyChain, "BatchCreated")
        .withArgs(2n, ids.farm, input.productType, recordCommitment(input), Object.values(input), HERE);
      const b = await supplyChain.batch(2n);
      expect([b.holder, b.producer, b.quantity, b.unit, b.co2eGrams, b.status]).to.deep.equal([
        ids.farm,
        ids.farm,
        500n,
        BigInt(Unit.KILOGRAM),
        9n,
        1n,
      ]);
      expect(b.recordCommitment).to.equal(recordCommitment(input));
      expect(await supplyChain.batchCount()).to.equal(2n);
      expect(await supplyChain.embeddedEmissions(2n)).to.equal(9n);
    });

    it("refuses a resident, a stranger, an empty product, a zero quantity and a zero unit", async function () {
      const { supplyChain, accounts } = await networkHelpers.loadFixture(supplyFixture);
      for (const who of [accounts.alice, accounts.mallory]) {
        await expect(supplyChain.connect(who).createBatch(wheat(), HERE))
          .to.be.revertedWithCustomError(supplyChain, "SupplyNotProducer")
          .withArgs(who.address);
      }
      const farm = supplyChain.connect(accounts.farm);
      await expect(farm.createBatch({ ...wheat(), productType: ZeroHash }, HERE)).to.be.revertedWithCustomError(
        supplyChain,
        "SupplyProductTypeEmpty",
      );
      await expect(farm.createBatch(wheat(0n), HERE)).to.be.revertedWithCustomError(supplyChain, "SupplyQuantityZero");
      await expect(farm.createBatch({ ...wheat(), unit: 0 }, HERE))
        .to.be.revertedWithCustomError(supplyChain, "SupplyUnitInvalid")
        .withArgs(0);
      expect(await supplyChain.batchCount()).to.equal(1n);
    });

    it("unknown batches are refused by every view and action", async function () {
      const { supplyChain, accounts, ids } = await networkHelpers.loadFixture(supplyFixture);
      for (const call of [
        supplyChain.isRecalled(9n),
        supplyChain.parentsOf(9n, 0n, 10n),
        supplyChain.childrenOf(9n, 0n, 10n),
        supplyChain.embeddedEmissions(9n),
        supplyChain.connect(accounts.farm).offer(9n, ids.mill, HERE),
        supplyChain.connect(accounts.farm).withdrawOffer(9n),
        supplyChain.connect(accounts.farm).recall(9n, ZeroHash),
      ]) {
        await expect(call).to.be.revertedWithCustomError(supplyChain, "SupplyBatchUnknown").withArgs(9n);
      }
    });
  });

  describe("custody by acceptance", function () {
    it("moves only when the named receiver accepts; the old holder loses every right", async function () {
      const { supplyChain, accounts, ids } = await networkHelpers.loadFixture(supplyFixture);
      const { farm, mill } = accounts;
      await expect(supplyChain.connect(farm).offer(1n, ids.mill, HERE))
        .to.emit(supplyChain, "BatchOffered")
        .withArgs(1n, ids.farm, ids.mill, HERE);
      expect((await supplyChain.batch(1n)).holder).to.equal(ids.farm);
      await expect(supplyChain.connect(mill).accept(1n, HERE))
        .to.emit(supplyChain, "CustodyTransferred")
        .withArgs(1n, ids.farm, ids.mill, HERE);
      const b = await supplyChain.batch(1n);
      expect([b.holder, b.offeredTo]).to.deep.equal([ids.mill, 0n]);
      await expect(supplyChain.connect(farm).offer(1n, ids.shop, HERE))
        .to.be.revertedWithCustomError(supplyChain, "SupplyCallerNotParty")
        .withArgs(ids.mill, farm.address);
      await expect(supplyChain.connect(mill).offer(1n, ids.alice, HERE)).to.emit(supplyChain, "BatchOffered");
    });

    it("refuses an offer by a non-holder, to the holder itself, to an unknown identity, or twice", async function () {
      const { supplyChain, accounts, ids } = await networkHelpers.loadFixture(supplyFixture);
      await expect(supplyChain.connect(accounts.mallory).offer(1n, ids.mill, HERE))
        .to.be.revertedWithCustomError(supplyChain, "SupplyCallerNotParty")
        .withArgs(ids.farm, accounts.mallory.address);
      const farm = supplyChain.connect(accounts.farm);
      for (const to of [ids.farm, 999n, 2n ** 64n]) {
        await expect(farm.offer(1n, to, HERE)).to.be.revertedWithCustomError(supplyChain, "SupplyReceiverInvalid");
      }
      await (await farm.offer(1n, ids.mill, HERE)).wait();
      await expect(farm.offer(1n, ids.shop, HERE))
        .to.be.revertedWithCustomError(supplyChain, "SupplyOfferPending")
        .withArgs(1n, ids.mill);
    });

    it("acceptance by anyone but the named receiver, or without an offer, is refused", async function () {
      const { supplyChain, accounts, ids } = await networkHelpers.loadFixture(supplyFixture);
      await expect(supplyChain.connect(accounts.mill).accept(1n, HERE))
        .to.be.revertedWithCustomError(supplyChain, "SupplyNoOffer")
        .withArgs(1n);
      await (await supplyChain.connect(accounts.farm).offer(1n, ids.mill, HERE)).wait();
      for (const who of [accounts.shop, accounts.farm, accounts.mallory]) {
        await expect(supplyChain.connect(who).accept(1n, HERE))
          .to.be.revertedWithCustomError(supplyChain, "SupplyCallerNotParty")
          .withArgs(ids.mill, who.address);
      }
      expect((await supplyChain.batch(1n)).holder).to.equal(ids.farm);
    });

    it("an offer can be withdrawn by the holder only, and then not accepted", async function () {
      const { supplyChain, accounts, ids } = await networkHelpers.loadFixture(supplyFixture);
      const farm = supplyChain.connect(accounts.farm);
      await expect(farm.withdrawOffer(1n)).to.be.revertedWithCustomError(supplyChain, "SupplyNoOffer").withArgs(1n);
      await (await farm.offer(1n, ids.mill, HERE)).wait();
      await expect(supplyChain.connect(accounts.mill).withdrawOffer(1n))
        .to.be.revertedWithCustomError(supplyChain, "SupplyCallerNotParty")
        .withArgs(ids.farm, accounts.mill.address);
      await expect(farm.withdrawOffer(1n)).to.emit(supplyChain, "OfferWithdrawn").withArgs(1n, ids.farm, ids.mill);
      await expect(supplyChain.connect(accounts.mill).accept(1n, HERE)).to.be.revertedWithCustomError(
        supplyChain,
        "SupplyNoOffer",
      );
    });

    it("accepts on the receiver's EIP-712 signature once; expired, foreign and replayed signatures fail", async function () {
      const { supplyChain, accounts, ids } = await networkHelpers.loadFixture(supplyFixture);
      const { farm, mill, shop, mallory } = accounts;
      await (await supplyChain.connect(farm).offer(1n, ids.mill, HERE)).wait();
      const now = BigInt(await networkHelpers.time.latest());
      const message = {
        batchId: 1n,
        holderId: ids.farm,
        receiverId: ids.mill,
        where: HERE,
        nonce: 0n,
        deadline: now + 600n,
      };
      const expired = await signAccept(mill, supplyChain, { ...message, deadline: now - 1n });
      await expect(supplyChain.connect(mallory).acceptBySig(1n, HERE, now - 1n, expired))
        .to.be.revertedWithCustomError(supplyChain, "SupplySignatureExpired")
        .withArgs(now - 1n);
      const foreign = await signAccept(shop, supplyChain, message);
      await expect(supplyChain.connect(mallory).acceptBySig(1n, HERE, message.deadline, foreign))
        .to.be.revertedWithCustomError(supplyChain, "SupplySignatureInvalid")
        .withArgs(ids.mill);
      const otherPlace = await signAccept(mill, supplyChain, { ...message, where: ZeroHash });
      await expect(
        supplyChain.connect(mallory).acceptBySig(1n, HERE, message.deadline, otherPlace),
      ).to.be.revertedWithCustomError(supplyChain, "SupplySignatureInvalid");
      const signature = await signAccept(mill, supplyChain, message);
      await expect(supplyChain.connect(mallory).acceptBySig(1n, HERE, message.deadline, signature))
        .to.emit(supplyChain, "CustodyTransferred")
        .withArgs(1n, ids.farm, ids.mill, HERE);
      expect(await supplyChain.nonceOf(ids.mill)).to.equal(1n);
      await (await supplyChain.connect(mill).offer(1n, ids.farm, HERE)).wait();
      await (await supplyChain.connect(farm).accept(1n, HERE)).wait();
      await (await supplyChain.connect(farm).offer(1n, ids.mill, HERE)).wait();
      await expect(
        supplyChain.connect(mallory).acceptBySig(1n, HERE, message.deadline, signature),
      ).to.be.revertedWithCustomError(supplyChain, "SupplySignatureInvalid");
    });

    it("refuses a signed acceptance for a receiver that is no longer active", async function () {
      const { supplyChain, identity, accounts, ids } = await networkHelpers.loadFixture(supplyFixture);
      await (await supplyChain.connect(accounts.farm).offer(1n, ids.mill, HERE)).wait();
      await (await identity.connect(accounts.registrar).suspend(ids.mill, ZeroHash)).wait();
      const deadline = BigInt(await networkHelpers.time.latest()) + 600n;
      const message = { batchId: 1n, holderId: ids.farm, receiverId: ids.mill, where: HERE, nonce: 0n, deadline };
      const signature = await signAccept(accounts.mill, supplyChain, message);
      await expect(supplyChain.acceptBySig(1n, HERE, deadline, signature))
        .to.be.revertedWithCustomError(supplyChain, "SupplyReceiverInvalid")
        .withArgs(ids.mill);
    });
  });

  describe("split, merge, transform under the mass balance", function () {
    it("splits into children with carbon pro rata; the parent is consumed", async function () {
      const { supplyChain, accounts, ids } = await networkHelpers.loadFixture(supplyFixture);
      const farm = supplyChain.connect(accounts.farm);
      await expect(farm.split(1n, [3_000n, 6_000n], HERE))
        .to.emit(supplyChain, "BatchesTransformed")
        .withArgs(ids.farm, 2n, 1n, [1n], 2n, FACTOR_ONE, 0n, HERE);
      expect((await supplyChain.batch(1n)).status).to.equal(2n);
      expect(await supplyChain.embeddedEmissions(2n)).to.equal(666_666n);
      expect(await supplyChain.embeddedEmissions(3n)).to.equal(1_333_334n);
      expect(await supplyChain.childrenOf(1n, 0n, 10n)).to.deep.equal([2n, 3n]);
      expect(await supplyChain.childrenOf(1n, 1n, 1n)).to.deep.equal([3n]);
      expect(await supplyChain.childrenOf(1n, 5n, 1n)).to.deep.equal([]);
      expect(await supplyChain.parentsOf(3n, 0n, 10n)).to.deep.equal([1n]);
      expect((await supplyChain.batch(3n)).lineagePaths).to.equal(1n);
      await expect(farm.offer(1n, ids.mill, HERE))
        .to.be.revertedWithCustomError(supplyChain, "SupplyBatchConsumed")
        .withArgs(1n);
    });

    it("refuses a split beyond the mass balance, with too few or too many outputs, or a zero output", async function () {
      const { supplyChain, accounts, ids } = await networkHelpers.loadFixture(supplyFixture);
      const farm = supplyChain.connect(accounts.farm);
      await expect(farm.split(1n, [5_000n, 5_001n], HERE))
        .to.be.revertedWithCustomError(supplyChain, "SupplyMassBalanceExceeded")
        .withArgs(10_001n, 10_000n);
      await expect(farm.split(1n, [1n], HERE))
        .to.be.revertedWithCustomError(supplyChain, "SupplyCountInvalid")
        .withArgs(1n, 2n, 8n);
      await expect(farm.split(1n, Array(9).fill(1n), HERE)).to.be.revertedWithCustomError(
        supplyChain,
        "SupplyCountInvalid",
      );
      await expect(farm.split(1n, [0n, 1n], HERE)).to.be.revertedWithCustomError(supplyChain, "SupplyQuantityZero");
      await expect(supplyChain.connect(accounts.mill).split(1n, [1n, 1n], HERE))
        .to.be.revertedWithCustomError(supplyChain, "SupplyInputNotHeld")
        .withArgs(1n, ids.farm);
      await (await farm.offer(1n, ids.mill, HERE)).wait();
      await expect(farm.split(1n, [1n, 1n], HERE))
        .to.be.revertedWithCustomError(supplyChain, "SupplyOfferPending")
        .withArgs(1n, ids.mill);
      expect((await supplyChain.batch(1n)).status).to.equal(1n);
    });

    it("merges lots of one unit held by the caller; refuses other units, duplicates and others' lots", async function () {
      const { supplyChain, accounts, ids } = await networkHelpers.loadFixture(supplyFixture);
      const farm = supplyChain.connect(accounts.farm);
      await (await farm.createBatch(wheat(5_000n, 1_000n), HERE)).wait(); // 2
      await (await farm.createBatch({ ...wheat(), unit: Unit.TONNE }, HERE)).wait(); // 3
      await expect(farm.merge([1n, 3n], HERE))
        .to.be.revertedWithCustomError(supplyChain, "SupplyInputsIncompatible")
        .withArgs(3n);
      await expect(farm.merge([1n, 1n], HERE))
        .to.be.revertedWithCustomError(supplyChain, "SupplyBatchConsumed")
        .withArgs(1n);
      await expect(farm.merge([1n], HERE)).to.be.revertedWithCustomError(supplyChain, "SupplyCountInvalid");
      await expect(farm.merge([1n, 2n, 3n, 1n, 2n], HERE)).to.be.revertedWithCustomError(
        supplyChain,
        "SupplyCountInvalid",
      );
      const output = await firstOutputOf(supplyChain, farm.merge([1n, 2n], HERE));
      expect(output).to.equal(4n);
      const b = await supplyChain.batch(4n);
      expect([b.quantity, b.co2eGrams, b.parentCount, b.lineagePaths]).to.deep.equal([15_000n, 2_001_000n, 2n, 2n]);
      expect(await supplyChain.parentsOf(4n, 0n, 10n)).to.deep.equal([1n, 2n]);
      expect(await supplyChain.parentsOf(4n, 1n, 10n)).to.deep.equal([2n]);
      expect(await supplyChain.childrenOf(2n, 0n, 10n)).to.deep.equal([4n]);
      await (await farm.createBatch(wheat(), HERE)).wait(); // 5
      await expect(supplyChain.connect(accounts.mill).merge([5n, 4n], HERE))
        .to.be.revertedWithCustomError(supplyChain, "SupplyInputNotHeld")
        .withArgs(5n, ids.farm);
      await expect(supplyChain.connect(accounts.alice).merge([5n, 4n], HERE))
        .to.be.revertedWithCustomError(supplyChain, "SupplyNotProducer")
        .withArgs(accounts.alice.address);
    });

    it("transforms with a declared factor and process emissions spread over the outputs", async function () {
      const { supplyChain, ids } = await networkHelpers.loadFixture(milledFixture);
      const [flour, bran] = [await supplyChain.batch(2n), await supplyChain.batch(3n)];
      expect([flour.holder, flour.producer, flour.quantity, flour.parentCount]).to.deep.equal([
        ids.mill,
        ids.mill,
        7_000n,
        1n,
      ]);
      expect(flour.co2eGrams + bran.co2eGrams).to.equal(2_400_000n);
      expect(flour.co2eGrams).to.equal(2_100_000n);
      expect(bran.quantity).to.equal(1_000n);
      expect(flour.recordCommitment).to.not.equal(ZeroHash);
    });

    it("refuses a transform beyond inputs x factor, a bad factor, unit, product or count", async function () {
      const { supplyChain, accounts } = await networkHelpers.loadFixture(supplyFixture);
      const farm = supplyChain.connect(accounts.farm);
      const out = [transformOutput("flour", 8_001n)];
      await expect(farm.transform([1n], out, Unit.KILOGRAM, 8_000, 0n, HERE))
        .to.be.revertedWithCustomError(supplyChain, "SupplyMassBalanceExceeded")
        .withArgs(8_001n, 8_000n);
      for (const factor of [0, 50_001]) {
        await expect(farm.transform([1n], out, Unit.KILOGRAM, factor, 0n, HERE))
          .to.be.revertedWithCustomError(supplyChain, "SupplyFactorInvalid")
          .withArgs(factor);
      }
      await expect(farm.transform([1n], out, 0, 8_000, 0n, HERE)).to.be.revertedWithCustomError(
        supplyChain,
        "SupplyUnitInvalid",
      );
      await expect(
        farm.transform([1n], [{ ...out[0], productType: ZeroHash }], Unit.KILOGRAM, 9_000, 0n, HERE),
      ).to.be.revertedWithCustomError(supplyChain, "SupplyProductTypeEmpty");
      await expect(farm.transform([], out, Unit.KILOGRAM, 9_000, 0n, HERE)).to.be.revertedWithCustomError(
        supplyChain,
        "SupplyCountInvalid",
      );
      await expect(farm.transform([1n], [], Unit.KILOGRAM, 9_000, 0n, HERE)).to.be.revertedWithCustomError(
        supplyChain,
        "SupplyCountInvalid",
      );
      expect((await supplyChain.batch(1n)).status).to.equal(1n);
    });

    it("caps a batch's lineage at MAX_LINEAGE_PATHS", async function () {
      const { supplyChain, accounts } = await networkHelpers.loadFixture(supplyFixture);
      const farm = supplyChain.connect(accounts.farm);
      await (await farm.split(1n, Array(8).fill(1_000n), HERE)).wait(); // 2..9, 1 path each
      await (await farm.merge([2n, 3n, 4n, 5n], HERE)).wait(); // 10: 8 paths
      await (await farm.split(10n, Array(8).fill(500n), HERE)).wait(); // 11..18: 9 paths
      await (await farm.merge([11n, 12n, 13n, 14n], HERE)).wait(); // 19: 40 paths
      await (await farm.split(19n, [1_000n, 1_000n], HERE)).wait(); // 20, 21: 41 paths
      await expect(farm.merge([20n, 21n], HERE))
        .to.be.revertedWithCustomError(supplyChain, "SupplyLineageTooLong")
        .withArgs(84n, 64n);
    });
  });

  describe("recalls through the lineage", function () {
    it("the producer's recall flags every descendant and blocks offers, acceptances and transforms", async function () {
      const { supplyChain, accounts, ids } = await networkHelpers.loadFixture(milledFixture);
      const { farm, mill } = accounts;
      await (await supplyChain.connect(mill).offer(3n, ids.shop, HERE)).wait();
      await expect(supplyChain.connect(farm).recall(1n, ZeroHash))
        .to.emit(supplyChain, "BatchRecalled")
        .withArgs(1n, ids.farm, farm.address, ZeroHash, 1n);
      for (const id of [1n, 2n, 3n]) expect(await supplyChain.isRecalled(id)).to.equal(true);
      await expect(supplyChain.connect(mill).offer(2n, ids.bakery, HERE))
        .to.be.revertedWithCustomError(supplyChain, "SupplyBatchRecalled")
        .withArgs(2n);
      await expect(supplyChain.connect(accounts.shop).accept(3n, HERE))
        .to.be.revertedWithCustomError(supplyChain, "SupplyBatchRecalled")
        .withArgs(3n);
      await expect(supplyChain.connect(mill).split(2n, [1n, 1n], HERE))
        .to.be.revertedWithCustomError(supplyChain, "SupplyBatchRecalled")
        .withArgs(2n);
      await expect(
        supplyChain.connect(mill).transform([2n], [transformOutput("bread", 1n)], Unit.PIECE, 10_000, 0n, HERE),
      )
        .to.be.revertedWithCustomError(supplyChain, "SupplyBatchRecalled")
        .withArgs(2n);
      await expect(supplyChain.connect(mill).withdrawOffer(3n)).to.emit(supplyChain, "OfferWithdrawn");
      await expect(supplyChain.connect(mill).recall(2n, ZeroHash))
        .to.be.revertedWithCustomError(supplyChain, "SupplyAlreadyRecalled")
        .withArgs(2n);
    });

    it("the food-safety authority recalls any batch; strangers and other producers cannot", async function () {
      const { supplyChain, accounts, ids } = await networkHelpers.loadFixture(milledFixture);
      await expect(supplyChain.connect(accounts.mill).recall(1n, ZeroHash))
        .to.be.revertedWithCustomError(supplyChain, "SupplyCallerNotParty")
        .withArgs(ids.farm, accounts.mill.address);
      const reason = ethers.id("salmonella");
      await expect(supplyChain.connect(accounts.foodSafety).recallByAuthority(2n, reason))
        .to.emit(supplyChain, "BatchRecalled")
        .withArgs(2n, 0n, accounts.foodSafety.address, reason, 1n);
      expect(await supplyChain.isRecalled(2n)).to.equal(true);
      expect(await supplyChain.isRecalled(3n)).to.equal(false);
      expect(await supplyChain.isRecalled(1n)).to.equal(false);
      await expect(supplyChain.connect(accounts.foodSafety).recallByAuthority(2n, reason))
        .to.be.revertedWithCustomError(supplyChain, "SupplyAlreadyRecalled")
        .withArgs(2n);
      expect(await supplyChain.recallEpoch()).to.equal(1n);
    });

    it("reaches a batch 10 generations down, and an unrelated recall flags nothing", async function () {
      const { supplyChain, accounts } = await networkHelpers.loadFixture(supplyFixture);
      const farm = supplyChain.connect(accounts.farm);
      let current = 1n;
      let quantity = 10_000n;
      for (let generation = 0; generation < 10; generation++) {
        quantity /= 2n;
        current = await firstOutputOf(supplyChain, farm.split(current, [quantity, quantity], HERE));
      }
      expect((await supplyChain.batch(current)).lineagePaths).to.equal(10n);
      await (await farm.createBatch(wheat(), HERE)).wait();
      const other = await supplyChain.batchCount();
      await (await farm.recall(other, ZeroHash)).wait();
      expect(await supplyChain.isRecalled(current)).to.equal(false);
      await (await farm.recall(1n, ZeroHash)).wait();
      expect(await supplyChain.isRecalled(current)).to.equal(true);
      expect(await supplyChain.isRecalled(current + 1n)).to.equal(true);
    });
  });

  describe("key recovery", function () {
    it("a recovered holder keeps custody and its offers; the old key can do nothing", async function () {
      const city = await networkHelpers.loadFixture(supplyFixture);
      const { supplyChain, accounts, ids } = city;
      const newKey = ethers.Wallet.createRandom().connect(ethers.provider);
      await (await accounts.admin.sendTransaction({ to: newKey.address, value: ethers.parseEther("1") })).wait();
      await (await supplyChain.connect(accounts.farm).offer(1n, ids.mill, HERE)).wait();
      await recoverIdentity(connection, city, ids.farm, accounts.farm, newKey.address);
      expect((await supplyChain.batch(1n)).holder).to.equal(ids.farm);
      for (const call of [
        supplyChain.connect(accounts.farm).withdrawOffer(1n),
        supplyChain.connect(accounts.farm).recall(1n, ZeroHash),
      ]) {
        await expect(call)
          .to.be.revertedWithCustomError(supplyChain, "SupplyCallerNotParty")
          .withArgs(ids.farm, accounts.farm.address);
      }
      await expect(supplyChain.connect(accounts.farm).createBatch(wheat(), HERE)).to.be.revertedWithCustomError(
        supplyChain,
        "SupplyNotProducer",
      );
      await (await supplyChain.connect(newKey).withdrawOffer(1n)).wait();
      await (await supplyChain.connect(newKey).split(1n, [1n, 1n], HERE)).wait();
      expect((await supplyChain.batch(2n)).holder).to.equal(ids.farm);
      await (await supplyChain.connect(newKey).recall(2n, ZeroHash)).wait();
    });
  });

  shouldRejectUnauthorized(async () => {
    const city = await networkHelpers.loadFixture(supplyFixture);
    return {
      contracts: { SupplyChain: city.supplyChain, SupplyInspections: city.supplyInspections },
      manager: city.manager,
      stranger: city.accounts.mallory,
    };
  }, ["SupplyChain", "SupplyInspections"]);
});
