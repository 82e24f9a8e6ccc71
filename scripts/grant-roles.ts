/**
 * `npm run roles -- --network <name>`: gives a deployed city its officials, from `deploy/roles/<name>.json`
 * (or the file in CITYCHAIN_ROLES): role grants with execution delays, grant delays for sensitive roles,
 * admin delays per contract, and optionally hands the ADMIN role over to the city's multisig and
 * renounces it for the deployer. Idempotent: what is already in place is skipped.
 * The deployment is `deploy/deployments/<CITYCHAIN_DEPLOYMENT_ID or chain-<chainId>>`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { network } from "hardhat";

import { Roles, type RoleName } from "../src/roles.js";

interface RolesFile {
  grants: { role: RoleName; account: string; executionDelay: number }[];
  grantDelays: Partial<Record<RoleName, number>>;
  adminDelays: Record<string, number>;
  handOverAdminTo: string | null;
}

const connection = await network.create();
const { ethers, networkName } = connection;
const chainId = (await ethers.provider.getNetwork()).chainId;
const deploymentId = process.env.CITYCHAIN_DEPLOYMENT_ID ?? `chain-${chainId}`;
const rolesPath = process.env.CITYCHAIN_ROLES ?? `deploy/roles/${networkName}.json`;
const config = JSON.parse(readFileSync(rolesPath, "utf8")) as RolesFile;
const addresses = JSON.parse(
  readFileSync(path.join("deploy", "deployments", deploymentId, "deployed_addresses.json"), "utf8"),
) as Record<string, string>;

const managerAddress = addresses["Core#CityAccessManager"];
if (managerAddress === undefined) throw new Error(`deployment ${deploymentId} has no Core#CityAccessManager`);
const [deployer] = await ethers.getSigners();
const manager = await ethers.getContractAt("CityAccessManager", managerAddress, deployer);
console.log(`city authority ${managerAddress} on ${networkName} (chain ${chainId}), admin ${deployer.address}`);

for (const { role, account, executionDelay } of config.grants) {
  const [isMember, currentDelay] = await manager.hasRole(Roles[role], account);
  if (isMember && Number(currentDelay) === executionDelay) {
    console.log(`  = ${role} already held by ${account}`);
    continue;
  }
  await (await manager.grantRole(Roles[role], account, executionDelay)).wait();
  console.log(`  + ${role} -> ${account} (execution delay ${executionDelay}s)`);
}
for (const [role, delay] of Object.entries(config.grantDelays) as [RoleName, number][]) {
  if (Number(await manager.getRoleGrantDelay(Roles[role])) === delay) continue;
  await (await manager.setGrantDelay(Roles[role], delay)).wait();
  console.log(`  + grant delay of ${role}: ${delay}s`);
}
for (const [contract, delay] of Object.entries(config.adminDelays)) {
  const target = Object.entries(addresses).find(([key]) => key.endsWith(`#${contract}`))?.[1];
  if (target === undefined) throw new Error(`deployment has no contract ${contract}`);
  if (Number(await manager.getTargetAdminDelay(target)) === delay) continue;
  await (await manager.setTargetAdminDelay(target, delay)).wait();
  console.log(`  + admin delay of ${contract}: ${delay}s`);
}
if (config.handOverAdminTo !== null && config.handOverAdminTo.toLowerCase() !== deployer.address.toLowerCase()) {
  await (await manager.grantRole(Roles.ADMIN, config.handOverAdminTo, 0)).wait();
  // The deployer held UPGRADER for the deployment (Ignition's `upgradeDelay`); the city's upgrader is granted in
  // `grants` (with its execution delay), so the deployer gives it up with ADMIN.
  if ((await manager.hasRole(Roles.UPGRADER, deployer.address))[0]) {
    await (await manager.renounceRole(Roles.UPGRADER, deployer.address)).wait();
  }
  await (await manager.renounceRole(Roles.ADMIN, deployer.address)).wait();
  console.log(`  + ADMIN handed over to ${config.handOverAdminTo}; the deployer renounced ADMIN and UPGRADER`);
}
console.log("roles in place");
await connection.close();
