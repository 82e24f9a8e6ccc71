import { AbiCoder, encodeBytes32String, id, keccak256, ZeroHash } from "ethers";

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
} as const;

/** The name of a revision kind, for printing a chain of title. */
export function landRevisionName(kind: bigint): string {
  return Object.entries(LandRevision).find(([, value]) => value === kind)?.[0] ?? `KIND_${kind}`;
}

/** Lien kinds and statuses, mirroring `ILandLiens`. */
export const LienKind = { None: 0, Mortgage: 1, Easement: 2, CourtOrder: 3 } as const;
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
