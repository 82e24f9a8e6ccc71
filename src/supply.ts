import { AbiCoder, encodeBytes32String, id, keccak256, ZeroHash, type Signer, type TypedDataField } from "ethers";

import { DocumentScheme, type DocumentRef } from "./documents.js";
import { serviceDomain, type Eip712Service } from "./eip712.js";

/** Unit codes of batch quantities (the contracts only require a non-zero code; this is the city's table). */
export const Unit = { KILOGRAM: 1, TONNE: 2, LITRE: 3, PIECE: 4, CUBIC_METRE: 5 } as const;

/** Batch status, mirroring `ISupplyChain.BatchStatus`. */
export const BatchStatus = { None: 0n, Active: 1n, Consumed: 2n } as const;

/** Transformation kinds in `BatchesTransformed.kind`. */
export const TransformKind = { Split: 1n, Merge: 2n, Transform: 3n } as const;

/** A conversion factor of 1 in basis points; `SupplyChain.MAX_FACTOR_BPS` is 5x. */
export const FACTOR_ONE = 10_000;

/** Inspector credential topics (IdentityClaims topics), also the certification topics. */
export const InspectionTopic = {
  FOOD_SAFETY: encodeBytes32String("food-safety-inspector"),
  ORGANIC: encodeBytes32String("organic-certifier"),
  BUILDING_CODE: encodeBytes32String("building-code-inspector"),
} as const;

/** A product type as the contracts take it (a bytes32 string such as "wheat"). */
export function productType(name: string): string {
  return encodeBytes32String(name);
}

/** A place (EPCIS `where`): the hash of a location label, e.g. a GLN or "mill:Riverside". */
export function place(label: string): string {
  return id(`where:${label}`);
}

/** A commitment to an off-chain value (GTIN, lot number, data sheet): keccak256 of a salted label. */
export function commitTo(value: string, salt: string = ZeroHash): string {
  return keccak256(AbiCoder.defaultAbiCoder().encode(["string", "bytes32"], [value, salt]));
}

/** `ISupplyChain.BatchInput`. */
export type BatchInput = {
  productType: string;
  quantity: bigint;
  unit: number;
  origin: string;
  dataCommitment: string;
  gtinCommitment: string;
  lotCommitment: string;
  co2eGrams: bigint;
};

/** A batch input from clear labels; GTIN and lot are optional. */
export function batchInput(
  product: string,
  quantity: bigint,
  options: { unit?: number; origin?: string; gtin?: string; lot?: string; co2eGrams?: bigint } = {},
): BatchInput {
  return {
    productType: productType(product),
    quantity,
    unit: options.unit ?? Unit.KILOGRAM,
    origin: place(options.origin ?? "unknown"),
    dataCommitment: commitTo(`datasheet:${product}`),
    gtinCommitment: options.gtin === undefined ? ZeroHash : commitTo(options.gtin),
    lotCommitment: options.lot === undefined ? ZeroHash : commitTo(options.lot),
    co2eGrams: options.co2eGrams ?? 0n,
  };
}

/** The record commitment `createBatch` stores, recomputed from the clear values of `BatchCreated`. */
export function recordCommitment(input: BatchInput): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["bytes32", "bytes32", "bytes32", "bytes32", "bytes32"],
      [input.productType, input.origin, input.dataCommitment, input.gtinCommitment, input.lotCommitment],
    ),
  );
}

/** `ISupplyChain.TransformOutput`. */
export function transformOutput(
  product: string,
  quantity: bigint,
): {
  productType: string;
  quantity: bigint;
  dataCommitment: string;
} {
  return { productType: productType(product), quantity, dataCommitment: commitTo(`datasheet:${product}`) };
}

/** EIP-712 types of an acceptance of custody, mirroring `SupplyChainState._ACCEPT_TYPEHASH`. */
export const ACCEPT_TYPES: Record<string, TypedDataField[]> = {
  Accept: [
    { name: "batchId", type: "uint256" },
    { name: "holderId", type: "uint256" },
    { name: "receiverId", type: "uint256" },
    { name: "where", type: "bytes32" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** An acceptance to sign by the receiver identity's primary wallet. */
export interface Accept {
  batchId: bigint;
  holderId: bigint;
  receiverId: bigint;
  where: string;
  nonce: bigint;
  deadline: bigint;
}

/** Signs an acceptance of custody for `acceptBySig` (domain read from the contract, EIP-5267). */
export async function signAccept(signer: Signer, supplyChain: Eip712Service, accept: Accept): Promise<string> {
  return signer.signTypedData(await serviceDomain(supplyChain), ACCEPT_TYPES, accept);
}

/** An inspection report reference (a test/demo helper: the hash of a label, an ipfs URI). */
export function inspectionReport(label: string): DocumentRef {
  return {
    contentHash: id(label),
    scheme: DocumentScheme.PLAINTEXT,
    uri: `ipfs://citychain/supply/${encodeURIComponent(label)}`,
  };
}
