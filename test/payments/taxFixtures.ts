import { parseEther } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { IdentityKind } from "../../src/identity.js";
import { deployLandCity, type LandCity } from "../land/fixtures.js";
import { registerResident } from "../identity/helpers.js";

export const DAY = 86_400n;
export const YEAR = 2027n;
export const RATE_ZONE0 = parseEther("1"); // per m²
export const RATE_ZONE1 = parseEther("3");
export const GRACE = 30n * DAY;

/** A land city with a treasury identity, a levied year (zone 0 and 1) and tokens approved by the owners. */
export interface TaxCity extends LandCity {
  treasuryId: bigint;
  dueDate: bigint;
}

export async function deployTaxCity(connection: NetworkConnection): Promise<TaxCity> {
  const city = await deployLandCity(connection);
  const { token, propertyTax, accounts } = city;
  const treasuryId = await registerResident(city, accounts.treasurer, "CITY-TREASURY", { kind: IdentityKind.Business });
  await (await propertyTax.connect(accounts.treasurer).setTreasury(treasuryId)).wait();
  const taxAddress = await propertyTax.getAddress();
  for (const payer of [accounts.alice, accounts.bob, accounts.dave]) {
    await (await token.connect(accounts.treasurer).mint(payer.address, parseEther("100000"))).wait();
    await (await token.connect(payer).approve(taxAddress, parseEther("100000"))).wait();
  }
  const dueDate = BigInt(await connection.networkHelpers.time.latest()) + 60n * DAY;
  await (
    await propertyTax.connect(accounts.taxOffice).levy(YEAR, dueDate, GRACE, [0, 1], [RATE_ZONE0, RATE_ZONE1])
  ).wait();
  return { ...city, treasuryId, dueDate };
}
