/**
 * `npm run upgrade -- --service <id> --network <name> [--contract <Name>] [--args <json>] [--call <hex>] [--execute]`
 *
 * Upgrades the code behind one city service's proxy, through the city's timelocked path:
 * 1. validates the new implementation (default: the service's own contract as built from today's sources) with
 *    OpenZeppelin's validator against the service's reference layout (`upgrades/layouts/`); a failure stops here,
 *    before anything is deployed;
 * 2. deploys the implementation and, when the caller's UPGRADER role has an execution delay, schedules
 *    `upgradeToAndCall` on the authority (which announces the code hash) and prints when it becomes executable;
 *    with no delay (a local chain) it upgrades at once;
 * 3. `--execute` (after the delay) runs the scheduled upgrade; the directory then records the new code.
 * `--call` is the calldata of a migration step (a reinitializer) run in the same transaction. A contract with
 * immutables (constructor arguments: the land register's signed-sale module, the passkey registry's identity
 * registry and relying party) is built with the running implementation's values, read from the proxy's views;
 * `--args '<json array>'` gives other ones (e.g. a new module).
 */
import { spawnSync } from "node:child_process";

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const service = option("service");
const networkName = option("network");
if (service === undefined || networkName === undefined) {
  console.error(
    "usage: npm run upgrade -- --service <id> --network <name> [--contract <Name>] [--args <json>] [--call <hex>] [--execute]",
  );
  process.exitCode = 2;
} else {
  const result = spawnSync("npx", ["hardhat", "run", "scripts/upgrade/run.ts", "--network", networkName], {
    stdio: "inherit",
    env: {
      ...process.env,
      CITYCHAIN_UPGRADE_SERVICE: service,
      CITYCHAIN_UPGRADE_CONTRACT: option("contract") ?? "",
      CITYCHAIN_UPGRADE_CALL: option("call") ?? "0x",
      CITYCHAIN_UPGRADE_ARGS: option("args") ?? "",
      CITYCHAIN_UPGRADE_EXECUTE: args.includes("--execute") ? "1" : "",
    },
  });
  process.exitCode = result.status ?? 1;
}
