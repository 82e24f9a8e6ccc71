import { id } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { SoftwareAuthenticator, type SignOptions } from "../../src/passkeys.js";
import { deployBehindProxy } from "../../src/proxy.js";
import type { ConsentHarness } from "../../typechain-types/index.js";
import { deployIdentityCity, type IdentityCity } from "./helpers.js";

/** A city with passkeys: alice (level 3) and dave (level 3) each hold one, bob (level 2) too. */
export interface PasskeyCity extends IdentityCity {
  service: ConsentHarness;
  keys: { alice: SoftwareAuthenticator; bob: SoftwareAuthenticator; dave: SoftwareAuthenticator };
  passkeyIds: { alice: bigint; bob: bigint; dave: bigint };
  deadline: bigint;
}

/** Deploys the city, a consent service wired to the passkey verifier, and registers the passkeys. */
export async function deployPasskeyCity(connection: NetworkConnection): Promise<PasskeyCity> {
  const city = await deployIdentityCity(connection);
  const { alice, bob, dave, admin } = city.accounts;
  const service = await deployBehindProxy<ConsentHarness>(connection, "ConsentHarness", [
    await city.manager.getAddress(),
    await city.identity.getAddress(),
  ]);
  await (await service.connect(admin).setConsentPasskeys(await city.passkeys.getAddress())).wait();
  const keys = {
    alice: new SoftwareAuthenticator(),
    bob: new SoftwareAuthenticator(),
    dave: new SoftwareAuthenticator(),
  };
  const passkeyIds = { alice: 0n, bob: 0n, dave: 0n };
  for (const [name, signer] of [
    ["alice", alice],
    ["bob", bob],
    ["dave", dave],
  ] as const) {
    const { qx, qy } = keys[name].publicKey;
    await (await city.passkeys.connect(signer).registerPasskey(city.ids[name], qx, qy, keys[name].credentialId)).wait();
    passkeyIds[name] = await city.passkeys.passkeyCount();
  }
  const deadline = BigInt(await connection.networkHelpers.time.latest()) + 30n * 86_400n;
  return { ...city, service, keys, passkeyIds, deadline };
}

/** Opens a consent request naming `partyIds`; returns its id. */
export async function openConsent(city: PasskeyCity, partyIds: bigint[], label = "sale"): Promise<bigint> {
  await (await city.service.request(id(label), partyIds, city.deadline)).wait();
  return consentCount(city);
}

async function consentCount(city: PasskeyCity): Promise<bigint> {
  let count = 0n;
  while ((await city.service.consentRequest(count + 1n)).status !== 0n) count++;
  return count;
}

/** The approval digest and a passkey assertion over it (nonce key = the consent id). */
export async function passkeyApproval(
  city: PasskeyCity,
  consentId: bigint,
  partyId: bigint,
  key: SoftwareAuthenticator,
  passkeyId: bigint,
  options: SignOptions & { deadline?: bigint; digest?: string } = {},
) {
  const nonce = await city.service.consentNonce(partyId, consentId);
  const deadline = options.deadline ?? city.deadline;
  const digest = options.digest ?? (await city.service.approvalDigest(consentId, partyId, nonce, deadline));
  return { nonce, deadline, digest, assertion: key.assert(passkeyId, digest, options) };
}
