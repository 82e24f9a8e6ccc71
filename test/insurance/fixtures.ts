import { encodeBytes32String, id, parseEther } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { IdentityKind } from "../../src/identity.js";
import { Peril, type ProductTerms } from "../../src/insurance.js";
import { parcelSpec } from "../../src/land.js";
import { deployIdentityCity, registerResident, type IdentityCity } from "../identity/helpers.js";

export const DAY = 86_400n;
export const CAPITAL = parseEther("2000000");
export const HOUSE = parseEther("300000");

/** Default property terms: 1 year, 7-day waiting, 30-day grace, 1 % rate, four eyes above 50,000 CITY. */
export function propertyTerms(poolId: bigint, over: Partial<ProductTerms> = {}): ProductTerms {
  return {
    poolId,
    peril: Peril.Property,
    parametric: false,
    minLevel: 2,
    term: 365n * DAY,
    waitingPeriod: 7n * DAY,
    gracePeriod: 30n * DAY,
    rateBps: 100,
    trigger: 0n,
    basePremium: parseEther("10"),
    maxSumInsured: parseEther("1000000"),
    deductible: parseEther("1000"),
    fourEyesThreshold: parseEther("50000"),
    ...over,
  };
}

/** Parametric flood terms: pays the cover when the posted level >= 150 (cm). */
export function floodTerms(poolId: bigint, over: Partial<ProductTerms> = {}): ProductTerms {
  return propertyTerms(poolId, {
    peril: Peril.Flood,
    parametric: true,
    term: 0n,
    waitingPeriod: 0n,
    gracePeriod: 7n * DAY,
    trigger: 150n,
    deductible: 0n,
    basePremium: parseEther("1"),
    ...over,
  });
}

export interface InsuranceCity extends IdentityCity {
  officialIds: { insurer: bigint; insurer2: bigint; assessor: bigint; assessor2: bigint };
  /** Pool 1 (insurer), pool 2 (insurer2), each funded with CAPITAL. */
  pool1: bigint;
  pool2: bigint;
  /** Property products: 1 on pool 1, 2 on pool 2. */
  product1: bigint;
  product2: bigint;
  /** Parcel 1 sole-owned by alice; parcel 2 co-owned by alice and dave. */
  parcel: bigint;
  sharedParcel: bigint;
}

/** A city with insurers' and assessors' identities, two funded pools, two property products and two parcels. */
export async function deployInsuranceCity(connection: NetworkConnection): Promise<InsuranceCity> {
  const city = await deployIdentityCity(connection);
  const { token, insurance, landRegistry, accounts, ids } = city;
  const officialIds = {
    insurer: await registerResident(city, accounts.insurer, "INS-1", { kind: IdentityKind.Business }),
    insurer2: await registerResident(city, accounts.insurer2, "INS-2", { kind: IdentityKind.Business }),
    assessor: await registerResident(city, accounts.assessor, "ASS-1", { kind: IdentityKind.Official }),
    assessor2: await registerResident(city, accounts.assessor2, "ASS-2", { kind: IdentityKind.Official }),
  };
  const address = await insurance.getAddress();
  for (const who of [
    accounts.insurer,
    accounts.insurer2,
    accounts.alice,
    accounts.bob,
    accounts.carol,
    accounts.dave,
  ]) {
    await token.connect(accounts.treasurer).mint(who.address, CAPITAL * 2n);
    await token.connect(who).approve(address, CAPITAL * 2n);
  }
  for (const who of [accounts.insurer, accounts.insurer2]) {
    await insurance.connect(who).createPool();
  }
  await insurance.connect(accounts.insurer).fundPool(1n, CAPITAL);
  await insurance.connect(accounts.insurer2).fundPool(2n, CAPITAL);
  await insurance.connect(accounts.insurer).createProduct(propertyTerms(1n));
  await insurance.connect(accounts.insurer2).createProduct(propertyTerms(2n));
  // The land service fails closed until the city sets its minimum level (review I-03).
  await city.identity.connect(accounts.admin).setServiceMinLevel(encodeBytes32String("land"), 1);
  const registrar = landRegistry.connect(accounts.landRegistrar);
  await registrar.registerParcel(parcelSpec("INS-LOT-1", 500n), [{ identityId: ids.alice, bps: 10_000 }]);
  await registrar.registerParcel(parcelSpec("INS-LOT-2", 900n), [
    { identityId: ids.alice, bps: 5_000 },
    { identityId: ids.dave, bps: 5_000 },
  ]);
  return { ...city, officialIds, pool1: 1n, pool2: 2n, product1: 1n, product2: 2n, parcel: 1n, sharedParcel: 2n };
}

export const incident = (label: string): string => id(`incident ${label}`);
export const evidence = (label: string): string => id(`evidence ${label}`);
