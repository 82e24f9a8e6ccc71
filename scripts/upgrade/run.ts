/**
 * The body of `npm run upgrade` (see scripts/upgrade.ts), run by `hardhat run` on the chosen network, which
 * builds first. Reads the deployment from `deploy/deployments/<CITYCHAIN_DEPLOYMENT_ID or chain-<id>>/`, and
 * keeps a scheduled upgrade in `upgrades/pending-<service>.json` of that folder until it is executed.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

import { network } from "hardhat";

import { Roles } from "../../src/roles.js";
import { serviceId, SERVICES, type ServiceEntry, type ServiceName } from "../../src/services.js";
import { Build, checkCityContract } from "../../src/upgrades.js";

interface Pending {
  service: string;
  proxy: string;
  implementation: string;
  data: string;
  operationId: string;
  executableAt: number;
}

const service = process.env.CITYCHAIN_UPGRADE_SERVICE as ServiceName;
if (!(service in SERVICES)) throw new Error(`unknown service ${service}; one of ${Object.keys(SERVICES).join(", ")}`);
const contract = process.env.CITYCHAIN_UPGRADE_CONTRACT || SERVICES[service].contract;
const migration = process.env.CITYCHAIN_UPGRADE_CALL ?? "0x";
const execute = process.env.CITYCHAIN_UPGRADE_EXECUTE === "1";
const givenArgs = process.env.CITYCHAIN_UPGRADE_ARGS
  ? (JSON.parse(process.env.CITYCHAIN_UPGRADE_ARGS) as unknown[])
  : null;

const connection = await network.create();
const { ethers, networkName } = connection;
const chainId = (await ethers.provider.getNetwork()).chainId;
const deploymentDir = path.join("deploy", "deployments", process.env.CITYCHAIN_DEPLOYMENT_ID ?? `chain-${chainId}`);
const addresses = JSON.parse(readFileSync(path.join(deploymentDir, "deployed_addresses.json"), "utf8")) as Record<
  string,
  string
>;
const [upgrader] = await ethers.getSigners();
const manager = await ethers.getContractAt("CityAccessManager", addresses["Core#CityAccessManager"], upgrader);
const directory = await ethers.getContractAt("ServiceDirectory", addresses["Core#ServiceDirectory"], upgrader);
const proxyAddress = await directory.resolve(serviceId(service));
const proxy = await ethers.getContractAt("CityToken", proxyAddress, upgrader); // every service has CityService's ABI
const pendingFile = path.join(deploymentDir, "upgrades", `pending-${service}.json`);
console.log(`${service} at ${proxyAddress} on ${networkName} (chain ${chainId}); upgrader ${upgrader.address}`);

const [isUpgrader, delay] = await manager.hasRole(Roles.UPGRADER, upgrader.address);
if (!isUpgrader) throw new Error(`${upgrader.address} does not hold UPGRADER on ${await manager.getAddress()}`);

if (execute) {
  if (!existsSync(pendingFile)) throw new Error(`no scheduled upgrade of ${service} (${pendingFile})`);
  const pending = JSON.parse(readFileSync(pendingFile, "utf8")) as Pending;
  const now = (await ethers.provider.getBlock("latest"))!.timestamp;
  if (now < pending.executableAt) {
    throw new Error(`the upgrade becomes executable at ${new Date(pending.executableAt * 1000).toISOString()}`);
  }
  await (await manager.execute(pending.proxy, pending.data)).wait();
  await finish(pending.implementation);
  rmSync(pendingFile);
} else {
  const build = new Build();
  // The new code (the service's contract, or a differently named v2) against the service's reference layout.
  const { problems } = checkCityContract(build, contract, SERVICES[service].contract);
  if (problems.length > 0) {
    throw new Error(`OpenZeppelin's validator refuses ${contract}; nothing was deployed:\n${problems.join("\n")}`);
  }
  console.log(`  validated ${contract}: upgrade safe, layout compatible with upgrades/layouts/`);
  const constructorArgs = givenArgs ?? (await runningImmutables());
  if (constructorArgs.length > 0) console.log(`  constructor arguments: ${JSON.stringify(constructorArgs)}`);
  const implementation = await (await ethers.deployContract(contract, constructorArgs, upgrader)).waitForDeployment();
  const implementationAddress = await implementation.getAddress();
  const data = proxy.interface.encodeFunctionData("upgradeToAndCall", [implementationAddress, migration]);
  console.log(`  deployed ${contract} implementation at ${implementationAddress}`);
  if (delay === 0n) {
    await (await proxy.upgradeToAndCall(implementationAddress, migration)).wait();
    await finish(implementationAddress);
  } else {
    const receipt = await (await manager.schedule(proxyAddress, data, 0)).wait();
    const scheduled = receipt!.logs
      .map((log) => manager.interface.parseLog(log))
      .find((parsed) => parsed?.name === "UpgradeScheduled");
    if (scheduled === undefined || scheduled === null) throw new Error("the authority did not announce the upgrade");
    const pending: Pending = {
      service,
      proxy: proxyAddress,
      implementation: implementationAddress,
      data,
      operationId: scheduled.args.operationId,
      executableAt: Number(scheduled.args.executableAt),
    };
    mkdirSync(path.dirname(pendingFile), { recursive: true });
    writeFileSync(pendingFile, JSON.stringify(pending, null, 2) + "\n");
    console.log(`  scheduled operation ${pending.operationId} (code hash ${scheduled.args.codehash})`);
    console.log(`  executable from ${new Date(pending.executableAt * 1000).toISOString()}; a GUARDIAN can cancel it`);
    console.log(`  then: npm run upgrade -- --service ${service} --network ${networkName} --execute`);
  }
}
await connection.close();

async function finish(implementation: string): Promise<void> {
  if ((await proxy.implementation()) !== implementation) throw new Error("the proxy does not run the new code");
  await (await directory.recordImplementation(serviceId(service))).wait();
  const version = await directory.implementationVersion(serviceId(service));
  console.log(`  ${service} now runs ${implementation}; the directory recorded it as implementation ${version}`);
}

/**
 * The running implementation's immutables, read from the proxy's views the service entry names (see
 * `ServiceEntry.immutables`), so a new implementation keeps its links unless `--args` gives others.
 */
async function runningImmutables(): Promise<unknown[]> {
  const views = (SERVICES[service] as ServiceEntry).immutables ?? [];
  const running = await ethers.getContractAt(SERVICES[service].contract, proxyAddress);
  const values: unknown[] = [];
  for (const view of views) {
    const [, name, index] = /^(\w+)(?:\[(\d+)\])?$/.exec(view) ?? [];
    if (name === undefined) throw new Error(`bad immutable view ${view} of ${service}`);
    const result: unknown = await running.getFunction(name).staticCall();
    values.push(index === undefined ? result : (result as unknown[])[Number(index)]);
  }
  return values;
}
