/**
 * `npm run bench [-- --check | --update]`: runs scripts/bench.ts under Hardhat with the mode in CITYCHAIN_BENCH
 * (`hardhat run` does not pass arguments to the script). `--check` is the gas snapshot gate CI runs; `--update`
 * rewrites the committed snapshot bench/results.json.
 */
import { spawnSync } from "node:child_process";

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== "--check" && a !== "--update");
if (unknown.length > 0 || args.length > 1) {
  console.error(`usage: npm run bench [-- --check | -- --update] (got ${args.join(" ")})`);
  process.exit(2);
}
const mode = args[0]?.slice(2) ?? "measure";
const result = spawnSync("hardhat", ["run", "scripts/bench.ts"], {
  stdio: "inherit",
  shell: process.platform === "win32",
  env: { ...process.env, CITYCHAIN_BENCH: mode },
});
process.exit(result.status ?? 1);
