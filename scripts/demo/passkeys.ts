import { id } from "ethers";

import { subjectCommitment, saltedCommitment } from "../../src/commitments.js";
import { AssuranceLevel, IdentityKind } from "../../src/identity.js";
import { SoftwareAuthenticator } from "../../src/passkeys.js";
import { deployBehindProxy } from "../../src/proxy.js";
import type { ConsentHarness } from "../../typechain-types/index.js";
import type { Chapter } from "./narrator.js";

const YEAR = 365n * 86_400n;

/**
 * A resident acts by passkey: the employer (a new level-3 resident) enrols a phone passkey at the registry office,
 * approves a consent request with it through a relayer (no wallet, no gas of its own), and the chain checks level 3
 * itself: a replay, an assertion without user verification and a removed passkey are refused.
 */
export const passkeysChapter: Chapter = async ({ connection, city, say }) => {
  const { networkHelpers } = connection;
  const { identity, passkeys, manager } = city;
  const { registrar, employer, admin, mallory } = city.accounts;

  say.title("Passkeys: level 3 proved on-chain, no seed phrase, no gas");
  const validUntil = BigInt(await networkHelpers.time.latest()) + 5n * YEAR;
  await say.tx(
    "registrar: register the employer, resident, level 3 (biometric + 2nd factor)",
    identity
      .connect(registrar)
      .register(
        IdentityKind.Resident,
        AssuranceLevel.BIOMETRIC,
        subjectCommitment("CH-756-2020", "0x" + "d3".repeat(32)),
        saltedCommitment(JSON.stringify({ name: "employer" })).commitment,
        validUntil,
        employer.address,
      ),
  );
  const residentId = await identity.identityOf(employer.address);
  const phone = new SoftwareAuthenticator();
  const { qx, qy } = phone.publicKey;
  await say.tx(
    "registrar: enrol the resident's phone passkey at the counter (P-256 key + credential id)",
    passkeys.connect(registrar).enrolPasskey(residentId, qx, qy, phone.credentialId),
  );
  const passkeyId = await passkeys.passkeyCount();
  say.record(`passkey #${passkeyId} of identity #${residentId} (rp: localhost)`);

  say.line("A service asks for the resident's consent and requires level 3 proved by the passkey itself.");
  const service = await deployBehindProxy<ConsentHarness>(connection, "ConsentHarness", [
    await manager.getAddress(),
    await identity.getAddress(),
  ]);
  await say.tx(
    "admin: point the service's consents at the passkey verifier",
    service.connect(admin).setConsentPasskeys(await passkeys.getAddress()),
  );
  const deadline = BigInt(await networkHelpers.time.latest()) + 7n * 86_400n;
  await say.tx(
    "service: open a consent request naming the resident",
    service.request(id("release lien 7"), [residentId], deadline),
  );
  await say.tx("service: this action needs level 3 proved on-chain", service.requireVerifiedPasskey(1n));
  const nonce = await service.consentNonce(residentId, 1n);
  const digest = await service.approvalDigest(1n, residentId, nonce, deadline);
  say.line("The phone signs the action's EIP-712 digest (nonce and deadline inside) after a fingerprint check.");
  await say.refused(
    "relayer: an assertion made without user verification",
    service
      .connect(mallory)
      .approveByPasskey(1n, residentId, nonce, deadline, phone.assert(passkeyId, digest, { userVerified: false })),
    passkeys,
  );
  const assertion = phone.assert(passkeyId, digest);
  await say.tx(
    "relayer: submit the resident's user-verified assertion (P256VERIFY)",
    service.connect(mallory).approveByPasskey(1n, residentId, nonce, deadline, assertion),
  );
  await say.refused(
    "relayer: replay the same assertion",
    service.connect(mallory).approveByPasskey(1n, residentId, nonce, deadline, assertion),
    service,
  );
  await say.tx("resident: phone lost, remove the passkey", passkeys.connect(employer).removePasskey(passkeyId));
  say.line("A removed passkey, or any passkey after a guardian recovery, can sign nothing more.");
};
