import { expect } from "chai";

import { clearMarket, priceRange, type EngineOrder } from "../../src/energy/index.js";
import { registerResident } from "../identity/helpers.js";
import { addMeter, deployEnergyCity, FEEDER, TOKENS } from "./fixtures.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

const ROUNDS = 12;

/** A small deterministic PRNG (mulberry32), so a failing book can be replayed from its seed. */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * n;
  };
}

/** The naive reference: the largest volume any uniform price allows, min(demand(p), supply(p), capacity). */
function referenceVolume(bids: EngineOrder[], asks: EngineOrder[], capacity: bigint): bigint {
  let best = 0n;
  for (const p of [...bids, ...asks].map((o) => o.price)) {
    const demand = bids.filter((o) => o.price >= p).reduce((s, o) => s + o.quantityWh, 0n);
    const supply = asks.filter((o) => o.price <= p).reduce((s, o) => s + o.quantityWh, 0n);
    const v = [demand, supply, capacity].reduce((x, y) => (x < y ? x : y));
    if (v > best) best = v;
  }
  return best;
}

/** The naive reference of the contract's rules, order by order (no running extremes). */
function referenceValid(bids: EngineOrder[], asks: EngineOrder[], capacity: bigint, price: bigint, fills: bigint[]) {
  if (fills.some((f) => f < 0n)) return false;
  const bf = fills.slice(0, bids.length);
  const af = fills.slice(bids.length);
  if (bids.some((o, i) => bf[i] > o.quantityWh) || asks.some((o, j) => af[j] > o.quantityWh)) return false;
  const volume = bf.reduce((s, f) => s + f, 0n);
  if (volume !== af.reduce((s, f) => s + f, 0n) || volume > capacity) return false;
  if (bids.some((o, i) => bf[i] > 0n && o.price < price) || asks.some((o, j) => af[j] > 0n && o.price > price))
    return false;
  for (const [o, i] of bids.map((o, i) => [o, i] as const)) {
    if (bf[i] < o.quantityWh && bids.some((q, k) => bf[k] > 0n && q.price < o.price)) return false;
  }
  for (const [o, j] of asks.map((o, j) => [o, j] as const)) {
    if (af[j] < o.quantityWh && asks.some((q, k) => af[k] > 0n && q.price > o.price)) return false;
  }
  if (volume < capacity) {
    for (const [b, i] of bids.map((o, i) => [o, i] as const)) {
      if (bf[i] < b.quantityWh && b.price > price) return false;
      for (const [a, j] of asks.map((o, j) => [o, j] as const)) {
        if (bf[i] < b.quantityWh && af[j] < a.quantityWh && b.price > a.price) return false;
      }
    }
    if (asks.some((o, j) => af[j] < o.quantityWh && o.price < price)) return false;
  }
  return true;
}

/** Six sellers (one ask each) and three buyers (up to four bids each) on feeder 1. */
async function fuzzFixture() {
  const city = await deployEnergyCity(connection);
  const { energyMarket: market, token, accounts } = city;
  const extra = [];
  for (let n = 0; n < 4; n++) {
    const wallet = ethers.Wallet.createRandom().connect(ethers.provider);
    await networkHelpers.setBalance(wallet.address, 10n ** 20n);
    const identityId = await registerResident(city, wallet, `FUZZ-${n}`);
    const meter = await addMeter(city, identityId, FEEDER, n % 2 === 0);
    await token.connect(accounts.treasurer).mint(wallet.address, TOKENS);
    await token.connect(wallet).approve(await market.getAddress(), TOKENS);
    extra.push({ wallet, meter });
  }
  const sellers = [
    { wallet: accounts.alice, meter: city.meters.alice },
    { wallet: accounts.dave, meter: city.meters.dave },
    { wallet: accounts.erin, meter: city.meters.erin },
    ...extra.slice(0, 3),
  ];
  const buyers = [
    { wallet: accounts.bob, meter: city.meters.bob },
    { wallet: accounts.carol, meter: city.meters.carol },
    extra[3],
  ];
  // one book per round, each in its own interval, all placed before the first gate closes
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    const rand = prng(1_000 + r);
    const interval = city.interval + BigInt(r) * 900n;
    const bids: EngineOrder[] = [];
    const asks: EngineOrder[] = [];
    const priceSpan = 2 + Math.floor(rand(8)); // narrow spans make ties (margins) common
    for (const s of sellers.slice(0, 1 + Math.floor(rand(sellers.length)))) {
      const order = { quantityWh: BigInt(1 + Math.floor(rand(5_000))), price: BigInt(1 + Math.floor(rand(priceSpan))) };
      await market.connect(s.wallet).placeAsk(interval, s.meter.id, order.quantityWh, order.price);
      asks.push(order);
    }
    const bidCount = 1 + Math.floor(rand(12));
    for (let k = 0; k < bidCount; k++) {
      const b = buyers[k % 3];
      const order = { quantityWh: BigInt(1 + Math.floor(rand(5_000))), price: BigInt(1 + Math.floor(rand(priceSpan))) };
      await market.connect(b.wallet).placeBid(interval, b.meter.id, order.quantityWh, order.price);
      bids.push(order);
    }
    const total = asks.reduce((s, o) => s + o.quantityWh, 0n);
    const capacity = rand(3) < 1 ? BigInt(Math.floor(rand(Number(total)))) : 10n ** 9n; // a third bind
    rounds.push({ interval, bids, asks, capacity, rand });
  }
  await networkHelpers.time.increaseTo(city.interval - 300n);
  return { ...city, rounds };
}

