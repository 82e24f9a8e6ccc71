import type { BaseContract } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import type { City } from "../../src/deploy.js";
import { serviceId, type ServiceName } from "../../src/services.js";

/** The upgrade surface every city contract has (CityService + UUPS). */
interface Upgradeable {
  getAddress(): Promise<string>;
  implementation(): Promise<string>;
  connect(signer: unknown): { upgradeToAndCall(impl: string, data: string): Promise<{ wait(): Promise<unknown> }> };
}

/**
 * Upgrades a city contract to a freshly deployed implementation `newContract` through the city's authority, as
 * the development city's admin (UPGRADER, no delay on a local chain), optionally running `migration` (the
 * calldata of a reinitializer) in the same transaction, then records the new code in the directory when the
 * contract is a listed service. Returns the contract at the same address with the new ABI.
 */
export async function upgradeService<T extends BaseContract>(
  connection: NetworkConnection,
  city: City,
  proxy: BaseContract,
  newContract: string,
  options: { migration?: string; service?: ServiceName; constructorArgs?: unknown[] } = {},
): Promise<T> {
  const { ethers } = connection;
  const implementation = await ethers.deployContract(newContract, options.constructorArgs ?? []);
  const target = proxy as unknown as Upgradeable;
  await (
    await target
      .connect(city.accounts.admin)
      .upgradeToAndCall(await implementation.getAddress(), options.migration ?? "0x")
  ).wait();
  if (options.service !== undefined) {
    await (await city.directory.recordImplementation(serviceId(options.service))).wait();
  }
  return (await ethers.getContractAt(newContract, await target.getAddress())) as unknown as T;
}

/** Reads every listed view of a contract, so a test can compare records before and after an upgrade. */
export async function snapshotViews(calls: Record<string, () => Promise<unknown>>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, call] of Object.entries(calls)) {
    out[name] = JSON.stringify(await call(), (_, v) => (typeof v === "bigint" ? v.toString() : v));
  }
  return out;
}
