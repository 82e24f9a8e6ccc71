import { expect } from "chai";
import { hexlify, id, toUtf8Bytes, Wallet } from "ethers";

import { signConsentApproval } from "../../src/eip712.js";
import { AuthenticatorFlags, P256_N, rpIdHash, SoftwareAuthenticator } from "../../src/passkeys.js";
import { shouldRejectUnauthorized } from "../shared/unauthorized.js";
import { reason } from "./helpers.js";
import { deployPasskeyCity, openConsent, passkeyApproval, type PasskeyCity } from "./passkeyHelpers.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;
const DELAY = 3n * 86_400n;
const PASSKEY_REGISTERED = 1;
const PASSKEY_REMOVED = 2;

async function fixture(): Promise<PasskeyCity> {
  return deployPasskeyCity(connection);
}

/** Submits a passkey approval of `consentId` by alice (unless told otherwise) with the given assertion options. */
async function approveAs(
  city: PasskeyCity,
  consentId: bigint,
  options: Parameters<typeof passkeyApproval>[5] & { party?: "alice" | "bob" | "dave"; passkeyId?: bigint } = {},
) {
  const party = options.party ?? "alice";
  const partyId = city.ids[party];
  const { nonce, deadline, assertion } = await passkeyApproval(
    city,
    consentId,
    partyId,
    city.keys[party],
    options.passkeyId ?? city.passkeyIds[party],
    options,
  );
  return {
    tx: city.service.connect(city.accounts.mallory).approveByPasskey(consentId, partyId, nonce, deadline, assertion),
    nonce,
    deadline,
    assertion,
  };
}

/** Expects a refusal and proves the state untouched: no approval recorded, the nonce not consumed. */
async function expectRefused(
  city: PasskeyCity,
  consentId: bigint,
  sent: Promise<unknown>,
  contract: { interface: unknown },
  error: string,
  party: "alice" | "bob" | "dave" = "alice",
) {
  const nonceBefore = await city.service.consentNonce(city.ids[party], consentId);
  await expect(sent).to.be.revertedWithCustomError(contract as never, error);
  expect(await city.service.hasApproved(consentId, city.ids[party])).to.equal(false);
  expect(await city.service.consentNonce(city.ids[party], consentId)).to.equal(nonceBefore);
}

