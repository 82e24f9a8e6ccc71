import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

import { network } from "hardhat";

import { pinBench } from "./bench/determinism.js";
import { compareSnapshot, printComparison, type Snapshot } from "./bench/snapshot.js";

import { deployCity } from "../src/deploy.js";
import { carbonBudgets, carbonSuite } from "./bench/carbon.js";
import { coreSuite } from "./bench/core.js";
import { energyBudgets, energySuite } from "./bench/energy.js";
import { healthBudgets, healthSuite } from "./bench/health.js";
import { identitySuite } from "./bench/identity.js";
import { insuranceBudgets, insuranceSuite } from "./bench/insurance.js";
import { supplyBudgets, supplySuite } from "./bench/supply.js";
import { landSuite } from "./bench/land.js";
import { passkeyActionsBudgets, passkeyActionsSuite } from "./bench/passkeyActions.js";
import { passkeyBudgets, passkeySuite } from "./bench/passkeys.js";
import { paymentsBudgets, paymentsSuite } from "./bench/payments.js";
import { referenceSuite } from "./bench/references.js";
import { seaportNote, seaportRatios } from "./bench/seaport.js";
import { selfTallyBudgets, selfTallySuite } from "./bench/selftally.js";
import { taxBudgets, taxSuite } from "./bench/tax.js";
import { votingBudgets, votingSuite } from "./bench/voting.js";
import { scope3Budgets, scope3Suite } from "./bench/scope3.js";
import type { BenchSuite, Budget, Ratio } from "./bench/types.js";

/**
 * Gas benchmark: deploys OpenZeppelin/EAS reference contracts and the city in one run, measures every
 * operation and prints a table with each figure's ratio to its anchor and its delta to the committed snapshot
 * `bench/results.json`. Gas is deterministic (scripts/bench/determinism.ts), so budgets are checked here (exit
 * code 1 on a miss), never in timed tests. Modes (scripts/bench-run.ts sets CITYCHAIN_BENCH):
 * - `npm run bench`: measure, print, write today's figures to `reports/bench/latest.json` (read by `npm run audit`);
 * - `npm run bench -- --check` (CI): also fail when an operation costs more than its committed figure
 *   (tolerance 0), or when operations were added or removed without updating the snapshot;
 * - `npm run bench:update` (`npm run bench -- --update`): rewrite the snapshot `bench/results.json`.
 */
const SUITES: Record<string, BenchSuite> = {
  references: referenceSuite,
  core: coreSuite,
  identity: identitySuite,
  land: landSuite,
  energy: energySuite,
  voting: votingSuite,
  selftally: selfTallySuite,
  carbon: carbonSuite,
  insurance: insuranceSuite,
  health: healthSuite,
  supply: supplySuite,
  scope3: scope3Suite,
  passkeys: passkeySuite,
  passkeyActions: passkeyActionsSuite,
  payments: paymentsSuite,
  tax: taxSuite,
};

