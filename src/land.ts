import {
  AbiCoder,
  encodeBytes32String,
  id,
  Interface,
  keccak256,
  toBeHex,
  TypedDataEncoder,
  ZeroHash,
  type Provider,
  type Signer,
  type TypedDataDomain,
  type TypedDataField,
} from "ethers";

import { DocumentScheme, type DocumentRef } from "./documents.js";

/**
 * Kinds of change in a parcel's chain of title, mirroring `contracts/land/LandRevisions.sol` (3 and 4 are
 * reserved: deed locks are events only).
 */
export const LandRevision = {
  REGISTERED: 1n,
  TRANSFERRED: 2n,
  FROZEN: 5n,
  UNFROZEN: 6n,
  LIEN_ADDED: 7n,
  LIEN_RELEASED: 8n,
  LIEN_PAID_OFF: 9n,
  SUBDIVIDED: 10n,
  CREATED_BY_SUBDIVISION: 11n,
  MERGED: 12n,
  CREATED_BY_MERGER: 13n,
  SUCCEEDED: 14n,
  SOLD: 15n,
} as const;

/** The name of a revision kind, for printing a chain of title. */
export function landRevisionName(kind: bigint): string {
  return Object.entries(LandRevision).find(([, value]) => value === kind)?.[0] ?? `KIND_${kind}`;
}

/** Lien kinds and statuses, mirroring `ILandLiens`. */
export const LienKind = { None: 0, Mortgage: 1, Easement: 2, CourtOrder: 3, Statutory: 4 } as const;
export const LienStatus = { None: 0n, Proposed: 1n, Active: 2n, Released: 3n, PaidOff: 4n, Rejected: 5n } as const;

/** Parcel and deed statuses, mirroring `ILandRegistry.ParcelStatus` and `ILandDeeds.DeedStatus`. */
export const ParcelStatus = { None: 0n, Active: 1n, Retired: 2n } as const;
export const DeedStatus = { None: 0n, Open: 1n, Completed: 2n, Cancelled: 3n } as const;

/**
 * The action hash the parties of a deed approve (`LandDeeds._deedAction`): a wallet can show exactly which
 * sale a consent request is about before its owner signs. `encumbrances` is the lien register's
 * `encumbranceHash(parcelId)` when the deed was opened (zero for a parcel without active liens): the buyer
 * approves the parcel with exactly those liens.
 */
export function deedAction(parcelId: bigint, buyerId: bigint, price: bigint, encumbrances: string = ZeroHash): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["string", "uint256", "uint64", "uint256", "bytes32"],
      ["citychain.land.deed", parcelId, buyerId, price, encumbrances],
    ),
  );
}

/** What a land registrar supplies for a parcel (`ILandRegistry.ParcelSpec`). */
export type ParcelSpec = {
  cadastralId: string;
  areaM2: bigint;
  survey: DocumentRef;
  deedDocuments: DocumentRef;
};

/**
 * A parcel spec for cadastral id `lot` (at most 31 characters). The survey is a public document and the
 * deed documents encrypted ones; pass the real references when the documents exist, otherwise
 * placeholders derived from `lot` are used (tests, demos, benchmarks).
 */
export function parcelSpec(
  lot: string,
  areaM2: bigint,
  documents: { survey?: DocumentRef; deedDocuments?: DocumentRef } = {},
): ParcelSpec {
  return {
    cadastralId: encodeBytes32String(lot),
    areaM2,
    survey: documents.survey ?? {
      contentHash: id(`survey ${lot}`),
      scheme: DocumentScheme.PLAINTEXT,
      uri: `ipfs://survey/${lot}`,
    },
    deedDocuments: documents.deedDocuments ?? {
      contentHash: id(`deed ${lot}`),
      scheme: DocumentScheme.AES_256_GCM,
      uri: `ipfs://deeds/${lot}`,
    },
  };
}

/**
 * EIP-712 types of a signed land sale, mirroring `LandSettlementModule.DEED_TERMS_TYPEHASH`: every co-owner and the
 * buyer sign the same terms, each naming its own identity as `party`. The signature is checked against that
 * identity's current primary wallet (EOA or ERC-1271), so a key recovery kills it; `revision` is the parcel's
 * `revisionCount`, so any change of the parcel (a sale, a freeze, a lien) kills it too.
 */