describe("Passkeys: registration, removal, recovery (PasskeyRegistry)", function () {
  it("registers a passkey by the identity's wallet, as a revision with its event, listed and alive", async function () {
    const city = await networkHelpers.loadFixture(fixture);
    const key = new SoftwareAuthenticator();
    const { qx, qy } = key.publicKey;
    const before = await city.passkeys.passkeyRevision(city.ids.alice);
    await expect(city.passkeys.connect(city.accounts.alice).registerPasskey(city.ids.alice, qx, qy, key.credentialId))
      .to.emit(city.passkeys, "PasskeyRegistered")
      .withArgs(4n, city.ids.alice, key.credentialId, qx, qy, false)
      .and.to.emit(city.passkeys, "RecordRevised")
      .withArgs(ethers.toBeHex(city.ids.alice, 32), before + 1n, PASSKEY_REGISTERED, 4n, city.accounts.alice.address);
    expect(await city.passkeys.passkeysOf(city.ids.alice)).to.deep.equal([city.passkeyIds.alice, 4n]);
    expect(await city.passkeys.isPasskeyAlive(4n)).to.equal(true);
    const stored = await city.passkeys.passkey(4n);
    expect([stored.qx, stored.qy, stored.identityId, stored.removedAt]).to.deep.equal([qx, qy, city.ids.alice, 0n]);
    expect(await city.passkeys.relyingPartyIdHash()).to.equal(rpIdHash("localhost"));
  });

  it("enrols a passkey by the registrar at an in-person enrolment", async function () {
    const city = await networkHelpers.loadFixture(fixture);
    const key = new SoftwareAuthenticator();
    const { qx, qy } = key.publicKey;
    await expect(city.passkeys.connect(city.accounts.registrar).enrolPasskey(city.ids.carol, qx, qy, key.credentialId))
      .to.emit(city.passkeys, "PasskeyRegistered")
      .withArgs(4n, city.ids.carol, key.credentialId, qx, qy, true);
    expect(await city.passkeys.passkeysOf(city.ids.carol)).to.deep.equal([4n]);
  });

  it("refuses a registration by another wallet, a bad key or credential id, beyond the cap, for a suspended identity", async function () {
    const city = await networkHelpers.loadFixture(fixture);
    const { alice, mallory, registrar } = city.accounts;
    const { qx, qy } = new SoftwareAuthenticator().publicKey;
    const cred = "0x0102";
    await expect(city.passkeys.connect(mallory).registerPasskey(city.ids.alice, qx, qy, cred))
      .to.be.revertedWithCustomError(city.passkeys, "PasskeyCallerNotWallet")
      .withArgs(city.ids.alice, mallory.address);
    await expect(city.passkeys.connect(mallory).registerPasskey(999n, qx, qy, cred)).to.be.revertedWithCustomError(
      city.passkeys,
      "PasskeyCallerNotWallet",
    );
    await expect(city.passkeys.connect(alice).registerPasskey(city.ids.alice, qx, qx, cred))
      .to.be.revertedWithCustomError(city.passkeys, "PasskeyPublicKeyInvalid")
      .withArgs(qx, qx);
    await expect(city.passkeys.connect(alice).registerPasskey(city.ids.alice, qx, qy, "0x"))
      .to.be.revertedWithCustomError(city.passkeys, "PasskeyCredentialIdInvalid")
      .withArgs(0n, 255n);
    await expect(
      city.passkeys.connect(alice).registerPasskey(city.ids.alice, qx, qy, hexlify(new Uint8Array(256).fill(1))),
    ).to.be.revertedWithCustomError(city.passkeys, "PasskeyCredentialIdInvalid");
    for (let i = 1; i < 8; i++) {
      const k = new SoftwareAuthenticator().publicKey;
      await (await city.passkeys.connect(alice).registerPasskey(city.ids.alice, k.qx, k.qy, cred)).wait();
    }
    await expect(city.passkeys.connect(alice).registerPasskey(city.ids.alice, qx, qy, cred))
      .to.be.revertedWithCustomError(city.passkeys, "PasskeyLimitReached")
      .withArgs(city.ids.alice, 8n);
    await (await city.identity.connect(registrar).suspend(city.ids.bob, reason("audit"))).wait();
    await expect(city.passkeys.connect(city.accounts.bob).registerPasskey(city.ids.bob, qx, qy, cred))
      .to.be.revertedWithCustomError(city.passkeys, "PasskeyIdentityNotVerified")
      .withArgs(city.ids.bob, 0);
    await expect(city.passkeys.connect(registrar).enrolPasskey(city.ids.bob, qx, qy, cred))
      .to.be.revertedWithCustomError(city.passkeys, "PasskeyIdentityNotVerified")
      .withArgs(city.ids.bob, 0);
  });

  it("removes a passkey by the identity's wallet only, once, as a revision; a removed passkey is dead", async function () {
    const city = await networkHelpers.loadFixture(fixture);
    const { alice, mallory } = city.accounts;
    const extra = new SoftwareAuthenticator().publicKey;
    await (await city.passkeys.connect(alice).registerPasskey(city.ids.alice, extra.qx, extra.qy, "0x01")).wait();
    await expect(city.passkeys.connect(mallory).removePasskey(city.passkeyIds.alice))
      .to.be.revertedWithCustomError(city.passkeys, "PasskeyCallerNotWallet")
      .withArgs(city.ids.alice, mallory.address);
    await expect(city.passkeys.connect(alice).removePasskey(99n))
      .to.be.revertedWithCustomError(city.passkeys, "PasskeyUnknown")
      .withArgs(99n);
    const revision = await city.passkeys.passkeyRevision(city.ids.alice);
    await expect(city.passkeys.connect(alice).removePasskey(city.passkeyIds.alice))
      .to.emit(city.passkeys, "PasskeyRemovedByIdentity")
      .withArgs(city.passkeyIds.alice, city.ids.alice)
      .and.to.emit(city.passkeys, "RecordRevised")
      .withArgs(
        ethers.toBeHex(city.ids.alice, 32),
        revision + 1n,
        PASSKEY_REMOVED,
        city.passkeyIds.alice,
        alice.address,
      );
    expect(await city.passkeys.passkeysOf(city.ids.alice)).to.deep.equal([4n]);
    expect(await city.passkeys.isPasskeyAlive(city.passkeyIds.alice)).to.equal(false);
    await expect(city.passkeys.connect(alice).removePasskey(city.passkeyIds.alice)).to.be.revertedWithCustomError(
      city.passkeys,
      "PasskeyRemoved",
    );
    const consentId = await openConsent(city, [city.ids.alice]);
    await expectRefused(city, consentId, (await approveAs(city, consentId)).tx, city.passkeys, "PasskeyRemoved");
  });

  it("a key recovery kills every passkey registered before it; the new wallet registers new ones that work", async function () {
    // A copy: the fixture object is shared between tests, and this test changes alice's key and the deadline.
    const city = { ...(await networkHelpers.loadFixture(fixture)) };
    city.keys = { ...city.keys };
    const { alice, bob, carol } = city.accounts;
    const { ids } = city;
    await (await city.identity.connect(alice).appointGuardians(ids.alice, [ids.bob, ids.carol, ids.dave], 2)).wait();
    await networkHelpers.time.increase(DELAY);
    const rescue = Wallet.createRandom().connect(ethers.provider);
    await (await alice.sendTransaction({ to: rescue.address, value: ethers.parseEther("1") })).wait();
    await (await city.identity.connect(bob).initiateRecovery(ids.alice, rescue.address)).wait();
    await (await city.identity.connect(carol).approveRecovery(1n)).wait();
    await networkHelpers.time.increase(DELAY + 1n);
    await (await city.identity.executeRecovery(1n)).wait();

    expect(await city.passkeys.isPasskeyAlive(city.passkeyIds.alice)).to.equal(false);
    expect(await city.passkeys.passkeysOf(ids.alice)).to.deep.equal([]);
    city.deadline = BigInt(await networkHelpers.time.latest()) + 86_400n;
    const consentId = await openConsent(city, [ids.alice]);
    await expectRefused(
      city,
      consentId,
      (await approveAs(city, consentId)).tx,
      city.passkeys,
      "PasskeyReplacedByRecovery",
    );
    await expect(city.passkeys.connect(alice).removePasskey(city.passkeyIds.alice)).to.be.revertedWithCustomError(
      city.passkeys,
      "PasskeyCallerNotWallet",
    );
    const { qx, qy } = new SoftwareAuthenticator().publicKey;
    await expect(city.passkeys.connect(alice).registerPasskey(ids.alice, qx, qy, "0x01")).to.be.revertedWithCustomError(
      city.passkeys,
      "PasskeyCallerNotWallet",
    );

    const fresh = new SoftwareAuthenticator();
    await (
      await city.passkeys
        .connect(rescue)
        .registerPasskey(ids.alice, fresh.publicKey.qx, fresh.publicKey.qy, fresh.credentialId)
    ).wait();
    const freshId = await city.passkeys.passkeyCount();
    expect(await city.passkeys.passkeysOf(ids.alice)).to.deep.equal([freshId]);
    await expect(city.passkeys.connect(rescue).removePasskey(city.passkeyIds.alice))
      .to.be.revertedWithCustomError(city.passkeys, "PasskeyReplacedByRecovery")
      .withArgs(city.passkeyIds.alice, 0n, 1n);
    city.keys.alice = fresh;
    await expect((await approveAs(city, consentId, { passkeyId: freshId })).tx)
      .to.emit(city.service, "ConsentApproved")
      .withArgs(consentId, ids.alice, true);
  });
});

