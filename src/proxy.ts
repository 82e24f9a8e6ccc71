import type { BaseContract } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

/**
 * Deploys a city contract the way the city does (deploy/wiring.ts `deployProxy`): its implementation, then an
 * ERC-1967 proxy that calls `initialize(...initArgs)` in the same transaction. Returns the contract at the proxy.
 * For tests that need a second instance of a service (directory modules, stand-alone harnesses).
 */
export async function deployBehindProxy<T extends BaseContract = BaseContract>(
  connection: NetworkConnection,
  contract: string,
  initArgs: unknown[],
  constructorArgs: unknown[] = [],
): Promise<T> {
  const { ethers } = connection;
  const implementation = await ethers.deployContract(contract, constructorArgs);
  const data = implementation.interface.encodeFunctionData("initialize", initArgs);
  const proxy = await ethers.deployContract("ERC1967Proxy", [await implementation.getAddress(), data]);
  return (await ethers.getContractAt(contract, await proxy.getAddress())) as unknown as T;
}