export const DEED_TERMS_TYPES: Record<string, TypedDataField[]> = {
  DeedTerms: [
    { name: "party", type: "uint64" },
    { name: "parcelId", type: "uint256" },
    { name: "buyerId", type: "uint64" },
    { name: "price", type: "uint256" },
    { name: "liens", type: "bytes32" },
    { name: "revision", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** The terms of a signed land sale (`ILandSettlement.DeedTerms`). */
export type DeedTerms = {
  parcelId: bigint;
  buyerId: bigint;
  price: bigint;
  /** The lien register's `encumbranceHash(parcelId)` the parties accept (ZeroHash: no liens). */
  liens: string;
  /** The parcel's `revisionCount` when signed. */
  revision: bigint;
  deadline: bigint;
};

/** What the SDK needs to prepare deed terms. */
export interface LandViews {
  revisionCount(parcelId: bigint): Promise<bigint>;
}
export interface LienViews {
  encumbranceHash(parcelId: bigint): Promise<string>;
}

/** Reads the current revision and accepted liens of a parcel and builds the terms every party signs. */
export async function deedTerms(
  registry: LandViews,
  liens: LienViews,
  parcelId: bigint,
  buyerId: bigint,
  price: bigint,
  deadline: bigint,
): Promise<DeedTerms> {
  const [revision, encumbrances] = await Promise.all([
    registry.revisionCount(parcelId),
    liens.encumbranceHash(parcelId),
  ]);
  return { parcelId, buyerId, price, liens: encumbrances, revision, deadline };
}

/**
 * The EIP-712 domain of signed land sales: the land register's (`verifyingContract` = its proxy), which runs the
 * sale by `settleSigned` (version "2"; version "1" was the former LandSettlement proxy's, whose signatures the
 * register refuses).
 */
export async function deedTermsDomain(
  registry: { getAddress(): Promise<string> },
  chainId: bigint,
): Promise<TypedDataDomain> {
  return { name: "citychain LandSettlement", version: "2", chainId, verifyingContract: await registry.getAddress() };
}

/** The EIP-712 digest party identity `party` signs for `terms` (e.g. for an ERC-1271 wallet's own check). */
export async function deedTermsDigest(
  registry: { getAddress(): Promise<string> },
  chainId: bigint,
  terms: DeedTerms,
  party: bigint,
): Promise<string> {
  return TypedDataEncoder.hash(await deedTermsDomain(registry, chainId), DEED_TERMS_TYPES, { party, ...terms });
}

/**
 * Signs deed terms as the party identity `party` (its current primary wallet, or a key an ERC-1271 wallet accepts),
 * for the land register `registry` (`LandRegistry.settleSigned`); the chain id is the signer's provider's.
 */
export async function signDeedTerms(
  signer: Signer,
  registry: { getAddress(): Promise<string> },
  terms: DeedTerms,
  party: bigint,
): Promise<string> {
  const provider = signer.provider;
  if (provider === null) throw new Error("signDeedTerms: the signer has no provider (the chain id is needed)");
  const { chainId } = await provider.getNetwork();
  return signer.signTypedData(await deedTermsDomain(registry, chainId), DEED_TERMS_TYPES, { party, ...terms });
}

/** One revision of a parcel's chain of title, rebuilt from its `RecordRevised` event. */
export type LandHistoryEntry = {
  revision: bigint;
  kind: bigint;
  ref: bigint;
  /** The account that made the change (the event's `actor`). */
  actor: string;
  /** The block timestamp of the change. */
  timestamp: bigint;
  blockNumber: number;
  transactionHash: string;
};

/** What the history verifier reads: the register's address, its `historyHead` view and a provider for logs. */
export interface LandHistoryViews {
  getAddress(): Promise<string>;
  historyHead(parcelId: bigint): Promise<[bigint, string]>;
}

const RECORD_REVISED = new Interface([
  "event RecordRevised(bytes32 indexed recordKey, uint256 indexed revision, uint16 indexed kind, uint192 ref, address actor)",
]);

const REVISION_BITS = (1n << 64n) - 1n;

/**
 * The next head of a parcel's hash chain (`ILandRegistry.historyHead`): the high 192 bits of keccak256 of the
 * previous head and the entry, then the entry's revision in the low 64 bits.
 */
export function nextLandHistoryHead(head: string, entry: LandHistoryEntry): string {
  const link = keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["bytes32", "uint256", "uint16", "uint192", "address", "uint256"],
      [head, entry.revision, entry.kind, entry.ref, entry.actor, entry.timestamp],
    ),
  );
  return toBeHex((BigInt(link) & ~REVISION_BITS) | entry.revision, 32);
}

/**
 * Checks a parcel's history (oldest first) against the register's on-chain anchor: revisions numbered 1..n with
 * no gap or repeat, n equal to `revision`, and the hash chain of the entries ending in `head`. Throws otherwise
 * (a missing, forged, altered or reordered event).
 */
export function checkLandHistory(entries: LandHistoryEntry[], revision: bigint, head: string): void {
  let chained = ZeroHash;
  for (const [i, entry] of entries.entries()) {
    if (entry.revision !== BigInt(i + 1))
      throw new Error(`land history: revision ${entry.revision} found where ${i + 1} was expected`);
    chained = nextLandHistoryHead(chained, entry);
  }
  if (BigInt(entries.length) !== revision)
    throw new Error(`land history: ${entries.length} revisions found, the register counts ${revision}`);
  if (chained !== head) throw new Error(`land history: the events hash to ${chained}, the register's head is ${head}`);
}

/**
 * A parcel's full chain of title, rebuilt from the register's `RecordRevised` logs and verified against its
 * on-chain head ({checkLandHistory}): returns the entries oldest first, throws if they do not match. `fromBlock`
 * may be the register's deployment block (no parcel revision is older); the provider must serve every log from
 * there on (an archive node or an indexer), or the check fails.
 */
export async function landHistory(
  registry: LandHistoryViews,
  provider: Provider,
  parcelId: bigint,
  fromBlock = 0,
): Promise<LandHistoryEntry[]> {
  const address = await registry.getAddress();
  const [[revision, head], logs] = await Promise.all([
    registry.historyHead(parcelId),
    provider.getLogs({
      address,
      topics: [RECORD_REVISED.getEvent("RecordRevised")!.topicHash, toBeHex(parcelId, 32)],
      fromBlock,
      toBlock: "latest",
    }),
  ]);
  const timestamps = new Map<number, bigint>();
  for (const blockNumber of new Set(logs.map((log) => log.blockNumber))) {
    timestamps.set(blockNumber, BigInt((await provider.getBlock(blockNumber))!.timestamp));
  }
  const entries = logs.map((log): LandHistoryEntry => {
    const event = RECORD_REVISED.parseLog(log)!;
    return {
      revision: event.args.revision,
      kind: event.args.kind,
      ref: event.args.ref,
      actor: event.args.actor,
      timestamp: timestamps.get(log.blockNumber)!,
      blockNumber: log.blockNumber,
      transactionHash: log.transactionHash,
    };
  });
  checkLandHistory(entries, revision, head);
  return entries;
}
