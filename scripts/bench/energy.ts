import { id, Wallet, type HDNodeWallet } from "ethers";

import { clearMarket, nextInterval, signReading, type EngineOrder } from "../../src/energy/index.js";
import { AssuranceLevel, IdentityKind } from "../../src/identity.js";
import { gasOf, type BenchSuite, type Budget } from "./types.js";

const FEEDER = 1;
const SIDE = 50;

/**
 * The energy service, on a 50 x 50 book of one market (50 sellers with one ask each, 13 buyers with up to 4 bids
 * each). `energy.clear_per_order` is the verification of that book's clearing (the whole `submitClearing`
 * transaction) divided by its 100 orders; `energy.settle_per_trade` is its settlement divided by the orders that
 * traded. `energy.place_bid` is a buyer's first bid of an interval (its per-interval record is new) in a market
 * already open; `energy.place_bid_after_1000` the same after 1,000 other bids in 20 other intervals.
 */
export const energySuite: BenchSuite = async ({ connection, city }) => {
  const { ethers, networkHelpers } = connection;
  const { identity, energyMeters, energyMarket: market, token, accounts } = city;
  const { registrar, treasurer, gridOperator } = accounts;
  const ops: Record<string, bigint> = {};
  const now = BigInt(await networkHelpers.time.latest());
  const until = now + 3650n * 86_400n;
  const marketAddress = await market.getAddress();

  let serial = 0;
  const person = async () => {
    const wallet = Wallet.createRandom().connect(ethers.provider);
    await networkHelpers.setBalance(wallet.address, 10n ** 21n);
    const label = `bench energy ${++serial}`;
    await (
      await identity
        .connect(registrar)
        .register(IdentityKind.Resident, AssuranceLevel.BIOMETRIC, id(label), id(`r ${label}`), until, wallet.address)
    ).wait();
    const personId = await identity.identityOf(wallet.address);
    const key = Wallet.createRandom();
    await (
      await identity
        .connect(registrar)
        .registerDevice(personId, 1, id(`m ${label}`), id(`mr ${label}`), until, key.address)
    ).wait();
    const meterId = await identity.identityOf(key.address);
    await (await energyMeters.connect(gridOperator).admitMeter(meterId, FEEDER, true)).wait();
    await (await token.connect(treasurer).mint(wallet.address, 10n ** 24n)).wait();
    await (await token.connect(wallet).approve(marketAddress, 10n ** 24n)).wait();
    return { wallet, personId, meterId, key };
  };
  const operator = await person();
  await (await market.connect(gridOperator).setOperatorAccount(operator.personId)).wait();
  await (await market.connect(gridOperator).setFeederCapacity(FEEDER, 10n ** 12n)).wait();
  await (
    await market.connect(gridOperator).setConfig({
      intervalLength: 900,
      gateClosure: 300,
      challengeWindow: 300,
      settlementDelay: 900,
      feePerWh: 1n,
      penaltyPerWh: 2n,
    })
  ).wait();
  const sellers = [];
  for (let k = 0; k < SIDE; k++) sellers.push(await person());
  const buyers = [];
  for (let k = 0; k < Math.ceil(SIDE / 4); k++) buyers.push(await person());

  const interval = nextInterval(BigInt(await networkHelpers.time.latest()), 7_200n);
  const asks: EngineOrder[] = [];
  const bids: EngineOrder[] = [];
  for (let k = 0; k < SIDE; k++) {
    const ask = { quantityWh: BigInt(1_000 + k * 13), price: BigInt(10 + ((k * 7) % 40)) };
    const tx = market.connect(sellers[k].wallet).placeAsk(interval, sellers[k].meterId, ask.quantityWh, ask.price);
    if (k === 1) ops["energy.place_ask"] = await gasOf(tx);
    else await (await tx).wait();
    asks.push(ask);
    const bid = { quantityWh: BigInt(900 + k * 17), price: BigInt(20 + ((k * 11) % 40)) };
    const buyer = buyers[k % buyers.length];
    const btx = market.connect(buyer.wallet).placeBid(interval, buyer.meterId, bid.quantityWh, bid.price);
    if (k === 1) ops["energy.place_bid"] = await gasOf(btx);
    else if (k === buyers.length + 1) ops["energy.place_bid_next_of_identity"] = await gasOf(btx);
    else await (await btx).wait();
    bids.push(bid);
  }

  // 1,000 more bids in 20 later intervals, then a first bid in yet another one.
  for (let r = 1; r <= 20; r++) {
    for (let k = 0; k < 50; k++) {
      const buyer = buyers[k % buyers.length];
      await (await market.connect(buyer.wallet).placeBid(interval + BigInt(r) * 900n, buyer.meterId, 100, 5)).wait();
    }
  }
  // the same case as `energy.place_bid`: the market already open, the buyer's first bid of the interval
  const fresh = interval + 21n * 900n;
  await (await market.connect(buyers[0].wallet).placeBid(fresh, buyers[0].meterId, 100, 5)).wait();
  ops["energy.place_bid_after_1000"] = await gasOf(
    market.connect(buyers[1].wallet).placeBid(fresh, buyers[1].meterId, 100, 5),
  );

  await networkHelpers.time.increaseTo(interval - 300n);
  const clearing = clearMarket(bids, asks, 10n ** 12n);
  const clearGas = await gasOf(market.submitClearing(interval, FEEDER, clearing.price, clearing.fills));
  ops["energy.clear_total_50x50"] = clearGas;
  ops["energy.clear_per_order"] = clearGas / BigInt(2 * SIDE);

  await networkHelpers.time.increaseTo(interval + 60n);
  for (let k = 0; k < SIDE; k++) {
    const fill = clearing.fills[SIDE + k];
    const exported = k % 10 === 0 ? fill / 2n : fill; // every tenth seller under-delivers
    const { reading, signature } = await signReading(sellers[k].key as HDNodeWallet, energyMeters, {
      meterId: sellers[k].meterId,
      interval,
      exportedWh: exported,
      importedWh: 0n,
      deadline: interval + 86_400n,
    });
    const tx = energyMeters.submitReading(
      reading.meterId,
      reading.interval,
      reading.exportedWh,
      reading.importedWh,
      reading.nonce,
      reading.deadline,
      signature,
    );
    if (k === 1) ops["energy.submit_reading"] = await gasOf(tx);
    else await (await tx).wait();
  }
  await networkHelpers.time.increaseTo(interval + 1_800n);
  const traded = BigInt(clearing.fills.filter((f) => f > 0n).length);
  const settleGas = await gasOf(market.settle(interval, FEEDER, clearing.fills));
  ops["energy.settle_total_50x50"] = settleGas;
  ops["energy.settle_per_trade"] = settleGas / traded;
  ops["energy.withdraw"] = await gasOf(market.connect(sellers[1].wallet).withdraw());
  const greenHolder = buyers[0];
  ops["energy.claim_certificate"] = await gasOf(city.energyCertificates.connect(greenHolder.wallet).claim(interval));
  return ops;
};

/** Issue 10's budget: verifying a 50 x 50 clearing costs at most half an ERC-20 transfer per order. */
export const energyBudgets: Budget[] = [{ operation: "energy.clear_per_order", atMost: 0.5, of: "ref.erc20.transfer" }];
