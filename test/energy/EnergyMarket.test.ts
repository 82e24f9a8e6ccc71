import { expect } from "chai";

import { fillsHash, MarketStatus } from "../../src/energy/index.js";
import { reason, registerResident } from "../identity/helpers.js";
import {
  addMeter,
  CAPACITY,
  deployEnergyCity,
  engineClearing,
  FEEDER,
  FEEDER_2,
  submitReading,
  TOKENS,
  type EnergyCity,
} from "./fixtures.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;

async function energyFixture() {
  return deployEnergyCity(connection);
}

/** alice asks 10,000 Wh at >= 3, dave 5,000 at >= 6; bob bids 8,000 at <= 10, carol 6,000 at <= 5. */
async function bookFixture() {
  const city = await deployEnergyCity(connection);
  const { energyMarket: market, accounts, meters, interval } = city;
  await market.connect(accounts.alice).placeAsk(interval, meters.alice.id, 10_000, 3);
  await market.connect(accounts.dave).placeAsk(interval, meters.dave.id, 5_000, 6);
  await market.connect(accounts.bob).placeBid(interval, meters.bob.id, 8_000, 10);
  await market.connect(accounts.carol).placeBid(interval, meters.carol.id, 6_000, 5);
  return city;
}

async function clearedFixture() {
  const city = await bookFixture();
  await time.increaseTo(city.interval - 300n);
  const clearing = await engineClearing(city, city.interval, FEEDER);
  await city.energyMarket
    .connect(city.accounts.mallory)
    .submitClearing(city.interval, FEEDER, clearing.price, clearing.fills);
  return { ...city, clearing };
}

async function conserved(city: EnergyCity) {
  const [locked, credited] = await city.energyMarket.totals();
  expect(await city.token.balanceOf(await city.energyMarket.getAddress())).to.equal(locked + credited);
}

