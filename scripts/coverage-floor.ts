/**
 * Coverage floor: fails when line coverage of `contracts/` (test mocks excluded) is under the floor.
 * Hardhat's `test --coverage` has no threshold option; it writes `coverage/lcov.info`, read here.
 */
import { readFileSync } from "node:fs";

const FLOOR_PERCENT = 95;
const INCLUDED = (file: string) => file.startsWith("contracts/") && !file.startsWith("contracts/mocks/");

const files = new Map<string, { found: number; hit: number; missed: number[] }>();
let current: string | undefined;
for (const line of readFileSync("coverage/lcov.info", "utf8").split("\n")) {
  if (line.startsWith("SF:")) {
    current = line.slice(3).trim();
    if (INCLUDED(current) && !files.has(current)) files.set(current, { found: 0, hit: 0, missed: [] });
  } else if (line.startsWith("DA:") && current !== undefined && files.has(current)) {
    const [lineNo, hits] = line.slice(3).split(",").map(Number);
    const entry = files.get(current)!;
    entry.found += 1;
    if (hits > 0) entry.hit += 1;
    else entry.missed.push(lineNo);
  } else if (line === "end_of_record") {
    current = undefined;
  }
}
if (files.size === 0) throw new Error("coverage/lcov.info lists no file of contracts/: run `hardhat test --coverage`");

let found = 0;
let hit = 0;
for (const [file, entry] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
  found += entry.found;
  hit += entry.hit;
  const pct = entry.found === 0 ? 100 : (100 * entry.hit) / entry.found;
  const missed = entry.missed.length > 0 ? `  missed lines ${entry.missed.join(", ")}` : "";
  console.log(`${pct.toFixed(2).padStart(7)} %  ${file}${missed}`);
}
const total = (100 * hit) / found;
console.log(
  `line coverage of contracts/ (mocks excluded): ${total.toFixed(2)} % (${hit}/${found} lines), floor ${FLOOR_PERCENT} %`,
);
if (total < FLOOR_PERCENT) {
  console.error(`coverage ${total.toFixed(2)} % is under the floor of ${FLOOR_PERCENT} %`);
  process.exitCode = 1;
}
