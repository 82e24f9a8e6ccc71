import { encodeBytes32String, id, parseEther } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { DocumentScheme, type DocumentRef } from "../../src/documents.js";
import { landHistory, parcelSpec, type LandHistoryEntry, type LandHistoryViews } from "../../src/land.js";
import { deployIdentityCity, type IdentityCity } from "../identity/helpers.js";

export const DAY = 86_400n;
export const PRICE = parseEther("250000");

/** A document reference as a registrar would anchor it (encrypted deed, public survey). */
export function doc(label: string, scheme: number = DocumentScheme.AES_256_GCM): DocumentRef {
  return { contentHash: id(label), scheme, uri: `ipfs://citychain/${label}` };
}

/** A land city: identities for the residents, CITY in the buyers' wallets, and two parcels. */
export interface LandCity extends IdentityCity {
  /** Sole-owned by alice, 1,000 m². */
  soleParcel: bigint;
  /** Co-owned: alice 60 %, dave 40 %, 2,400 m². */
  sharedParcel: bigint;
}

export async function deployLandCity(connection: NetworkConnection): Promise<LandCity> {
  const city = await deployIdentityCity(connection);
  const { token, identity, landRegistry, accounts, ids } = city;
  // The land service fails closed until the city sets its minimum assurance level.
  await identity.connect(accounts.admin).setServiceMinLevel(encodeBytes32String("land"), 1);
  for (const buyer of [accounts.bob, accounts.carol, accounts.erin]) {
    await token.connect(accounts.treasurer).mint(buyer.address, parseEther("1000000"));
  }
  const registrar = landRegistry.connect(accounts.landRegistrar);
  await registrar.registerParcel(parcelSpec("LOT-0001", 1_000n), [{ identityId: ids.alice, bps: 10_000 }]);
  await registrar.registerParcel(parcelSpec("LOT-0002", 2_400n), [
    { identityId: ids.alice, bps: 6_000 },
    { identityId: ids.dave, bps: 4_000 },
  ]);
  return { ...city, soleParcel: 1n, sharedParcel: 2n };
}

/** A parcel's chain of title, rebuilt from the register's events and verified against its on-chain head. */
export function historyOf(
  connection: NetworkConnection,
  registry: LandHistoryViews,
  parcelId: bigint,
): Promise<LandHistoryEntry[]> {
  return landHistory(registry, connection.ethers.provider, parcelId);
}

/** The latest block's timestamp plus `seconds`. */
export async function inFuture(connection: NetworkConnection, seconds: bigint): Promise<bigint> {
  return BigInt(await connection.networkHelpers.time.latest()) + seconds;
}
