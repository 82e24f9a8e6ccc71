import { type Signer } from "ethers";

import { signAuthorization, type Authorization, type AuthorizationToken } from "./payments.js";

/** Where a parcel's tax year stands, mirroring `IPropertyTax.TaxStatus`. */
export const TaxStatus = { Unassessed: 0, NotTaxed: 1, Due: 2, Liened: 3, Paid: 4, PaidAtSale: 5 } as const;

/** Unassigned parcels are in zone 0. */
export const DEFAULT_ZONE = 0;

/** What the SDK needs of the property-tax contract. */
export interface TaxViews {
  getAddress(): Promise<string>;
  authorizationKey(parcelId: bigint, year: bigint): Promise<bigint>;
  taxStatus(parcelId: bigint, year: bigint): Promise<[bigint, bigint, bigint] & { status: bigint; amount: bigint }>;
}

/**
 * Signs a payer's ERC-3009 `ReceiveWithAuthorization` paying a parcel's tax for a year: to the tax contract, for
 * exactly the amount due, on the nonce key the contract binds to this parcel and year (so the signature can pay
 * nothing else). Submit it with `payWithAuthorization(parcelId, year, from, validAfter, validBefore, nonce, signature)`.
 */
export async function signTaxPayment(
  payer: Signer,
  token: AuthorizationToken,
  tax: TaxViews,
  parcelId: bigint,
  year: bigint,
  validBefore: bigint,
): Promise<Authorization> {
  const [, amount] = await tax.taxStatus(parcelId, year);
  const nonceKey = await tax.authorizationKey(parcelId, year);
  return signAuthorization(payer, token, await tax.getAddress(), amount, { validBefore, nonceKey, kind: "receive" });
}
