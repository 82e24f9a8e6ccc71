import { id } from "ethers";

import { DocumentScheme, type DocumentRef } from "./documents.js";

/** The flag bit of a compliance allowance id, mirroring `contracts/carbon/CarbonIds.sol`. */
export const ALLOWANCE_FLAG = 1n << 255n;

/** The ERC-1155 id of a batch of offset credits: `projectId << 64 | vintage << 32 | batch`. */
export function creditId(projectId: bigint, vintage: number | bigint, batch: number | bigint): bigint {
  return (projectId << 64n) | (BigInt(vintage) << 32n) | BigInt(batch);
}

/** The ERC-1155 id of the compliance allowances of a period: `1 << 255 | periodId`. */
export function allowanceId(periodId: bigint): bigint {
  return ALLOWANCE_FLAG | periodId;
}

/** The project, vintage and batch number of a credit id. */
export function decodeCreditId(tokenId: bigint): { projectId: bigint; vintage: number; batch: number } {
  return {
    projectId: tokenId >> 64n,
    vintage: Number((tokenId >> 32n) & 0xffffn),
    batch: Number(tokenId & 0xffffffffn),
  };
}

/** A certificate id: `creditId << 64 | offset` of its first serial in the batch. */
export function certificateId(tokenId: bigint, offset: bigint): bigint {
  return (tokenId << 64n) | offset;
}

/** Certificate kinds, mirroring `ICarbonCredits.CertificateKind`. */
export const CertificateKind = { None: 0n, Retirement: 1n, ComplianceSurrender: 2n, Cancellation: 3n } as const;

/** Emissions record status, mirroring `IEmissionsRegister.RecordStatus`. */
export const RecordStatus = { None: 0n, Reported: 1n, Settled: 2n } as const;

/** Revision kinds of an emissions record, mirroring `contracts/carbon/CarbonRevisions.sol`. */
export const CarbonRevision = {
  EMISSIONS_RECORDED: 1n,
  EMISSIONS_CORRECTED: 2n,
  ALLOWANCES_SURRENDERED: 3n,
  OFFSETS_SURRENDERED: 4n,
  SETTLED: 5n,
  SHORTFALL_CARRIED_IN: 6n,
} as const;

/** The name of a revision kind, for printing a record's history. */
export function carbonRevisionName(kind: bigint): string {
  return Object.entries(CarbonRevision).find(([, value]) => value === kind)?.[0] ?? `KIND_${kind}`;
}

/** The record key of an emitter's record for a period (`RecordRevised.recordKey`, `DocumentAnchored.recordKey`). */
export function emissionsRecordKey(emitterId: bigint, periodId: bigint): string {
  return "0x" + ((emitterId << 64n) | periodId).toString(16).padStart(64, "0");
}

/** A public MRV or project document reference (a test/demo helper: the hash of a label, an ipfs URI). */
export function carbonDocument(label: string, scheme: number = DocumentScheme.PLAINTEXT): DocumentRef {
  return { contentHash: id(label), scheme, uri: `ipfs://citychain/carbon/${encodeURIComponent(label)}` };
}
