import { batchInput, place } from "../../src/supply.js";
import { registerBusinesses } from "./supply.js";
import { gasOf, type BenchSuite, type Budget } from "./types.js";

const DAY = 86_400n;
const HERE = place("bench");
/** Purchases the mill reports before `carbon.scope3_report_after_1000` is measured. */
const PRIOR = 1000;

/**
 * The carbon ledger's scope-3 register (issue 16's embedded-carbon link), through the proxies:
 * `carbon.scope3_report` is the mill's second report of a bought batch (steady state: its period total exists);
 * `carbon.scope3_report_after_1000` is the same after 1,000 more reports by the mill (flat: one new entry slot,
 * one new flag, the total updated, whatever came before).
 */
export const scope3Suite: BenchSuite = async ({ connection, city }) => {
  const { networkHelpers } = connection;
  const { supplyChain, scope3Register, emissionsRegister, accounts } = city;
  const { farm, mill, regulator } = accounts;
  const ops: Record<string, bigint> = {};
  const now = BigInt(await networkHelpers.time.latest());
  const { mill: millId } = await registerBusinesses({ connection, city }, ["farm", "mill"]);
  await (await emissionsRegister.connect(regulator).openPeriod(now + 3000n * DAY, 1_000n, 0, 0n)).wait();
  const wheat = batchInput("wheat", 10_000n, { origin: "farm", gtin: "0761", lot: "W-1", co2eGrams: 2_000_000n });
  let batchId = 0n;
  /** The farm sells one more batch to the mill; returns its id. */
  const bought = async () => {
    await (await supplyChain.connect(farm).createBatch(wheat, HERE)).wait();
    batchId += 1n;
    await (await supplyChain.connect(farm).offer(batchId, millId, HERE)).wait();
    await (await supplyChain.connect(mill).accept(batchId, HERE)).wait();
    return batchId;
  };
  const report = (batch: bigint) => scope3Register.connect(mill).reportPurchase(millId, 1n, batch, 1n);
  await (await report(await bought())).wait();
  ops["carbon.scope3_report"] = await gasOf(report(await bought()));
  for (let i = 0; i < PRIOR; i++) await (await report(await bought())).wait();
  ops["carbon.scope3_report_after_1000"] = await gasOf(report(await bought()));
  return ops;
};

/** Every service's "after 1,000 records" rule for its main operation. */
export const scope3Budgets: Budget[] = [
  { operation: "carbon.scope3_report_after_1000", withinPercent: 2, of: "carbon.scope3_report" },
];
