import { id, ZeroHash } from "ethers";

import { AssuranceLevel, IdentityKind } from "../../src/identity.js";
import { batchInput, place, transformOutput, Unit } from "../../src/supply.js";
import type { CastMember } from "../../src/deploy.js";
import { gasOf, type BenchContext, type BenchSuite, type Budget } from "./types.js";

const DAY = 86_400n;
const HERE = place("bench");

/**
 * Supply chain, through the proxies. `supply.create_batch` is a producer's second batch (steady state);
 * `supply.transfer_total` is `supply.offer` + `supply.accept` of a batch to an identity that already holds others
 * (the ERC-721 reference pays a new owner's balance slot; custody has no per-holder counter at all).
 * `supply.split_2` splits a batch in two; `supply.recall` recalls a root batch. `supply.recall_check_10_generations`
 * is the worst case of the lazy recall check: `isRecalled` (eth_estimateGas of the view, 21,000 included) on a
 * batch 10 splits below its root after an unrelated recall, so the walk visits all 10 ancestors;
 * `supply.offer_10_generations_down` is an offer of that batch (the same walk inside a transaction).
 * The `_after_1000` rows repeat the main operations after 1,000 more batches: O(1), nothing grows per identity.
 */
/**
 * The registrar registers each named cast member as a level-3 business identity valid ten years (the parties of
 * the supply and scope-3 benches), in the order given; returns their identity ids by name.
 */
export async function registerBusinesses<N extends CastMember>(
  { connection, city }: BenchContext,
  names: readonly N[],
): Promise<Record<N, bigint>> {
  const { identity, accounts } = city;
  const now = BigInt(await connection.networkHelpers.time.latest());
  const ids = {} as Record<N, bigint>;
  for (const name of names) {
    const wallet = accounts[name].address;
    await (
      await identity
        .connect(accounts.registrar)
        .register(
          IdentityKind.Business,
          AssuranceLevel.BIOMETRIC,
          id(`subject ${name}`),
          id(`record ${name}`),
          now + 3650n * DAY,
          wallet,
        )
    ).wait();
    ids[name] = await identity.identityOf(wallet);
  }
  return ids;
}

export const supplySuite: BenchSuite = async ({ connection, city }) => {
  const { supplyChain, accounts } = city;
  const { farm, mill, foodSafety } = accounts;
  const ops: Record<string, bigint> = {};
  const { mill: millId, bakery: bakeryId } = await registerBusinesses({ connection, city }, ["farm", "mill", "bakery"]);
  const asFarm = supplyChain.connect(farm);
  const asMill = supplyChain.connect(mill);
  const wheat = () => batchInput("wheat", 10_000n, { origin: "farm", gtin: "0761", lot: "W-1", co2eGrams: 2_000_000n });

  await (await asFarm.createBatch(wheat(), HERE)).wait(); // 1
  ops["supply.create_batch"] = await gasOf(asFarm.createBatch(wheat(), HERE)); // 2
  await (await asFarm.createBatch(wheat(), HERE)).wait(); // 3
  // The mill already holds a batch (1), as the ERC-721 reference's receiver does not: custody has no balance slot.
  await (await asFarm.offer(1n, millId, HERE)).wait();
  await (await asMill.accept(1n, HERE)).wait();
  const offer = await gasOf(asFarm.offer(2n, millId, HERE));
  const accept = await gasOf(asMill.accept(2n, HERE));
  ops["supply.offer"] = offer;
  ops["supply.accept"] = accept;
  ops["supply.transfer_total"] = offer + accept;
  ops["supply.split_2"] = await gasOf(asMill.split(2n, [4_000n, 6_000n], HERE)); // 4, 5
  ops["supply.merge_2"] = await gasOf(asMill.merge([4n, 5n], HERE)); // 6
  ops["supply.transform"] = await gasOf(
    asMill.transform(
      [6n],
      [transformOutput("flour", 7_000n), transformOutput("bran", 1_000n)],
      Unit.KILOGRAM,
      8_000,
      500_000n,
      HERE,
    ),
  ); // 7, 8
  ops["supply.recall"] = await gasOf(asFarm.recall(3n, ZeroHash));
  ops["supply.recall_by_authority"] = await gasOf(supplyChain.connect(foodSafety).recallByAuthority(8n, ZeroHash));

  // Ten generations of splits below a fresh root, then an unrelated recall: the check walks all ten ancestors.
  await (await asFarm.createBatch(wheat(), HERE)).wait();
  let current = await supplyChain.batchCount();
  let quantity = 10_000n;
  for (let generation = 0; generation < 10; generation++) {
    quantity /= 2n;
    await (await asFarm.split(current, [quantity, quantity], HERE)).wait();
    current = await supplyChain.batchCount();
  }
  await (await asFarm.createBatch(wheat(), HERE)).wait();
  await (await asFarm.recall(await supplyChain.batchCount(), ZeroHash)).wait();
  ops["supply.recall_check_10_generations"] = await supplyChain.isRecalled.estimateGas(current);
  ops["supply.offer_10_generations_down"] = await gasOf(asFarm.offer(current, bakeryId, HERE));

  for (let i = 0; i < 1_000; i++) await (await asFarm.createBatch(wheat(), HERE)).wait();
  const last = await supplyChain.batchCount();
  ops["supply.create_batch_after_1000"] = await gasOf(asFarm.createBatch(wheat(), HERE));
  const offerLater = await gasOf(asFarm.offer(last, millId, HERE));
  ops["supply.transfer_total_after_1000"] = offerLater + (await gasOf(asMill.accept(last, HERE)));
  return ops;
};

/** Issue 16's budgets: requirements, measured through the proxies. */
export const supplyBudgets: Budget[] = [
  { operation: "supply.transfer_total", atMost: 2, of: "ref.erc721.transfer_new_owner" },
  { operation: "supply.create_batch", atMost: 2.5, of: "ref.erc721.mint" },
  { operation: "supply.split_2", atMost: 3.5, of: "ref.erc721.mint" },
  { operation: "supply.recall", atMost: 1, of: "ref.erc721.transfer_new_owner" },
  { operation: "supply.recall_check_10_generations", atMost: 1.5, of: "ref.erc721.transfer_new_owner" },
  { operation: "supply.create_batch_after_1000", withinPercent: 2, of: "supply.create_batch" },
  { operation: "supply.transfer_total_after_1000", withinPercent: 2, of: "supply.transfer_total" },
];