/** Budgets the issues set, each against an operation measured in the same run. */
const BUDGETS: Budget[] = [
  // Issue 3 (identity): registration at most 0.6x an EAS attestation, and flat in the number of identities.
  { operation: "identity.register", atMost: 0.6, of: "ref.eas.attest" },
  { operation: "identity.register_after_1000", withinPercent: 2, of: "identity.register" },
  // Issue 4 (land): all transactions of a one-owner sale without liens at most 3x an ERC-721 transfer.
  // Issue 13: the signed path in one transaction (permit included, steady state) meets it.
  { operation: "land.deed_total", atMost: 3, of: "ref.erc721.transfer_new_owner" },
  // Issue 10 (energy): verifying a 50 x 50 clearing at most 0.5x an ERC-20 transfer per order.
  ...energyBudgets,
  // Issue 11 (voting): public ballot, commit + reveal, flat after 1,000 voters.
  ...votingBudgets,
  // Issue 12 (self-tallying ballot): register, vote, flat tally and flat vote after 1,000 voters.
  ...selfTallyBudgets,
  // Issue 9 (carbon): issuance, serial-exact retirement, flat after 1,000 retirements.
  ...carbonBudgets,
  ...insuranceBudgets,
  // Issue 15 (health): records, consents (direct and relayed), the O(1) access check, flat after 1,000 grants.
  ...healthBudgets,
  // Issue 16 (supply): custody by acceptance within 2x an ERC-721 transfer, bounded recall walk, flat after 1,000.
  ...supplyBudgets,
  // Issue 16's carbon link: a scope-3 report stays flat after 1,000 reports.
  ...scope3Budgets,
  // Issue 20 (passkeys): an approval by passkey at most 1.5x the same approval by ECDSA signature.
  ...passkeyBudgets,
  // Issue 20: votes, health consents, supply acceptances and payments by passkey, each at most 1.5x by ECDSA.
  ...passkeyActionsBudgets,
  // Issue 14 (payments): gasless payment at most 1.5x an ERC-20 transfer.
  ...paymentsBudgets,
  ...taxBudgets,
];

/** Ratios printed next to the budgets, for information (no limit): e.g. a land sale against a Seaport sale. */
const RATIOS: Ratio[] = [...seaportRatios];

/** The anchor each of our operations is printed against. */
const ANCHOR = "ref.erc20.transfer";

const MODE = process.env.CITYCHAIN_BENCH ?? "measure";
if (!["measure", "check", "update"].includes(MODE))
  throw new Error(`CITYCHAIN_BENCH=${MODE}: expected check or update`);
pinBench(network);

const require = createRequire(import.meta.url);
const solc: string = require("solc/package.json").version;

// The figures committed before this run: printed next to today's, so every change (e.g. the proxy overhead
// of an upgrade) shows as a delta per operation.
const SNAPSHOT = "bench/results.json";
const committed: Snapshot | undefined = existsSync(SNAPSHOT)
  ? (JSON.parse(readFileSync(SNAPSHOT, "utf8")) as Snapshot)
  : undefined;
const previous: Record<string, { gas: number }> = committed?.operations ?? {};

const operations: Record<string, { gas: number }> = {};
for (const [name, suite] of Object.entries(SUITES)) {
  // Every suite gets a fresh chain, so one suite's state never changes another's figures.
  const connection = await network.create();
  const city = await deployCity(connection);
  const measured = await suite({ connection, city });
  for (const [op, gas] of Object.entries(measured)) operations[op] = { gas: Number(gas) };
  await connection.close();
  console.log(`measured ${Object.keys(measured).length} operations of ${name}`);
}

const budgetResults = BUDGETS.map((budget) => {
  const gas = operations[budget.operation]?.gas;
  const anchor = operations[budget.of]?.gas;
  if (gas === undefined || anchor === undefined) {
    return { ...budget, gas, anchor, ok: false, note: "operation not measured" };
  }
  const ok =
    "atMost" in budget
      ? gas <= budget.atMost * anchor
      : Math.abs(gas - anchor) <= (budget.withinPercent / 100) * anchor;
  return { ...budget, gas, anchor, ratio: Number((gas / anchor).toFixed(4)), ok };
});

const ratioResults = RATIOS.map((r) => {
  const gas = operations[r.operation]?.gas;
  const anchor = operations[r.of]?.gas;
  return gas === undefined || anchor === undefined
    ? { ...r, gas, anchor, note: "operation not measured" }
    : { ...r, gas, anchor, ratio: Number((gas / anchor).toFixed(4)) };
});

const snapshot =
  JSON.stringify(
    { solc, evmVersion: "cancun", optimizerRuns: 200, operations, budgets: budgetResults, ratios: ratioResults },
    null,
    2,
  ) + "\n";
