import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { parseEther } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import type { City } from "../../src/deploy.js";
import { AssuranceLevel, IdentityKind } from "../../src/identity.js";
import { registerResident } from "../identity/helpers.js";
import { cityOn } from "../shared/network.js";

export const DAY = 86_400n;
export const FUNDS = parseEther("10000");

/**
 * A payments city: the plumber and the employer are business identities; alice, bob and carol are residents
 * (alice is billed and employed; bob and carol are her guardians). Alice and the employer hold 10,000 CITY and
 * approved both payments contracts.
 */
export interface PaymentsCity extends City {
  ids: { plumber: bigint; employer: bigint; alice: bigint; bob: bigint; carol: bigint };
}

export async function deployPaymentsCity(connection: NetworkConnection): Promise<PaymentsCity> {
  const city = await cityOn(connection);
  const { plumber, employer, alice, bob, carol, treasurer } = city.accounts;
  const business = { kind: IdentityKind.Business, level: AssuranceLevel.ONE_TIME_CODE };
  const ids = {
    plumber: await registerResident(city, plumber, "CHE-300-001", business),
    employer: await registerResident(city, employer, "CHE-300-002", business),
    alice: await registerResident(city, alice, "A-001"),
    bob: await registerResident(city, bob, "B-002"),
    carol: await registerResident(city, carol, "C-003"),
  };
  for (const holder of [alice, employer]) {
    await (await city.token.connect(treasurer).mint(holder.address, FUNDS)).wait();
    await (await city.token.connect(holder).approve(await city.invoices.getAddress(), FUNDS)).wait();
    await (await city.token.connect(holder).approve(await city.payrollStreams.getAddress(), FUNDS)).wait();
  }
  return { ...city, ids };
}

/** The latest block's timestamp plus `seconds`. */
export async function inFuture(connection: NetworkConnection, seconds: bigint): Promise<bigint> {
  return BigInt(await connection.networkHelpers.time.latest()) + seconds;
}

/**
 * Moves identity `identityId` from `owner` to `newWallet` through two guardians (the identity's own guardian
 * recovery): appoint, initiate, approve, wait, execute.
 */
export async function recoverIdentity(
  connection: NetworkConnection,
  city: City,
  identityId: bigint,
  owner: HardhatEthersSigner,
  newWallet: string,
  guardians: [HardhatEthersSigner, bigint][],
): Promise<void> {
  const { identity } = city;
  const { networkHelpers } = connection;
  await (
    await identity.connect(owner).appointGuardians(
      identityId,
      guardians.map(([, id]) => id),
      2,
    )
  ).wait();
  const delay = await identity.recoveryDelay();
  await networkHelpers.time.increase(delay + 1n);
  const initiator = identity.connect(guardians[0][0]);
  const recoveryId = await initiator.initiateRecovery.staticCall(identityId, newWallet);
  await (await initiator.initiateRecovery(identityId, newWallet)).wait();
  await (await identity.connect(guardians[1][0]).approveRecovery(recoveryId)).wait();
  await networkHelpers.time.increase(delay + 1n);
  await (await identity.connect(guardians[0][0]).executeRecovery(recoveryId)).wait();
  expect(await identity.walletOf(identityId)).to.equal(newWallet);
}
