/**
 * `npm run deploy -- --network <name> [ignition options]`: deploys the whole city (deploy/modules/City.ts)
 * with Hardhat Ignition, using `deploy/parameters/<name>.json` when it exists. Ignition keeps a journal
 * under `deploy/deployments/`, so an interrupted deployment resumes where it stopped.
 * Then grant roles with `npm run roles -- --network <name>`.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const args = process.argv.slice(2);
const at = args.indexOf("--network");
const networkName = at >= 0 ? args[at + 1] : undefined;
if (networkName === undefined) {
  console.error("usage: npm run deploy -- --network <localhost|anvil|sepolia|...> [--deployment-id ID] [--verify]");
  process.exitCode = 2;
} else {
  deploy(networkName);
}

function deploy(name: string): void {
  const parameters = `deploy/parameters/${name}.json`;
  const withParameters = existsSync(parameters) && !args.includes("--parameters") ? ["--parameters", parameters] : [];
  const result = spawnSync(
    "npx",
    ["hardhat", "ignition", "deploy", "deploy/modules/City.ts", ...withParameters, ...args],
    {
      stdio: "inherit",
    },
  );
  process.exitCode = result.status ?? 1;
}
