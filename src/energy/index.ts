import { AbiCoder, keccak256, type Signer, type TypedDataField } from "ethers";

import { serviceDomain, type Eip712Service } from "../eip712.js";

export { clearMarket, priceRange, type Clearing, type EngineOrder } from "./clearing.js";

/** `IEnergyMarket.MarketStatus`. */
export const MarketStatus = { Open: 0, Proposed: 1, Settled: 2 } as const;

/** Orders per side of one market and bids per identity and interval (`EnergyMarketStorage`). */
export const MAX_ORDERS_PER_SIDE = 64;
export const MAX_BIDS_PER_IDENTITY = 4;

/** The default delivery interval: 15 minutes. */
export const DEFAULT_INTERVAL = 900n;

/** EIP-712 types of a meter reading, mirroring `EnergyMeters.READING_TYPEHASH`. */
export const READING_TYPES: Record<string, TypedDataField[]> = {
  Reading: [
    { name: "meterId", type: "uint256" },
    { name: "interval", type: "uint64" },
    { name: "exportedWh", type: "uint64" },
    { name: "importedWh", type: "uint64" },
    { name: "nonce", type: "uint64" },
    { name: "deadline", type: "uint256" },
  ],
};

/** A meter reading to sign. */
export interface MeterReading {
  meterId: bigint;
  interval: bigint;
  exportedWh: bigint;
  importedWh: bigint;
  nonce: bigint;
  deadline: bigint;
}

/** What the SDK needs of the meter register. */
export interface MeterRegister extends Eip712Service {
  meter(meterId: bigint): Promise<{ nonce: bigint }>;
}

/**
 * Signs a reading with the meter's own key (the device identity's primary wallet); the nonce is read from the
 * register unless given.
 */
export async function signReading(
  meterKey: Signer,
  meters: MeterRegister,
  reading: Omit<MeterReading, "nonce"> & { nonce?: bigint },
): Promise<{ reading: MeterReading; signature: string }> {
  const nonce = reading.nonce ?? (await meters.meter(reading.meterId)).nonce;
  const full: MeterReading = { ...reading, nonce };
  const signature = await meterKey.signTypedData(await serviceDomain(meters), READING_TYPES, full);
  return { reading: full, signature };
}

/** The next interval start at least `lead` seconds after `now` (so its gate is still open). */
export function nextInterval(now: bigint, lead: bigint, length = DEFAULT_INTERVAL): bigint {
  return ((now + lead) / length + 1n) * length;
}

/** The commitment the market keeps of a clearing: `keccak256(abi.encode(price, fills))`. */
export function fillsHash(price: bigint, fills: bigint[]): string {
  return keccak256(AbiCoder.defaultAbiCoder().encode(["uint64", "uint32[]"], [price, fills]));
}