mkdirSync("reports/bench", { recursive: true });
writeFileSync("reports/bench/latest.json", snapshot);
if (MODE === "update") {
  mkdirSync("bench", { recursive: true });
  writeFileSync(SNAPSHOT, snapshot);
}

const anchorGas = operations[ANCHOR].gas;
const fmt = (n: number) => n.toLocaleString("en-US");
console.log(
  `\n${"operation".padEnd(44)}${"gas".padStart(10)}  ${`x ${ANCHOR}`.padStart(26)}${"previous".padStart(12)}${"delta".padStart(10)}`,
);
for (const [op, { gas }] of Object.entries(operations).sort(([a], [b]) => a.localeCompare(b))) {
  const before = previous[op]?.gas;
  const delta = before === undefined ? "new" : gas === before ? "=" : `${gas > before ? "+" : ""}${fmt(gas - before)}`;
  console.log(
    `${op.padEnd(44)}${fmt(gas).padStart(10)}  ${(gas / anchorGas).toFixed(2).padStart(26)}` +
      `${(before === undefined ? "" : fmt(before)).padStart(12)}${delta.padStart(10)}`,
  );
}
if (seaportNote !== "") console.log(`\n${seaportNote}`);
if (budgetResults.length > 0) {
  console.log("\nbudgets");
  for (const b of budgetResults) {
    const rule = "atMost" in b ? `<= ${b.atMost} x ${b.of}` : `within ${b.withinPercent}% of ${b.of}`;
    const ratio = "ratio" in b ? `(${b.ratio}x)` : `(${b.note})`;
    const verdict = b.ok ? "ok  " : b.knownMiss === undefined ? "MISS" : "miss";
    console.log(`  ${verdict} ${b.operation} ${rule} ${ratio}${!b.ok && b.knownMiss ? `: known, ${b.knownMiss}` : ""}`);
  }
}
if (ratioResults.length > 0) {
  console.log("\nratios (informational, no limit)");
  for (const r of ratioResults)
    console.log(`  ${r.operation} = ${"ratio" in r ? `${r.ratio} x` : `(${r.note})`} ${r.of}`);
}
const comparison = compareSnapshot(previous, operations);
printComparison(comparison, SNAPSHOT);
console.log(
  MODE === "update"
    ? `\nwrote ${SNAPSHOT} (solc ${solc}, ${Object.keys(operations).length} operations)`
    : `\nwrote reports/bench/latest.json (solc ${solc}, ${Object.keys(operations).length} operations); ` +
        `${SNAPSHOT} unchanged (npm run bench:update rewrites it)`,
);
if (MODE === "check") {
  if (committed === undefined) {
    console.error(`bench --check: no snapshot ${SNAPSHOT}; create it with npm run bench:update`);
    process.exitCode = 1;
  } else if (committed.solc !== solc) {
    console.error(`bench --check: ${SNAPSHOT} was measured with solc ${committed.solc}, this run with ${solc}`);
    process.exitCode = 1;
  }
  if (comparison.failures.length > 0) {
    console.error(`\nbench --check FAILED: ${comparison.failures.join("; ")}`);
    console.error("If the change is intended, run `npm run bench:update` and commit bench/results.json.");
    process.exitCode = 1;
  } else if (committed !== undefined) {
    console.log(`bench --check: no operation costs more than ${SNAPSHOT} (tolerance 0)`);
  }
}
// A budget miss fails `npm run bench` and `npm run bench:update` (a known, documented miss does not; it is still
// printed and recorded). The `--check` gate CI runs fails on regressions against the committed snapshot only: a
// budget still open is printed as MISS above (and stays an open issue), but it is not a regression of this change.
const misses = budgetResults.filter((b) => !b.ok && b.knownMiss === undefined);
if (misses.length > 0) {
  const names = misses.map((b) => b.operation).join(", ");
  if (MODE === "check") console.log(`\nbudgets still open (not a snapshot regression): ${names}`);
  else process.exitCode = 1;
}
