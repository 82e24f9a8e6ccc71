import { id } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { deployCity, type City } from "../../src/deploy.js";
import { signConsentApproval } from "../../src/eip712.js";
import { AssuranceLevel, IdentityKind } from "../../src/identity.js";
import { SoftwareAuthenticator } from "../../src/passkeys.js";
import { deployBehindProxy } from "../../src/proxy.js";
import type { ConsentHarness } from "../../typechain-types/index.js";
import { gasOf, type BenchSuite, type Budget } from "./types.js";

const YEAR = 365n * 86_400n;

/**
 * Passkeys (issue 20). `identity.passkey_register` adds a passkey by the identity's wallet. A consent approval by
 * passkey (`passkeys.consent_approve_passkey`: a relayer submits a WebAuthn assertion over the approval digest) is
 * measured next to the same approval by an EIP-712 ECDSA signature (`passkeys.consent_approve_ecdsa`): same
 * service, same kind of request (one party, fresh nonce key), same run. `passkeys.consent_approve_passkey_fallback`
 * is the passkey approval on a chain without P256VERIFY (Prague), where OpenZeppelin's Solidity verifier runs.
 */
export const passkeySuite: BenchSuite = async ({ connection, city }) => {
  const ops = await measure(connection, city, "");
  // The same approval on a chain without the precompile: a fresh Prague chain with its own city.
  const prague = await network.create({ override: { hardfork: "prague" } });
  try {
    const fallback = await measure(prague, await deployCity(prague), "_fallback");
    ops["passkeys.consent_approve_passkey_fallback"] = fallback["passkeys.consent_approve_passkey_fallback"];
  } finally {
    await prague.close();
  }
  return ops;
};

async function measure(connection: NetworkConnection, city: City, suffix: string): Promise<Record<string, bigint>> {
  const { networkHelpers } = connection;
  const { identity, passkeys, manager } = city;
  const { admin, registrar, alice, mallory } = city.accounts;
  const ops: Record<string, bigint> = {};
  const validUntil = BigInt(await networkHelpers.time.latest()) + 10n * YEAR;
  await (
    await identity
      .connect(registrar)
      .register(
        IdentityKind.Resident,
        AssuranceLevel.BIOMETRIC,
        "0x" + "a1".repeat(32),
        "0x" + "b2".repeat(32),
        validUntil,
        alice.address,
      )
  ).wait();
  const aliceId = await identity.identityOf(alice.address);
  const authenticator = new SoftwareAuthenticator();
  const { qx, qy } = authenticator.publicKey;
  ops["identity.passkey_register"] = await gasOf(
    passkeys.connect(alice).registerPasskey(aliceId, qx, qy, authenticator.credentialId),
  );
  const passkeyId = await passkeys.passkeyCount();

  // A consent service (MultiPartyConsent's test harness behind its proxy), pointed at the city's verifier.
  const service = await deployBehindProxy<ConsentHarness>(connection, "ConsentHarness", [
    await manager.getAddress(),
    await identity.getAddress(),
  ]);
  await (await service.connect(admin).setConsentPasskeys(await passkeys.getAddress())).wait();
  const deadline = BigInt(await networkHelpers.time.latest()) + 30n * 86_400n;
  let consents = 0n;
  const open = async (label: string): Promise<bigint> => {
    await (await service.request(id(label), [aliceId], deadline)).wait();
    return ++consents;
  };

  const ecdsaId = await open("ecdsa approval");
  const { approval, signature } = await signConsentApproval(alice, service, ecdsaId, aliceId, { deadline });
  ops[`passkeys.consent_approve_ecdsa${suffix}`] = await gasOf(
    service.connect(mallory).approveBySignature(ecdsaId, aliceId, approval.nonce, deadline, signature),
  );

  const passkeyConsent = await open("passkey approval");
  const nonce = await service.consentNonce(aliceId, passkeyConsent);
  const digest = await service.approvalDigest(passkeyConsent, aliceId, nonce, deadline);
  const assertion = authenticator.assert(passkeyId, digest);
  ops[`passkeys.consent_approve_passkey${suffix}`] = await gasOf(
    service.connect(mallory).approveByPasskey(passkeyConsent, aliceId, nonce, deadline, assertion),
  );
  return ops;
}

/** Issue 20: the passkey approval at most 1.5x the same approval by an EIP-712 ECDSA signature (with P256VERIFY). */
export const passkeyBudgets: Budget[] = [
  { operation: "passkeys.consent_approve_passkey", atMost: 1.5, of: "passkeys.consent_approve_ecdsa" },
];
