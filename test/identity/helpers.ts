import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { encodeBytes32String, type ContractTransactionResponse } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { saltedCommitment, subjectCommitment } from "../../src/commitments.js";
import type { City } from "../../src/deploy.js";
import { AssuranceLevel, IdentityKind } from "../../src/identity.js";
import { cityOn } from "../shared/network.js";

/** The registrars' shared pepper for subject commitments (a test value; real ones stay off-chain). */
export const PEPPER = "0x" + "5e".repeat(32);
export const DAY = 86_400n;
export const YEAR = 365n * DAY;

/** A subject commitment for a national id, as registrars compute it. */
export function subjectOf(nationalId: string): string {
  return subjectCommitment(nationalId, PEPPER);
}

/** A salted commitment to an off-chain identity record. */
export function recordOf(label: string): string {
  return saltedCommitment(JSON.stringify({ record: label }), "0x" + "ab".repeat(32)).commitment;
}

/** A reason code as registrars pass it. */
export function reason(text: string): string {
  return encodeBytes32String(text);
}

/** The id an identity-creating transaction gave, read from its `IdentityRegistered` event. */
export async function registeredId(city: City, sent: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await sent).wait();
  for (const log of receipt?.logs ?? []) {
    const parsed = city.identity.interface.parseLog(log);
    if (parsed?.name === "IdentityRegistered") return parsed.args.identityId as bigint;
  }
  throw new Error("no IdentityRegistered event");
}

/** Registers a resident for `wallet` at `level`, valid for a year unless told otherwise; returns its id. */
export async function registerResident(
  city: City,
  wallet: HardhatEthersSigner | string,
  nationalId: string,
  options: { level?: number; kind?: number; validUntil?: bigint } = {},
): Promise<bigint> {
  const address = typeof wallet === "string" ? wallet : wallet.address;
  const validUntil = options.validUntil ?? (await chainTime(city)) + 10n * YEAR;
  return registeredId(
    city,
    city.identity
      .connect(city.accounts.registrar)
      .register(
        options.kind ?? IdentityKind.Resident,
        options.level ?? AssuranceLevel.BIOMETRIC,
        subjectOf(nationalId),
        recordOf(nationalId),
        validUntil,
        address,
      ),
  );
}

/** The latest block's timestamp. */
export async function chainTime(city: City): Promise<bigint> {
  const block = await city.identity.runner?.provider?.getBlock("latest");
  if (block === undefined) throw new Error("the registry has no provider");
  if (block === null) throw new Error("no latest block");
  return BigInt(block.timestamp);
}

/** A city whose residents alice, bob, carol, dave and erin have identities (levels 3, 2, 1, 3, 2). */
export interface IdentityCity extends City {
  ids: { alice: bigint; bob: bigint; carol: bigint; dave: bigint; erin: bigint };
  validUntil: bigint;
}

/** Deploys the city and registers the residents. Wrap it in a named fixture function for `loadFixture`. */
export async function deployIdentityCity(connection: NetworkConnection): Promise<IdentityCity> {
  const city = await cityOn(connection);
  const now = BigInt(await connection.networkHelpers.time.latest());
  const validUntil = now + YEAR;
  const { alice, bob, carol, dave, erin } = city.accounts;
  const ids = {
    alice: await registerResident(city, alice, "A-001", { level: AssuranceLevel.BIOMETRIC, validUntil }),
    bob: await registerResident(city, bob, "B-002", { level: AssuranceLevel.ONE_TIME_CODE, validUntil }),
    carol: await registerResident(city, carol, "C-003", { level: AssuranceLevel.PASSWORD, validUntil }),
    dave: await registerResident(city, dave, "D-004", { level: AssuranceLevel.BIOMETRIC, validUntil }),
    erin: await registerResident(city, erin, "E-005", { level: AssuranceLevel.ONE_TIME_CODE, validUntil }),
  };
  return { ...city, ids, validUntil };
}
