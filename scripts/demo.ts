import { network } from "hardhat";

import { CAST, CAST_ROLES, deployCity } from "../src/deploy.js";
import { carbonChapter } from "./demo/carbon.js";
import { coreChapter } from "./demo/core.js";
import { energyChapter } from "./demo/energy.js";
import { healthChapter } from "./demo/health.js";
import { identityChapter } from "./demo/identity.js";
import { insuranceChapter } from "./demo/insurance.js";
import { landChapter } from "./demo/land.js";
import { Narrator, type Chapter } from "./demo/narrator.js";
import { selfTallyChapter } from "./demo/selftally.js";
import { supplyChapter } from "./demo/supply.js";
import { passkeysChapter } from "./demo/passkeys.js";
import { invoicesAndStreamsChapter, paymentsChapter } from "./demo/payments.js";
import { taxChapter } from "./demo/tax.js";
import { upgradesChapter } from "./demo/upgrades.js";
import { votingChapter } from "./demo/voting.js";

/**
 * `npm run demo`: deploys the whole city on the in-process network and tells its story through every
 * service, with real transactions, then prints who is who, what was recorded and what it cost in gas.
 */
// Services in the order they were built; the upgrade of a live service closes the story.
const CHAPTERS: Chapter[] = [
  coreChapter,
  identityChapter,
  landChapter,
  votingChapter,
  selfTallyChapter,
  carbonChapter,
  insuranceChapter,
  energyChapter,
  healthChapter,
  supplyChapter,
  passkeysChapter,
  paymentsChapter,
  invoicesAndStreamsChapter,
  taxChapter,
  upgradesChapter,
];

const connection = await network.create();
const say = new Narrator();
console.log("citychain demo: a city's records on a ledger nobody can quietly rewrite");
const city = await deployCity(connection);
console.log(`deployed the city through its Ignition module (${city.deploymentGas.toLocaleString("en-US")} gas)`);

for (const chapter of CHAPTERS) await chapter({ connection, city, say });

console.log(`\n== Summary ${"=".repeat(86)}`);
console.log("\nAccounts");
for (const name of CAST) {
  const roles = name === "admin" ? ["ADMIN", "UPGRADER"] : (CAST_ROLES[name] ?? ["resident"]);
  console.log(`   ${name.padEnd(14)} ${city.accounts[name].address}  ${roles.join(", ")}`);
}
console.log("\nRecords");
for (const { chapter, record } of say.records) console.log(`   [${chapter.split(" ")[0]}] ${record}`);
console.log("\nGas");
let total = 0n;
for (const [chapter, { txs, gas }] of say.gasByChapter) {
  total += gas;
  console.log(
    `   ${chapter.padEnd(50)} ${String(txs).padStart(4)} txs ${gas.toLocaleString("en-US").padStart(14)} gas`,
  );
}
console.log(`   ${"all chapters".padEnd(50)} ${"".padStart(8)} ${total.toLocaleString("en-US").padStart(14)} gas`);
await connection.close();
