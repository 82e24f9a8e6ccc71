import { id, Wallet } from "ethers";

import { clearMarket, nextInterval, signReading, type EngineOrder } from "../../src/energy/index.js";
import { AssuranceLevel, IdentityKind } from "../../src/identity.js";
import type { Chapter } from "./narrator.js";

/** Four 15-minute intervals stand for a day (morning, noon, afternoon, evening), so the demo stays fast. */
const SLOTS = ["morning", "noon", "afternoon", "evening"] as const;
/** kWh of solar each home exports when it sells, per slot (0: it buys instead), by home index. */
const SUN: Record<(typeof SLOTS)[number], number[]> = {
  morning: [3, 0, 2, 0, 0, 2, 0, 0, 0, 1],
  noon: [6, 5, 4, 0, 0, 0, 4, 3, 0, 0],
  afternoon: [4, 0, 3, 0, 2, 0, 0, 2, 0, 0],
  evening: [1, 0, 0, 0, 0, 0, 0, 1, 0, 0],
};
const WH = 1_000n;

/**
 * Energy trading: ten homes with rooftop solar on two feeders trade over a (compressed) day. The off-chain engine
 * clears each feeder's book and the market verifies it in one pass; the small feeder 2 hits its capacity at noon;
 * a clearing that leaves trades out is challenged and replaced; a home's meter under-delivers and is penalised;
 * buyers claim certificates of origin for the green energy they received.
 */
