import { parseEther } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { carbonDocument, creditId } from "../../src/carbon.js";
import type { City } from "../../src/deploy.js";
import { AssuranceLevel, IdentityKind } from "../../src/identity.js";
import { registerResident } from "../identity/helpers.js";
import { cityOn } from "../shared/network.js";

export const DAY = 86_400n;
export const VINTAGE = 2026;
export const PENALTY = parseEther("100");
/** The first batch of the solar project: serials 1..10,000. */
export const BATCH = creditId(1n, VINTAGE, 1);

/**
 * A carbon city: the verifier has an official identity; dave runs a factory and carol a steelworks (business
 * identities, the emitters); erin runs a solar park (a business identity owning project 1); bob is a resident.
 * Project 1 (2026 vintage capped at 100,000, eligible for compliance) issued batch 1 (serials 1..10,000) to the
 * solar park. Period 1 closes in 90 days (cap 50,000, offsets up to 20 %, 100 CITY per tonne short); the
 * factory got 6,000 allowances and the steelworks 3,000.
 */
export interface CarbonCity extends City {
  ids: { verifier: bigint; factory: bigint; steel: bigint; solar: bigint; bob: bigint };
  deadline: bigint;
}

export async function deployCarbonCity(connection: NetworkConnection): Promise<CarbonCity> {
  const city = await cityOn(connection);
  const { carbonVerifier, dave, carol, erin, bob, regulator } = city.accounts;
  const business = { kind: IdentityKind.Business, level: AssuranceLevel.ONE_TIME_CODE };
  const ids = {
    verifier: await registerResident(city, carbonVerifier, "V-900", { kind: IdentityKind.Official }),
    factory: await registerResident(city, dave, "CHE-100-001", business),
    steel: await registerResident(city, carol, "CHE-100-002", business),
    solar: await registerResident(city, erin, "CHE-100-003", business),
    bob: await registerResident(city, bob, "B-002"),
  };
  const credits = city.carbonCredits.connect(regulator);
  await (await credits.registerProject(ids.solar, carbonDocument("solar park PDD"))).wait();
  await (await credits.setVintageCap(1n, VINTAGE, 100_000n)).wait();
  await (await credits.setProjectEligibility(1n, true)).wait();
  await (
    await city.carbonCredits.connect(carbonVerifier).issueBatch(1n, VINTAGE, 1n, 10_000n, carbonDocument("verif 1"))
  ).wait();
  const deadline = BigInt(await connection.networkHelpers.time.latest()) + 90n * DAY;
  await (await city.emissionsRegister.connect(regulator).openPeriod(deadline, 50_000n, 2_000, PENALTY)).wait();
  await (await credits.allocate(1n, ids.factory, 6_000n)).wait();
  await (await credits.allocate(1n, ids.steel, 3_000n)).wait();
  return { ...city, ids, deadline };
}