describe("Energy clearing, fuzzed", function () {
  it(`the engine matches the naive reference on ${ROUNDS} random books; the contract accepts it and rejects every mutation`, async function () {
    const { energyMarket: market, accounts, rounds } = await networkHelpers.loadFixture(fuzzFixture);
    const submit = (interval: bigint, price: bigint, fills: bigint[]) =>
      market.submitClearing(interval, FEEDER, price, fills);
    let challenged = 0;
    for (const { interval, bids, asks, capacity, rand } of rounds) {
      if (BigInt(await networkHelpers.time.latest()) < interval - 300n)
        await networkHelpers.time.increaseTo(interval - 300n);
      await market.connect(accounts.gridOperator).setFeederCapacity(FEEDER, capacity);
      const engine = clearMarket(bids, asks, capacity);
      expect(engine.volumeWh).to.equal(referenceVolume(bids, asks, capacity));
      expect(referenceValid(bids, asks, capacity, engine.price, engine.fills)).to.equal(true);

      // price moved out of the range the rules allow
      const { low, high } = priceRange(bids, asks, engine.fills, capacity);
      if (low > 0n) await expect(submit(interval, low - 1n, engine.fills)).to.be.revert(ethers);
      if (high < 2n ** 64n - 1n) await expect(submit(interval, high + 1n, engine.fills)).to.be.revert(ethers);
      // a fill changed (up where it fits, else down): the energy no longer balances
      const k = Math.floor(rand(engine.fills.length));
      const limit = k < bids.length ? bids[k].quantityWh : asks[k - bids.length].quantityWh;
      const changed = [...engine.fills];
      changed[k] += changed[k] < limit ? 1n : -1n;
      await expect(submit(interval, engine.price, changed)).to.be.revert(ethers);
      // a trade dropped: a filled bid and a filled ask both lose the same energy
      const b = engine.fills.findIndex((f, i) => i < bids.length && f > 0n);
      const a = engine.fills.findIndex((f, i) => i >= bids.length && f > 0n);
      if (b >= 0 && a >= 0) {
        const dropped = [...engine.fills];
        const cut = dropped[b] < dropped[a] ? dropped[b] : dropped[a];
        dropped[b] -= cut;
        dropped[a] -= cut;
        if (referenceValid(bids, asks, capacity, engine.price, dropped)) {
          // only orders at the margin can be left out validly: a challenge with the engine's result wins
          await submit(interval, engine.price, dropped);
          await expect(market.challengeClearing(interval, FEEDER, engine.price, engine.fills)).to.emit(
            market,
            "ClearingProposed",
          );
          challenged++;
          continue;
        }
        await expect(submit(interval, engine.price, dropped)).to.be.revert(ethers);
      }
      await expect(submit(interval, engine.price, engine.fills)).to.emit(market, "ClearingProposed");
      expect((await market.market(interval, FEEDER)).volumeWh).to.equal(engine.volumeWh);
    }
    expect(challenged).to.be.lessThan(ROUNDS);
  });
});