export const energyChapter: Chapter = async ({ connection, city, say }) => {
  const { ethers, networkHelpers } = connection;
  const { identity, energyMeters, energyMarket: market, energyCertificates, token, accounts } = city;
  const { registrar, treasurer, gridOperator, erin, mallory } = accounts;

  say.title("5. Energy trading: ten solar homes, two feeders, a day in four intervals");
  const now = BigInt(await networkHelpers.time.latest());
  const until = now + 3650n * 86_400n;
  await say.tx(
    "registrar: register the grid operator's account identity",
    identity
      .connect(registrar)
      .register(IdentityKind.Official, 3, id("demo grid operator"), id("grid record"), until, gridOperator.address),
  );
  const operatorId = await identity.identityOf(gridOperator.address);
  const grid = market.connect(gridOperator);
  await say.tx("grid operator: fees and penalties go to its identity", grid.setOperatorAccount(operatorId));
  await say.tx(
    "grid operator: 15-min intervals, fee 0.001 CITY/kWh, penalty 0.004 CITY/kWh undelivered",
    grid.setConfig({
      intervalLength: 900,
      gateClosure: 300,
      challengeWindow: 300,
      settlementDelay: 900,
      feePerWh: 1n,
      penaltyPerWh: 4n,
    }),
  );
  await say.tx("grid operator: feeder 1 carries 30 kWh per interval", grid.setFeederCapacity(1, 30n * WH));
  await say.tx("grid operator: feeder 2 (an old line) carries only 4 kWh", grid.setFeederCapacity(2, 4n * WH));

  say.line("Ten homes get identities, and each smart meter a device identity with its own key (homes 1-6 on");
  say.line("feeder 1, homes 7-10 on feeder 2). Setup transactions are not printed.");
  const homes = [];
  for (let h = 0; h < 10; h++) {
    const wallet = Wallet.createRandom().connect(ethers.provider);
    await networkHelpers.setBalance(wallet.address, 10n ** 20n);
    await (
      await identity
        .connect(registrar)
        .register(
          IdentityKind.Resident,
          AssuranceLevel.ONE_TIME_CODE,
          id(`home ${h}`),
          id(`home record ${h}`),
          until,
          wallet.address,
        )
    ).wait();
    const homeId = await identity.identityOf(wallet.address);
    const key = Wallet.createRandom();
    await (
      await identity
        .connect(registrar)
        .registerDevice(homeId, 1, id(`meter ${h}`), id(`meter record ${h}`), until, key.address)
    ).wait();
    const meterId = await identity.identityOf(key.address);
    const feeder = h < 6 ? 1 : 2;
    await (await energyMeters.connect(gridOperator).admitMeter(meterId, feeder, true)).wait();
    await (await token.connect(treasurer).mint(wallet.address, 10n ** 21n)).wait();
    await (await token.connect(wallet).approve(await market.getAddress(), 10n ** 21n)).wait();
    homes.push({ wallet, homeId, meterId, key, feeder, name: `home ${h + 1}` });
  }

  const advanceTo = async (t: bigint) => {
    if (BigInt(await networkHelpers.time.latest()) < t) await networkHelpers.time.increaseTo(t);
  };
  // Orders for the whole day go in before the first gate closes: surplus homes ask, the others bid.
  const first = nextInterval(BigInt(await networkHelpers.time.latest()), 3_600n);
  const books = new Map<string, { bids: EngineOrder[]; asks: EngineOrder[] }>();
  const key = (slot: number, feeder: number) => `${slot}/${feeder}`;
  for (let s = 0; s < SLOTS.length; s++) {
    const interval = first + BigInt(s) * 900n;
    for (const feeder of [1, 2]) books.set(key(s, feeder), { bids: [], asks: [] });
    for (const [h, home] of homes.entries()) {
      const book = books.get(key(s, home.feeder))!;
      const sun = SUN[SLOTS[s]][h];
      // noon on feeder 1: home 3 asks exactly at the price home 4 bids, the margin a lazy clearing leaves out
      if (sun > 0) {
        const order = { quantityWh: BigInt(sun) * WH, price: s === 1 && h === 2 ? 12n : BigInt(8 + h) };
        await (
          await market.connect(home.wallet).placeAsk(interval, home.meterId, order.quantityWh, order.price)
        ).wait();
        book.asks.push(order);
      } else {
        const kwh = s === 1 && (h === 4 || h === 5) ? 6n : BigInt(2 + (h % 3));
        const order = { quantityWh: kwh * WH, price: s === 1 && h === 3 ? 12n : BigInt(14 + h) };
        await (
          await market.connect(home.wallet).placeBid(interval, home.meterId, order.quantityWh, order.price)
        ).wait();
        book.bids.push(order);
      }
    }
  }
  say.line(`Every home placed its order for the ${SLOTS.length} intervals; bids locked their maximum cost.`);

  for (let s = 0; s < SLOTS.length; s++) {
    const interval = first + BigInt(s) * 900n;
    say.line(`-- ${SLOTS[s]} (interval ${interval}) --`);
    await advanceTo(interval - 300n);
    const clearings = [];
    for (const feeder of [1, 2]) {
      const { bids, asks } = books.get(key(s, feeder))!;
      const capacity = await market.feederCapacity(feeder);
      const clearing = clearMarket(bids, asks, capacity);
      clearings.push(clearing);
      if (bids.length + asks.length === 0) continue;
      const label = `feeder ${feeder}: ${clearing.volumeWh / WH} kWh at ${clearing.price} wei/Wh`;
      if (s === 1 && feeder === 1) {
        // A lazy (or self-serving) clearing leaves the orders at the margin out.
        const lazy = [...clearing.fills];
        const marginBid = bids.findIndex((o) => o.price === 12n);
        const marginAsk = asks.findIndex((o) => o.price === 12n);
        const cut = lazy[marginBid] < lazy[bids.length + marginAsk] ? lazy[marginBid] : lazy[bids.length + marginAsk];
        lazy[marginBid] -= cut;
        lazy[bids.length + marginAsk] -= cut;
        const dropped = [...lazy];
        dropped[lazy.indexOf(lazy.slice(0, bids.length).reduce((x, y) => (x > y ? x : y)))] = 0n;
        await say.refused(
          "mallory: a clearing that drops one buyer's fill",
          market.connect(mallory).submitClearing(interval, feeder, clearing.price, dropped),
          market,
        );
        await say.tx(
          `mallory: a valid clearing leaving the 12-wei margin out (${(clearing.volumeWh - cut) / WH} kWh)`,
          market.connect(mallory).submitClearing(interval, feeder, clearing.price, lazy),
        );
        await say.tx(
          `erin: challenge with the engine's clearing, ${label}`,
          market.connect(erin).challengeClearing(interval, feeder, clearing.price, clearing.fills),
        );
        say.record(`energy ${SLOTS[s]} feeder 1: a short clearing challenged and replaced (+${cut / WH} kWh)`);
      } else {
        await say.tx(
          `anyone: submit the engine's clearing, ${label}`,
          market.connect(erin).submitClearing(interval, feeder, clearing.price, clearing.fills),
        );
      }
      if (clearing.volumeWh === capacity) {
        say.line(
          `feeder ${feeder} is at its ${capacity / WH} kWh limit: the dearest bids and cheapest asks trade, the rest wait.`,
        );
        say.record(`energy ${SLOTS[s]} feeder ${feeder}: capacity limit reached at ${capacity / WH} kWh`);
      }
    }
    // The meters report after the interval; at noon home 2's panels are shaded and it delivers half.
    await advanceTo(interval + 60n);
    for (const [h, home] of homes.entries()) {
      const sun = SUN[SLOTS[s]][h];
      const exported = (BigInt(sun) * WH * (s === 1 && h === 1 ? 1n : 2n)) / 2n;
      const { reading, signature } = await signReading(home.key, energyMeters, {
        meterId: home.meterId,
        interval,
        exportedWh: exported,
        importedWh: sun > 0 ? 0n : 2n * WH,
        deadline: interval + 86_400n,
      });
      await (
        await energyMeters.submitReading(
          reading.meterId,
          interval,
          reading.exportedWh,
          reading.importedWh,
          reading.nonce,
          reading.deadline,
          signature,
        )
      ).wait();
    }
    await advanceTo(interval + 1_800n);
    for (const feeder of [1, 2]) {
      const { bids, asks } = books.get(key(s, feeder))!;
      if (bids.length + asks.length === 0) continue;
      await say.tx(
        `anyone: settle feeder ${feeder} against the meters' readings`,
        market.settle(interval, feeder, clearings[feeder - 1].fills),
      );
    }
    if (s === 1) {
      const shortfall = (await market.queryFilter(market.filters.SellerSettled(interval, 1, homes[1].homeId))).at(-1)!;
      say.line(
        `home 2 sold ${shortfall.args.deliveredWh + shortfall.args.shortfallWh} Wh, delivered ${shortfall.args.deliveredWh}: its buyers were refunded the rest and it paid a ${shortfall.args.penalty} wei penalty.`,
      );
      say.record(
        `energy noon: home 2 under-delivered ${shortfall.args.shortfallWh} Wh, penalised ${shortfall.args.penalty} wei`,
      );
    }
  }

  const [locked, credited] = await market.totals();
  say.line(
    `locks ${locked} + credits ${credited} = the market's balance ${await token.balanceOf(await market.getAddress())}`,
  );
  await say.tx("home 1: withdraw its earnings to its wallet", market.connect(homes[0].wallet).withdraw());
  await say.tx("grid operator: withdraw fees and penalties", market.connect(gridOperator).withdraw());
  const buyer = homes[3];
  await say.tx(
    `home 4: claim certificates of origin for the green energy it received at noon`,
    energyCertificates.connect(buyer.wallet).claim(first + 900n),
  );
  const certified = await energyCertificates.balanceOf(buyer.wallet.address, first + 900n);
  say.record(`energy: home 4 holds ${certified} Wh of noon green-origin certificates (ERC-1155 id ${first + 900n})`);
};
