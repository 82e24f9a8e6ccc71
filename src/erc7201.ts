import { AbiCoder, keccak256, toBeHex, toUtf8Bytes } from "ethers";

/**
 * The ERC-7201 storage slot of a namespace id (`@custom:storage-location erc7201:<id>`):
 * `keccak256(abi.encode(uint256(keccak256(id)) - 1)) & ~bytes32(uint256(0xff))`.
 * Run `node src/erc7201.ts citychain.storage.MyService` to print the constant for a new contract.
 */
export function erc7201Slot(namespaceId: string): string {
  const inner = BigInt(keccak256(toUtf8Bytes(namespaceId))) - 1n;
  const outer = BigInt(keccak256(AbiCoder.defaultAbiCoder().encode(["uint256"], [inner])));
  return toBeHex(outer & ~0xffn, 32);
}

if (process.argv[1]?.endsWith("erc7201.ts")) {
  for (const id of process.argv.slice(2)) console.log(`${id} ${erc7201Slot(id)}`);
}
