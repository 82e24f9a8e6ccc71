/**
 * The clearing engine of the energy market: a uniform-price double auction per market (interval, feeder), pure
 * and deterministic, whose result `EnergyMarket` verifies on-chain in one pass (contracts/energy/EnergyClearing.sol).
 *
 * Merit order: bids by price descending, asks by price ascending, ties by book index (earlier first). The engine
 * matches greedily along the merit order while the next bid's price >= the next ask's price and the feeder's
 * capacity is not reached, so the volume is the largest any valid clearing can trade. The price is the midpoint
 * (rounded down) of the interval every rule allows: at least the highest filled ask and every remaining bid, at
 * most the lowest filled bid and every remaining ask (only the filled orders bound it when the capacity binds).
 */

/** One order as the engine sees it: its quantity (Wh) and its limit price per Wh. */
export interface EngineOrder {
  quantityWh: bigint;
  price: bigint;
}

/** A clearing: the uniform price, one fill per order (bids in book order, then asks), and the volume. */
export interface Clearing {
  price: bigint;
  fills: bigint[];
  volumeWh: bigint;
}

const byPriceThenIndex = (descending: boolean) => (a: [EngineOrder, number], b: [EngineOrder, number]) => {
  if (a[0].price !== b[0].price) return (a[0].price < b[0].price ? -1 : 1) * (descending ? -1 : 1);
  return a[1] - b[1];
};

/** Clears one market's book under the feeder's capacity (Wh per interval). */
export function clearMarket(bids: EngineOrder[], asks: EngineOrder[], capacityWh: bigint): Clearing {
  const bidOrder = bids.map((o, i) => [o, i] as [EngineOrder, number]).sort(byPriceThenIndex(true));
  const askOrder = asks.map((o, i) => [o, i] as [EngineOrder, number]).sort(byPriceThenIndex(false));
  const bidFills = bids.map(() => 0n);
  const askFills = asks.map(() => 0n);
  let volume = 0n;
  let b = 0;
  let a = 0;
  while (b < bidOrder.length && a < askOrder.length && volume < capacityWh) {
    const [bid, bi] = bidOrder[b];
    const [ask, ai] = askOrder[a];
    if (bid.price < ask.price) break;
    const qty = [bid.quantityWh - bidFills[bi], ask.quantityWh - askFills[ai], capacityWh - volume].reduce((x, y) =>
      x < y ? x : y,
    );
    bidFills[bi] += qty;
    askFills[ai] += qty;
    volume += qty;
    if (bidFills[bi] === bid.quantityWh) b++;
    if (askFills[ai] === ask.quantityWh) a++;
  }

  const MAX = 2n ** 64n - 1n;
  let lo = 0n;
  let hi = MAX;
  bids.forEach((o, i) => {
    if (bidFills[i] > 0n && o.price < hi) hi = o.price;
  });
  asks.forEach((o, i) => {
    if (askFills[i] > 0n && o.price > lo) lo = o.price;
  });
  if (volume < capacityWh) {
    bids.forEach((o, i) => {
      if (bidFills[i] < o.quantityWh && o.price > lo) lo = o.price;
    });
    asks.forEach((o, i) => {
      if (askFills[i] < o.quantityWh && o.price < hi) hi = o.price;
    });
  }
  const price = hi === MAX ? lo : (lo + hi) / 2n;
  return { price, fills: [...bidFills, ...askFills], volumeWh: volume };
}

/**
 * The range of prices a clearing with these fills may use (what the contract's price rule allows), for tests and
 * for challengers choosing a price: `[low, high]`, `high` = 2^64 - 1 when unbounded above.
 */
export function priceRange(
  bids: EngineOrder[],
  asks: EngineOrder[],
  fills: bigint[],
  capacityWh: bigint,
): { low: bigint; high: bigint } {
  let low = 0n;
  let high = 2n ** 64n - 1n;
  const volume = fills.slice(0, bids.length).reduce((x, y) => x + y, 0n);
  bids.forEach((o, i) => {
    if (fills[i] > 0n && o.price < high) high = o.price;
    if (volume < capacityWh && fills[i] < o.quantityWh && o.price > low) low = o.price;
  });
  asks.forEach((o, j) => {
    const f = fills[bids.length + j];
    if (f > 0n && o.price > low) low = o.price;
    if (volume < capacityWh && f < o.quantityWh && o.price < high) high = o.price;
  });
  return { low, high };
}
