/**
 * `npm run deploy:anvil`: proves the path admins take against real networks. Starts a separate anvil
 * node (from the `@foundry-rs/anvil` npm package) on 127.0.0.1 with its own chain id, deploys the whole
 * city through the Ignition CLI over JSON-RPC, grants roles with the admin script, checks that every
 * deployed address answers as the contract it should be and that a restricted call works for its role
 * and fails for a stranger, then stops the node. Part of `npm run check`.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";

import { network } from "hardhat";

import { Roles } from "../src/roles.js";
import { serviceId, SERVICES, type ServiceName } from "../src/services.js";

const CHAIN_ID = 31_415; // a private-network chain id, so Ignition treats the node as a live network
const url = process.env.CITYCHAIN_ANVIL_URL ?? "http://127.0.0.1:8546";
const port = new URL(url).port;
const deploymentId = "anvil-check";
const deploymentDir = path.join("deploy", "deployments", deploymentId);
const env = {
  ...process.env,
  CITYCHAIN_ANVIL_URL: url,
  CITYCHAIN_DEPLOYMENT_ID: deploymentId,
  HARDHAT_IGNITION_CONFIRM_DEPLOYMENT: "true",
  HARDHAT_IGNITION_CONFIRM_RESET: "true",
};

async function rpc(method: string): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: [] }),
  });
  return ((await response.json()) as { result: unknown }).result;
}

async function waitForNode(node: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (node.exitCode !== null) throw new Error(`anvil exited with code ${node.exitCode} (is port ${port} free?)`);
    try {
      if (Number(await rpc("eth_chainId")) === CHAIN_ID) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`anvil did not answer on ${url} within 10 s`);
}

function run(step: string, args: string[]): void {
  console.log(`\n$ npx ${args.join(" ")}`);
  const result = spawnSync("npx", args, { stdio: "inherit", env });
  if (result.status !== 0) throw new Error(`${step} failed with exit code ${result.status}`);
}

const anvil = spawn(
  path.join("node_modules", ".bin", "anvil"),
  // Osaka, like the in-process network: P256VERIFY (EIP-7951) for passkey assertions.
  [
    "--host",
    "127.0.0.1",
    "--port",
    port,
    "--chain-id",
    String(CHAIN_ID),
    "--accounts",
    "40",
    "--hardfork",
    "osaka",
    "--quiet",
  ],
  { stdio: ["ignore", "ignore", "inherit"] },
);
try {
  await waitForNode(anvil);
  console.log(`anvil ${String(await rpc("web3_clientVersion"))} listening on ${url}, chain ${CHAIN_ID}`);
  rmSync(deploymentDir, { recursive: true, force: true });
  run("ignition deploy", [
    "hardhat",
    "ignition",
    "deploy",
    "deploy/modules/City.ts",
    "--network",
    "anvil",
    "--parameters",
    "deploy/parameters/anvil.json",
    "--deployment-id",
    deploymentId,
    // Same Ignition path as a real deployment, but the default build profile: it shares the tests' build
    // cache instead of recompiling everything in isolation (real deployments keep the production profile).
    "--build-profile",
    "default",
  ]);
  run("grant roles", ["hardhat", "run", "scripts/grant-roles.ts", "--network", "anvil"]);

  const connection = await network.create({ network: "anvil", override: { url } });
  const { ethers } = connection;
  const addresses = JSON.parse(readFileSync(path.join(deploymentDir, "deployed_addresses.json"), "utf8")) as Record<
    string,
    string
  >;
  for (const [future, address] of Object.entries(addresses)) {
    if ((await ethers.provider.getCode(address)) === "0x") throw new Error(`${future} at ${address} has no code`);
  }
  const manager = await ethers.getContractAt("CityAccessManager", addresses["Core#CityAccessManager"]);
  const directory = await ethers.getContractAt("ServiceDirectory", addresses["Core#ServiceDirectory"]);
  for (const [name, { contract }] of Object.entries(SERVICES) as [ServiceName, { contract: string }][]) {
    const listed = await directory.resolve(serviceId(name));
    const deployed = Object.entries(addresses).find(([key]) => key.endsWith(`#${contract}`))?.[1];
    if (listed !== deployed) throw new Error(`directory lists ${name} at ${listed}, deployed at ${deployed}`);
    const managed = await ethers.getContractAt("CityToken", listed); // every service is AccessManaged
    if ((await managed.authority()) !== (await manager.getAddress()))
      throw new Error(`${name} has a foreign authority`);
  }

  const signers = await ethers.getSigners();
  const [treasurer, stranger] = [signers[3], signers[11]];
  if (!(await manager.hasRole(Roles.TREASURER, treasurer.address))[0]) throw new Error("roles were not granted");
  const token = await ethers.getContractAt("CityToken", addresses["Core#CityToken"]);
  await (await token.connect(treasurer).mint(stranger.address, 1_000n)).wait();
  if ((await token.balanceOf(stranger.address)) !== 1_000n) throw new Error("treasurer mint did not land");
  try {
    await (await token.connect(stranger).mint(stranger.address, 1n)).wait();
    throw new Error("a stranger could mint");
  } catch (error) {
    if (!String(error).includes("AccessManagedUnauthorized") && !String(error).includes("0x068ca9d8")) throw error;
  }
  // The admin's upgrade path over JSON-RPC: validate, deploy and install a new token implementation (no delay
  // on this rehearsal network); the balance minted above and the directory's records must survive it. Then the
  // land register, whose implementation has an immutable (its signed-sale module): the new code must be built
  // with the running one's module.
  const land = await ethers.getContractAt("LandRegistry", addresses["Land#LandRegistry"]);
  const [module] = await land.settlement();
  for (const service of ["token", "land"] as const) {
    const recorded = await directory.implementationVersion(serviceId(service));
    const upgrade = spawnSync("npx", ["hardhat", "run", "scripts/upgrade/run.ts", "--network", "anvil"], {
      stdio: "inherit",
      env: { ...env, CITYCHAIN_UPGRADE_SERVICE: service, CITYCHAIN_UPGRADE_CALL: "0x" },
    });
    if (upgrade.status !== 0) throw new Error(`npm run upgrade of ${service} failed with exit code ${upgrade.status}`);
    if ((await directory.implementationVersion(serviceId(service))) !== recorded + 1n)
      throw new Error(`the directory did not record the ${service}'s new implementation`);
  }
  if ((await token.balanceOf(stranger.address)) !== 1_000n) throw new Error("the upgrade lost a balance");
  if ((await land.settlement())[0] !== module) throw new Error("the land upgrade lost the signed-sale module");
  await connection.close();
  console.log(
    `\nanvil deployment check passed: ${Object.keys(addresses).length} contracts deployed over JSON-RPC, ` +
      `${Object.keys(SERVICES).length} services resolved, roles wired, restricted calls enforced, ` +
      `two services upgraded in place with their records and links intact`,
  );
} finally {
  anvil.kill("SIGTERM");
  rmSync(deploymentDir, { recursive: true, force: true });
}