describe("Energy market", function () {
  describe("orders", function () {
    it("a bid locks its maximum cost; an ask locks nothing; both are keyed by identity", async function () {
      const city = await networkHelpers.loadFixture(energyFixture);
      const { energyMarket: market, token, accounts, meters, ids, interval } = city;
      await expect(market.connect(accounts.bob).placeBid(interval, meters.bob.id, 8_000, 10))
        .to.emit(market, "BidPlaced")
        .withArgs(interval, FEEDER, ids.bob, 0n, meters.bob.id, 8_000, 10, 80_000n);
      expect(await token.balanceOf(accounts.bob.address)).to.equal(TOKENS - 80_000n);
      await expect(market.connect(accounts.alice).placeAsk(interval, meters.alice.id, 1_000, 3))
        .to.emit(market, "AskPlaced")
        .withArgs(interval, FEEDER, ids.alice, 0n, meters.alice.id, 1_000, 3);
      const bid = await market.bid(interval, FEEDER, 0n);
      expect(bid.identityId).to.equal(ids.bob);
      expect((await market.ask(interval, FEEDER, 0n)).green).to.equal(true);
      expect((await market.market(interval, FEEDER)).lengthSeconds).to.equal(900n);
      expect((await market.totals())[0]).to.equal(80_000n);
      await conserved(city);
    });

    it("refuses bad orders with named errors", async function () {
      const city = await networkHelpers.loadFixture(energyFixture);
      const { energyMarket: market, accounts, meters, ids, interval } = city;
      const { alice, bob, mallory } = accounts;
      await expect(market.connect(bob).placeBid(interval, meters.bob.id, 0, 10))
        .to.be.revertedWithCustomError(market, "EnergyOrderInvalid")
        .withArgs(0, 10);
      await expect(market.connect(bob).placeBid(interval, meters.bob.id, 10, 0)).to.be.revertedWithCustomError(
        market,
        "EnergyOrderInvalid",
      );
      await expect(market.connect(mallory).placeBid(interval, meters.bob.id, 10, 10))
        .to.be.revertedWithCustomError(market, "EnergyCallerNotIdentity")
        .withArgs(mallory.address, 0n);
      await expect(market.connect(bob).placeBid(interval, meters.alice.id, 10, 10))
        .to.be.revertedWithCustomError(market, "EnergyMeterNotUsable")
        .withArgs(meters.alice.id, ids.bob);
      await expect(market.connect(bob).placeBid(interval, 999n, 10, 10))
        .to.be.revertedWithCustomError(market, "EnergyMeterNotUsable")
        .withArgs(999n, ids.bob);
      await expect(market.connect(bob).placeBid(interval + 1n, meters.bob.id, 10, 10))
        .to.be.revertedWithCustomError(market, "EnergyIntervalInvalid")
        .withArgs(interval + 1n);
      // self-trade: an identity is a buyer or a seller in an interval, never both
      await market.connect(alice).placeAsk(interval, meters.alice.id, 10, 3);
      await expect(market.connect(alice).placeBid(interval, meters.alice.id, 10, 10))
        .to.be.revertedWithCustomError(market, "EnergySelfTrade")
        .withArgs(interval, ids.alice);
      await expect(market.connect(alice).placeAsk(interval, meters.alice.id, 10, 3))
        .to.be.revertedWithCustomError(market, "EnergyIdentityCapReached")
        .withArgs(interval, ids.alice);
      for (let i = 0; i < 4; i++) await market.connect(bob).placeBid(interval, meters.bob.id, 10, 10);
      await expect(market.connect(bob).placeBid(interval, meters.bob.id, 10, 10))
        .to.be.revertedWithCustomError(market, "EnergyIdentityCapReached")
        .withArgs(interval, ids.bob);
      await expect(market.connect(bob).placeAsk(interval, meters.bob.id, 10, 3))
        .to.be.revertedWithCustomError(market, "EnergySelfTrade")
        .withArgs(interval, ids.bob);
      // gate closure: 300 s before the interval starts
      await time.increaseTo(interval - 300n);
      await expect(market.connect(accounts.carol).placeBid(interval, meters.carol.id, 10, 10))
        .to.be.revertedWithCustomError(market, "EnergyGateClosed")
        .withArgs(interval, interval - 300n);
      await conserved(city);
    });

    it("a meter whose owner is suspended cannot trade, and the book bound holds", async function () {
      const city = await networkHelpers.loadFixture(energyFixture);
      const { energyMarket: market, identity, accounts, meters, ids, interval } = city;
      await identity.connect(accounts.registrar).suspend(ids.carol, reason("audit"));
      await expect(market.connect(accounts.carol).placeBid(interval, meters.carol.id, 10, 10))
        .to.be.revertedWithCustomError(market, "EnergyMeterNotUsable")
        .withArgs(meters.carol.id, ids.carol);
      // 16 buyers x 4 bids fill the 64-bid book; the 65th is refused (one identity holds at most 4).
      for (let n = 0; n < 16; n++) {
        const wallet = ethers.Wallet.createRandom().connect(ethers.provider);
        await networkHelpers.setBalance(wallet.address, 10n ** 20n);
        const buyer = await registerResident(city, wallet, `BUYER-${n}`);
        const meter = await addMeter(city, buyer, FEEDER_2);
        await city.token.connect(accounts.treasurer).mint(wallet.address, 1_000n);
        await city.token.connect(wallet).approve(await market.getAddress(), 1_000n);
        for (let k = 0; k < 4; k++) await market.connect(wallet).placeBid(interval, meter.id, 1, 1);
      }
      expect((await market.market(interval, FEEDER_2)).bidCount).to.equal(64n);
      const late = await addMeter(city, ids.bob, FEEDER_2);
      await expect(market.connect(accounts.bob).placeBid(interval, late.id, 1, 1))
        .to.be.revertedWithCustomError(market, "EnergyBookFull")
        .withArgs(interval, FEEDER_2);
    });
  });

  describe("clearing", function () {
    it("accepts the engine's clearing from anyone after gate closure, and only once", async function () {
      const city = await networkHelpers.loadFixture(bookFixture);
      const { energyMarket: market, accounts, interval } = city;
      const clearing = await engineClearing(city, interval, FEEDER);
      expect(clearing.price).to.equal(5n);
      expect(clearing.fills).to.deep.equal([8_000n, 2_000n, 10_000n, 0n]);
      await expect(market.connect(accounts.mallory).submitClearing(interval, FEEDER, clearing.price, clearing.fills))
        .to.be.revertedWithCustomError(market, "EnergyGateOpen")
        .withArgs(interval, interval - 300n);
      await time.increaseTo(interval - 300n);
      await expect(market.connect(accounts.mallory).submitClearing(interval, FEEDER, clearing.price, clearing.fills))
        .to.emit(market, "ClearingProposed")
        .withArgs(interval, FEEDER, accounts.mallory.address, 5n, 10_000n, fillsHash(5n, clearing.fills), false);
      const m = await market.market(interval, FEEDER);
      expect(m.status).to.equal(MarketStatus.Proposed);
      expect(m.volumeWh).to.equal(10_000n);
      await expect(market.submitClearing(interval, FEEDER, clearing.price, clearing.fills))
        .to.be.revertedWithCustomError(market, "EnergyMarketStatus")
        .withArgs(interval, FEEDER, MarketStatus.Proposed);
      await expect(market.submitClearing(interval, FEEDER_2, 0, []))
        .to.be.revertedWithCustomError(market, "EnergyMarketEmpty")
        .withArgs(interval, FEEDER_2);
    });

    it("rejects each broken rule with its error", async function () {
      const city = await networkHelpers.loadFixture(bookFixture);
      const { energyMarket: market, accounts, interval } = city;
      await time.increaseTo(interval - 300n);
      const submit = (price: bigint, fills: bigint[]) => market.submitClearing(interval, FEEDER, price, fills);
      await expect(submit(5n, [8_000n, 2_000n, 10_000n]))
        .to.be.revertedWithCustomError(market, "EnergyFillCount")
        .withArgs(3n, 4n);
      await expect(submit(5n, [9_000n, 1_000n, 10_000n, 0n]))
        .to.be.revertedWithCustomError(market, "EnergyFillExceedsOrder")
        .withArgs(0n, 9_000n, 8_000n);
      await expect(submit(6n, [8_000n, 2_000n, 10_000n, 0n]))
        .to.be.revertedWithCustomError(market, "EnergyPriceRuleViolated")
        .withArgs(1n, 5n, 6n); // carol's filled bid (max 5) below the price
      await expect(submit(5n, [8_000n, 2_000n, 9_000n, 0n]))
        .to.be.revertedWithCustomError(market, "EnergyUnbalanced")
        .withArgs(10_000n, 9_000n);
      await expect(submit(5n, [8_000n, 0n, 8_000n, 0n]))
        .to.be.revertedWithCustomError(market, "EnergyMissedTrade")
        .withArgs(5n, 3n); // carol (5) and alice (3) could still trade
      await expect(submit(6n, [8_000n, 0n, 3_000n, 5_000n]))
        .to.be.revertedWithCustomError(market, "EnergyMeritOrderViolated")
        .withArgs(3n, 6n); // dave's dearer ask filled while alice's cheaper one remains
      await market.connect(accounts.gridOperator).setFeederCapacity(FEEDER, 9_000n);
      await expect(submit(5n, [8_000n, 2_000n, 10_000n, 0n]))
        .to.be.revertedWithCustomError(market, "EnergyFeederOverCapacity")
        .withArgs(FEEDER, 10_000n, 9_000n);
      // at capacity the cheapest asks and dearest bids trade, and the price only has to suit the filled orders
      const capped = await engineClearing(city, interval, FEEDER);
      expect(capped.fills).to.deep.equal([8_000n, 1_000n, 9_000n, 0n]);
      await expect(submit(capped.price, capped.fills)).to.emit(market, "ClearingProposed");
    });

    it("a challenge that trades more replaces a clearing that left the margin unfilled; less or late is refused", async function () {
      const city = await networkHelpers.loadFixture(energyFixture);
      const { energyMarket: market, accounts, meters, interval } = city;
      await market.connect(accounts.alice).placeAsk(interval, meters.alice.id, 1_000, 5);
      await market.connect(accounts.bob).placeBid(interval, meters.bob.id, 1_000, 5);
      await time.increaseTo(interval - 300n);
      await expect(market.submitClearing(interval, FEEDER, 6n, [0n, 0n]))
        .to.be.revertedWithCustomError(market, "EnergyPriceRuleViolated")
        .withArgs(1n, 5n, 6n); // alice's unfilled ask (min 5) would sell at 6
      await expect(market.submitClearing(interval, FEEDER, 4n, [0n, 0n]))
        .to.be.revertedWithCustomError(market, "EnergyPriceRuleViolated")
        .withArgs(0n, 5n, 4n); // bob's unfilled bid (max 5) would buy at 4
      await market.connect(accounts.mallory).submitClearing(interval, FEEDER, 5n, [0n, 0n]); // valid, trades nothing
      const engine = await engineClearing(city, interval, FEEDER);
      await expect(market.connect(accounts.mallory).challengeClearing(interval, FEEDER, 5n, [0n, 0n]))
        .to.be.revertedWithCustomError(market, "EnergyChallengeNotMoreVolume")
        .withArgs(0n, 0n);
      await expect(market.connect(accounts.erin).challengeClearing(interval, FEEDER, engine.price, engine.fills))
        .to.emit(market, "ClearingProposed")
        .withArgs(interval, FEEDER, accounts.erin.address, 5n, 1_000n, fillsHash(5n, engine.fills), true);
      await time.increase(301n);
      await expect(
        market.challengeClearing(interval, FEEDER, engine.price, engine.fills),
      ).to.be.revertedWithCustomError(market, "EnergyChallengeClosed");
      await expect(market.challengeClearing(interval, FEEDER_2, 0n, [])).to.be.revertedWithCustomError(
        market,
        "EnergyMarketStatus",
      );
    });
  });

  describe("settlement", function () {
    it("pays delivered energy, refunds and penalises a shortfall, pays the operator's fee, credits green energy", async function () {
      const city = await networkHelpers.loadFixture(clearedFixture);
      const {
        energyMarket: market,
        energyCertificates: certificates,
        token,
        accounts,
        meters,
        ids,
        interval,
        clearing,
        operatorId,
      } = city;
      await expect(market.settle(interval, FEEDER, clearing.fills)).to.be.revertedWithCustomError(
        market,
        "EnergyClearingNotFinal",
      );
      await time.increaseTo(interval + 60n);
      await submitReading(city, meters.alice, interval, 7_000n, 0n, accounts.mallory); // sold 10,000
      await submitReading(city, meters.bob, interval, 0n, 8_000n, accounts.mallory);
      await expect(market.settle(interval, FEEDER, clearing.fills))
        .to.be.revertedWithCustomError(market, "EnergySettlementTooEarly")
        .withArgs(interval, interval + 1_800n);
      await time.increaseTo(interval + 1_800n);
      await expect(market.settle(interval, FEEDER, [8_000n, 2_000n, 9_000n, 1_000n])).to.be.revertedWithCustomError(
        market,
        "EnergyFillsMismatch",
      );
      await expect(market.settle(interval, FEEDER, clearing.fills))
        .to.emit(market, "SellerSettled")
        .withArgs(interval, FEEDER, ids.alice, 7_000n, 3_000n, 21_000n, 15_000n)
        .and.to.emit(market, "BuyerSettled")
        .withArgs(interval, FEEDER, ids.bob, 5_600n, 5_600n, 28_000n, 52_000n)
        .and.to.emit(market, "BuyerSettled")
        .withArgs(interval, FEEDER, ids.carol, 1_400n, 1_400n, 7_000n, 23_000n)
        .and.to.emit(market, "MarketSettled")
        .withArgs(interval, FEEDER, 7_000n, 7_000n, 35_000n, 14_000n, 15_000n);
      expect(await market.balanceOf(ids.alice)).to.equal(6_000n);
      expect(await market.balanceOf(ids.bob)).to.equal(52_000n);
      expect(await market.balanceOf(ids.carol)).to.equal(23_000n);
      expect(await market.balanceOf(operatorId)).to.equal(29_000n);
      expect(await market.totals()).to.deep.equal([0n, 110_000n]);
      await conserved(city);
      await expect(market.settle(interval, FEEDER, clearing.fills))
        .to.be.revertedWithCustomError(market, "EnergyMarketStatus")
        .withArgs(interval, FEEDER, MarketStatus.Settled);

      await expect(market.connect(accounts.alice).withdraw())
        .to.emit(market, "Withdrawn")
        .withArgs(ids.alice, accounts.alice.address, 6_000n);
      expect(await token.balanceOf(accounts.alice.address)).to.equal(TOKENS + 6_000n);
      await expect(market.connect(accounts.alice).withdraw())
        .to.be.revertedWithCustomError(market, "EnergyNothingToWithdraw")
        .withArgs(ids.alice);
      await expect(market.connect(accounts.mallory).withdraw()).to.be.revertedWithCustomError(
        market,
        "EnergyCallerNotIdentity",
      );
      await conserved(city);

      // certificates of origin: bob received 5,600 green Wh and claims them once
      await expect(certificates.connect(accounts.bob).claim(interval))
        .to.emit(certificates, "CertificatesClaimed")
        .withArgs(interval, ids.bob, 5_600n)
        .and.to.emit(certificates, "TransferSingle")
        .withArgs(accounts.bob.address, ethers.ZeroAddress, accounts.bob.address, interval, 5_600n);
      expect(await certificates.balanceOf(accounts.bob.address, interval)).to.equal(5_600n);
      expect(await certificates.balanceOfIdentity(ids.bob, interval)).to.equal(5_600n);
      expect(await certificates.claimed(interval, ids.bob)).to.equal(5_600n);
      await expect(certificates.connect(accounts.bob).claim(interval))
        .to.be.revertedWithCustomError(certificates, "EnergyCertificateNothingToClaim")
        .withArgs(interval, ids.bob);
      await expect(certificates.connect(accounts.mallory).claim(interval)).to.be.revertedWithCustomError(
        certificates,
        "EnergyCertificateCallerNotIdentity",
      );
    });

    it("a market cannot settle before its clearing", async function () {
      const city = await networkHelpers.loadFixture(bookFixture);
      const { energyMarket: market, interval } = city;
      await expect(market.settle(interval, FEEDER, [])).to.be.revertedWithCustomError(market, "EnergyMarketStatus");
    });
  });

  describe("grid operator settings", function () {
    it("sets capacity, config and the operator account; refuses a bad config", async function () {
      const { energyMarket: market, accounts, ids } = await networkHelpers.loadFixture(energyFixture);
      const grid = market.connect(accounts.gridOperator);
      await expect(grid.setFeederCapacity(7, 123n)).to.emit(market, "FeederCapacitySet").withArgs(7, 123n);
      expect(await market.feederCapacity(7)).to.equal(123n);
      await expect(grid.setOperatorAccount(ids.erin)).to.emit(market, "OperatorAccountSet").withArgs(ids.erin);
      expect(await market.operatorAccount()).to.equal(ids.erin);
      await expect(grid.setOperatorAccount(999n)).to.be.revertedWithCustomError(market, "EnergyCallerNotIdentity");
      const good = {
        intervalLength: 3600,
        gateClosure: 600,
        challengeWindow: 600,
        settlementDelay: 600,
        feePerWh: 1n,
        penaltyPerWh: 1n,
      };
      await expect(grid.setConfig(good)).to.emit(market, "ConfigSet");
      expect((await market.config()).intervalLength).to.equal(3600n);
      for (const bad of [
        { ...good, intervalLength: 59 },
        { ...good, intervalLength: 86_401 },
        { ...good, gateClosure: 86_401 },
        { ...good, challengeWindow: 86_401 },
        { ...good, settlementDelay: 86_401 },
      ]) {
        await expect(grid.setConfig(bad)).to.be.revertedWithCustomError(market, "EnergyConfigInvalid");
      }
      expect(CAPACITY).to.be.greaterThan(0n);
    });
  });
});