describe("Passkeys: consent approval by passkey (MultiPartyConsent.approveByPasskey)", function () {
  it("accepts a relayed assertion over the approval digest, consuming the nonce; the land services are wired", async function () {
    const city = await networkHelpers.loadFixture(fixture);
    const consentId = await openConsent(city, [city.ids.alice, city.ids.bob]);
    const { tx, nonce } = await approveAs(city, consentId);
    await expect(tx).to.emit(city.service, "ConsentApproved").withArgs(consentId, city.ids.alice, true);
    expect(await city.service.hasApproved(consentId, city.ids.alice)).to.equal(true);
    expect(await city.service.consentNonce(city.ids.alice, consentId)).to.equal(nonce + 1n);
    // Without user verification, a level-2 identity approves an action that does not require level 3.
    await expect((await approveAs(city, consentId, { party: "bob", userVerified: false })).tx).to.emit(
      city.service,
      "HarnessConsentCompleted",
    );
    const passkeys = await city.passkeys.getAddress();
    expect(await city.landDeeds.consentPasskeys()).to.equal(passkeys);
    expect(await city.landLiens.consentPasskeys()).to.equal(passkeys);
  });

  it("refuses a replayed assertion and an expired deadline", async function () {
    const city = await networkHelpers.loadFixture(fixture);
    const consentId = await openConsent(city, [city.ids.alice, city.ids.bob]);
    const { tx, nonce, deadline, assertion } = await approveAs(city, consentId);
    await (await tx).wait();
    const replay = city.service.approveByPasskey(consentId, city.ids.alice, nonce, deadline, assertion);
    await expect(replay).to.be.revertedWithCustomError(city.service, "ConsentNonceInvalid");
    const other = await openConsent(city, [city.ids.alice], "other");
    const late = await passkeyApproval(city, other, city.ids.alice, city.keys.alice, city.passkeyIds.alice, {
      deadline: BigInt(await networkHelpers.time.latest()) + 10n,
    });
    await networkHelpers.time.increase(60n);
    const sent = city.service.approveByPasskey(other, city.ids.alice, late.nonce, late.deadline, late.assertion);
    await expectRefused(city, other, sent, city.service, "ConsentSignatureExpired");
  });

  it("refuses each bad assertion with its named error, state untouched", async function () {
    const city = await networkHelpers.loadFixture(fixture);
    const c = await openConsent(city, [city.ids.alice]);
    const P = city.passkeys;
    const refuse = async (
      options: Parameters<typeof approveAs>[2],
      error: string,
      contract: { interface: unknown } = P,
    ) => expectRefused(city, c, (await approveAs(city, c, options)).tx, contract, error, options?.party ?? "alice");
    await refuse({ digest: id("another action") }, "PasskeyChallengeMismatch");
    await refuse({ rpId: "evil.example" }, "PasskeyRelyingPartyMismatch");
    await refuse({ userPresent: false }, "PasskeyUserNotPresent");
    await refuse({ flags: AuthenticatorFlags.UP | AuthenticatorFlags.BS }, "PasskeyBackupFlagsInvalid");
    await refuse({ highS: true }, "PasskeySignatureHighS");
    await refuse({ type: "webauthn.create" }, "PasskeyTypeInvalid");
    await refuse({ passkeyId: city.passkeyIds.dave }, "PasskeyNotOfIdentity");
    await refuse({ passkeyId: 99n }, "PasskeyUnknown");

    // Tampered inputs: malformed clientDataJSON / authenticatorData, a forged signature.
    const nonce = await city.service.consentNonce(city.ids.alice, c);
    const digest = await city.service.approvalDigest(c, city.ids.alice, nonce, city.deadline);
    const good = city.keys.alice.assert(city.passkeyIds.alice, digest);
    const send = (assertion: typeof good) =>
      city.service.approveByPasskey(c, city.ids.alice, nonce, city.deadline, assertion);
    const length = BigInt(ethers.getBytes(good.clientDataJSON).length);
    await expectRefused(city, c, send({ ...good, typeIndex: length }), P, "PasskeyClientDataMalformed");
    await expectRefused(city, c, send({ ...good, challengeIndex: length - 5n }), P, "PasskeyClientDataMalformed");
    await expectRefused(
      city,
      c,
      send({ ...good, authenticatorData: "0x" + "00".repeat(36) }),
      P,
      "PasskeyAuthenticatorDataMalformed",
    );
    await expectRefused(city, c, send({ ...good, r: ethers.toBeHex(1n, 32) }), P, "PasskeySignatureInvalid");
    await expectRefused(
      city,
      c,
      send({ ...good, clientDataJSON: hexlify(toUtf8Bytes("{}")) }),
      P,
      "PasskeyClientDataMalformed",
    );
    // The genuine assertion still works afterwards: nothing was consumed.
    await expect(send(good)).to.emit(city.service, "ConsentApproved");
  });

  it("refuses an assertion whose key is not the passkey's (checked against its commitment before the signature)", async function () {
    const city = await networkHelpers.loadFixture(fixture);
    const c = await openConsent(city, [city.ids.alice]);
    const nonce = await city.service.consentNonce(city.ids.alice, c);
    const digest = await city.service.approvalDigest(c, city.ids.alice, nonce, city.deadline);
    const send = (assertion: ReturnType<SoftwareAuthenticator["assert"]>) =>
      city.service.approveByPasskey(c, city.ids.alice, nonce, city.deadline, assertion);
    // Bob's key signs validly for alice's passkey id, carrying his own key: refused by the commitment.
    const forged = city.keys.bob.assert(city.passkeyIds.alice, digest);
    await expect(send(forged))
      .to.be.revertedWithCustomError(city.passkeys, "PasskeyKeyMismatch")
      .withArgs(city.passkeyIds.alice, forged.qx, forged.qy);
    // Alice's genuine assertion with one coordinate changed: refused by the commitment, not by the signature.
    const good = city.keys.alice.assert(city.passkeyIds.alice, digest);
    await expectRefused(city, c, send({ ...good, qy: forged.qy }), city.passkeys, "PasskeyKeyMismatch");
    await expectRefused(city, c, send({ ...good, qx: forged.qx }), city.passkeys, "PasskeyKeyMismatch");
    await expect(send(good)).to.emit(city.service, "ConsentApproved");
  });

  it("passkeys of a suspended or revoked identity are dead", async function () {
    const city = await networkHelpers.loadFixture(fixture);
    const { registrar } = city.accounts;
    const c = await openConsent(city, [city.ids.alice, city.ids.dave]);
    await (await city.identity.connect(registrar).suspend(city.ids.alice, reason("audit"))).wait();
    await (await city.identity.connect(registrar).revoke(city.ids.dave, reason("fraud"))).wait();
    expect(await city.passkeys.isPasskeyAlive(city.passkeyIds.alice)).to.equal(false);
    await expectRefused(city, c, (await approveAs(city, c)).tx, city.passkeys, "PasskeyIdentityNotVerified");
    await expectRefused(
      city,
      c,
      (await approveAs(city, c, { party: "dave" })).tx,
      city.passkeys,
      "PasskeyIdentityNotVerified",
      "dave",
    );
  });

  it("level 3 proved on-chain: a service requiring it refuses wallets, missing UV and level-2 identities", async function () {
    const city = await networkHelpers.loadFixture(fixture);
    const { alice, bob } = city.accounts;
    const c = await openConsent(city, [city.ids.alice, city.ids.bob]);
    await (await city.service.requireVerifiedPasskey(c)).wait();
    await expect(city.service.connect(alice).approve(c))
      .to.be.revertedWithCustomError(city.service, "ConsentPasskeyRequired")
      .withArgs(c);
    const { approval, signature } = await signConsentApproval(alice, city.service, c, city.ids.alice, {
      deadline: city.deadline,
    });
    await expect(
      city.service.approveBySignature(c, city.ids.alice, approval.nonce, city.deadline, signature),
    ).to.be.revertedWithCustomError(city.service, "ConsentPasskeyRequired");
    await expectRefused(
      city,
      c,
      (await approveAs(city, c, { userVerified: false })).tx,
      city.passkeys,
      "PasskeyUserNotVerified",
    );
    // Bob holds a passkey but is registered at level 2: the registrar's level must back the proof.
    await expectRefused(
      city,
      c,
      (await approveAs(city, c, { party: "bob" })).tx,
      city.passkeys,
      "PasskeyIdentityNotVerified",
      "bob",
    );
    await expect((await approveAs(city, c)).tx).to.emit(city.service, "ConsentApproved");
    await expect(city.service.connect(bob).decline(c)).to.emit(city.service, "ConsentCancelled");
  });

  it("refuses passkey approvals where the service has no verifier, and only ADMIN sets it", async function () {
    const city = await networkHelpers.loadFixture(fixture);
    const { admin, mallory } = city.accounts;
    await expect(city.service.connect(mallory).setConsentPasskeys(mallory.address)).to.be.revertedWithCustomError(
      city.service,
      "AccessManagedUnauthorized",
    );
    await expect(city.service.connect(admin).setConsentPasskeys(ethers.ZeroAddress))
      .to.emit(city.service, "ConsentPasskeysSet")
      .withArgs(ethers.ZeroAddress);
    const c = await openConsent(city, [city.ids.alice]);
    await expectRefused(city, c, (await approveAs(city, c)).tx, city.service, "ConsentPasskeysNotSet");
  });

  it("the relying party and the identity registry are fixed in the implementation's code", async function () {
    const city = await networkHelpers.loadFixture(fixture);
    expect(await city.passkeys.relyingPartyIdHash()).to.equal(rpIdHash("localhost"));
    expect(await city.passkeys.identityRegistry()).to.equal(await city.identity.getAddress());
    expect(P256_N % 2n).to.equal(1n);
  });

  shouldRejectUnauthorized(async () => {
    const city = await networkHelpers.loadFixture(fixture);
    return { contracts: { PasskeyRegistry: city.passkeys }, manager: city.manager, stranger: city.accounts.mallory };
  }, ["PasskeyRegistry"]);
});
