import { parseEther } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import type { SignedClaim } from "../../src/insurance.js";
import { claimDigest, SoftwareAuthenticator, type SignOptions } from "../../src/passkeys.js";
import { DAY, HOUSE, deployInsuranceCity, evidence, incident } from "./fixtures.js";

const FAR = 1n << 40n;

/** Alice (level 3) holds policy 1; alice and bob (level 2) each have a passkey; the waiting period is over. */
export async function deployRelayCity(connection: NetworkConnection) {
  const city = await deployInsuranceCity(connection);
  const { insurance, passkeys, accounts, ids } = city;
  await insurance.connect(accounts.alice).buyPolicy(city.product1, city.parcel, HOUSE);
  const keys = {
    alice: new SoftwareAuthenticator("localhost", "http://localhost", new Uint8Array(32).fill(0xa1)),
    bob: new SoftwareAuthenticator("localhost", "http://localhost", new Uint8Array(32).fill(0xb2)),
  };
  await passkeys
    .connect(accounts.alice)
    .registerPasskey(ids.alice, keys.alice.publicKey.qx, keys.alice.publicKey.qy, "0x01");
  await passkeys.connect(accounts.bob).registerPasskey(ids.bob, keys.bob.publicKey.qx, keys.bob.publicKey.qy, "0x02");
  await connection.networkHelpers.time.increase(8n * DAY);
  return { ...city, keys, passkeyIds: { alice: 1n, bob: 2n }, policyId: 1n };
}

export type RelayCity = Awaited<ReturnType<typeof deployRelayCity>>;

/** A claim of alice on her policy (20,000 CITY, far deadline), with `over` applied. */
export const claimOf = (city: RelayCity, label: string, over: Partial<SignedClaim> = {}) => ({
  holderId: city.ids.alice,
  policyId: city.policyId,
  incident: incident(label),
  amount: parseEther("20000"),
  evidenceCommitment: evidence(label),
  deadline: FAR,
  ...over,
});

/** Mallory relays a claim signed by the holder's wallet. */
export function bySignature(city: RelayCity, c: SignedClaim, signature: string) {
  return city.insuranceRelay
    .connect(city.accounts.mallory)
    .submitClaimBySignature(c.holderId, c.policyId, c.incident, c.amount, c.evidenceCommitment, c.deadline, signature);
}

/** Mallory relays a claim asserted by a passkey (alice's by default). */
export async function byPasskey(
  city: RelayCity,
  c: SignedClaim,
  key: SoftwareAuthenticator = city.keys.alice,
  passkeyId: bigint = city.passkeyIds.alice,
  options: SignOptions = {},
) {
  const assertion = key.assert(passkeyId, await claimDigest(city.insuranceRelay, c), options);
  return city.insuranceRelay
    .connect(city.accounts.mallory)
    .submitClaimByPasskey(c.holderId, c.policyId, c.incident, c.amount, c.evidenceCommitment, c.deadline, assertion);
}
