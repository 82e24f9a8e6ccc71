import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import type { ContractTransactionResponse } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import type { City } from "../../src/deploy.js";
import { AssuranceLevel, IdentityKind } from "../../src/identity.js";
import { batchInput, InspectionTopic, place, Unit } from "../../src/supply.js";
import { recordOf, registerResident } from "../identity/helpers.js";
import { cityOn } from "../shared/network.js";

export const DAY = 86_400n;
export const HERE = place("test site");

/**
 * A supply city: farm, mill, bakery and shop are business identities; alice and bob are residents (consumers,
 * guardians); foodSafety has an official identity trusted to issue the food-safety inspector credential, and
 * dave (a resident) holds it for a year. The farm created batch 1: 10,000 kg of wheat, 2,000,000 g CO2e.
 */
export interface SupplyCity extends City {
  ids: {
    farm: bigint;
    mill: bigint;
    bakery: bigint;
    shop: bigint;
    alice: bigint;
    bob: bigint;
    foodSafety: bigint;
    inspector: bigint;
  };
  claimUntil: bigint;
}

export async function deploySupplyCity(connection: NetworkConnection): Promise<SupplyCity> {
  const city = await cityOn(connection);
  const { farm, mill, bakery, shop, alice, bob, foodSafety, dave, admin } = city.accounts;
  const business = { kind: IdentityKind.Business, level: AssuranceLevel.ONE_TIME_CODE };
  const ids = {
    farm: await registerResident(city, farm, "CHE-200-001", business),
    mill: await registerResident(city, mill, "CHE-200-002", business),
    bakery: await registerResident(city, bakery, "CHE-200-003", business),
    shop: await registerResident(city, shop, "CHE-200-004", business),
    alice: await registerResident(city, alice, "A-001"),
    bob: await registerResident(city, bob, "B-002"),
    foodSafety: await registerResident(city, foodSafety, "FS-001", { kind: IdentityKind.Official }),
    inspector: await registerResident(city, dave, "D-004"),
  };
  const claimUntil = BigInt(await connection.networkHelpers.time.latest()) + 365n * DAY;
  await (await city.claims.connect(admin).setTrustedIssuer(InspectionTopic.FOOD_SAFETY, ids.foodSafety, true)).wait();
  await (
    await city.claims
      .connect(foodSafety)
      .issueClaim(ids.inspector, InspectionTopic.FOOD_SAFETY, recordOf("inspector licence"), claimUntil)
  ).wait();
  await (await city.supplyChain.connect(farm).createBatch(wheat(), HERE)).wait();
  return { ...city, ids, claimUntil };
}

/** The farm's wheat lot: 10,000 kg, 2 t CO2e. */
export function wheat(quantity = 10_000n, co2eGrams = 2_000_000n) {
  return batchInput("wheat", quantity, {
    unit: Unit.KILOGRAM,
    origin: "farm:north field",
    gtin: "07612345000019",
    lot: "W-2026-001",
    co2eGrams,
  });
}

/** Offers a batch and has the receiver accept it. */
export async function handOver(
  city: City,
  batchId: bigint,
  from: HardhatEthersSigner,
  to: HardhatEthersSigner,
  toId: bigint,
): Promise<void> {
  await (await city.supplyChain.connect(from).offer(batchId, toId, HERE)).wait();
  await (await city.supplyChain.connect(to).accept(batchId, HERE)).wait();
}

/** The first output id of a split/merge/transform transaction (from `BatchesTransformed`). */
export async function firstOutputOf(
  supplyChain: City["supplyChain"],
  sent: Promise<ContractTransactionResponse>,
): Promise<bigint> {
  const receipt = await (await sent).wait();
  for (const log of receipt?.logs ?? []) {
    const parsed = supplyChain.interface.parseLog(log);
    if (parsed?.name === "BatchesTransformed") return parsed.args.firstOutput as bigint;
  }
  throw new Error("no BatchesTransformed event");
}

/** Moves identity `identityId` to `newWallet` through two guardians' recovery (alice and bob). */
export async function recoverIdentity(
  connection: NetworkConnection,
  city: SupplyCity,
  identityId: bigint,
  owner: HardhatEthersSigner,
  newWallet: string,
): Promise<void> {
  const { identity, accounts, ids } = city;
  const { networkHelpers } = connection;
  await (await identity.connect(owner).appointGuardians(identityId, [ids.alice, ids.bob], 2)).wait();
  const delay = await identity.recoveryDelay();
  await networkHelpers.time.increase(delay + 1n);
  const recoveryId = await identity.connect(accounts.alice).initiateRecovery.staticCall(identityId, newWallet);
  await (await identity.connect(accounts.alice).initiateRecovery(identityId, newWallet)).wait();
  await (await identity.connect(accounts.bob).approveRecovery(recoveryId)).wait();
  await networkHelpers.time.increase(delay + 1n);
  await (await identity.connect(accounts.alice).executeRecovery(recoveryId)).wait();
  expect(await identity.walletOf(identityId)).to.equal(newWallet);
}
