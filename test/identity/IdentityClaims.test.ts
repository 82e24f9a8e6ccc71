import { expect } from "chai";
import { encodeBytes32String, Wallet, ZeroHash } from "ethers";

import { signWalletBinding } from "../../src/identity.js";
import { deployBehindProxy } from "../../src/proxy.js";
import { deployIdentityCity, reason, recordOf, registeredId, subjectOf, YEAR, type IdentityCity } from "./helpers.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

const SURVEYOR = encodeBytes32String("land-surveyor");
const PHYSICIAN = encodeBytes32String("licensed-physician");
const CHANGE_ISSUED = 1n;
const CHANGE_REVOKED = 2n;

/** erin's identity is trusted to certify land surveyors. */
async function claimsFixture(): Promise<IdentityCity> {
  const city = await deployIdentityCity(connection);
  await (await city.claims.connect(city.accounts.admin).setTrustedIssuer(SURVEYOR, city.ids.erin, true)).wait();
  return city;
}

/** ...and has certified bob (claim 1). */
async function issuedFixture(): Promise<IdentityCity> {
  const city = await claimsFixture();
  await (
    await city.claims.connect(city.accounts.erin).issueClaim(city.ids.bob, SURVEYOR, recordOf("lic-1"), city.validUntil)
  ).wait();
  return city;
}

describe("IdentityClaims: credentials from trusted issuers", function () {
  describe("trusted issuers", function () {
    it("are set per topic by the admin, with events", async function () {
      const city = await networkHelpers.loadFixture(claimsFixture);
      const admin = city.claims.connect(city.accounts.admin);
      expect(await city.claims.isTrustedIssuer(SURVEYOR, city.ids.erin)).to.equal(true);
      expect(await city.claims.isTrustedIssuer(PHYSICIAN, city.ids.erin)).to.equal(false);
      await expect(admin.setTrustedIssuer(PHYSICIAN, city.ids.dave, true))
        .to.emit(city.claims, "IdentityClaimIssuerTrustSet")
        .withArgs(PHYSICIAN, city.ids.dave, true);
      await expect(admin.setTrustedIssuer(PHYSICIAN, city.ids.dave, false))
        .to.emit(city.claims, "IdentityClaimIssuerTrustSet")
        .withArgs(PHYSICIAN, city.ids.dave, false);
      expect(await city.claims.isTrustedIssuer(PHYSICIAN, city.ids.dave)).to.equal(false);
    });

    it("reject an empty topic, an unchanged trust, and an unknown, revoked or device issuer", async function () {
      const city = await networkHelpers.loadFixture(claimsFixture);
      const { admin, registrar } = city.accounts;
      const claims = city.claims.connect(admin);
      await expect(claims.setTrustedIssuer(ZeroHash, city.ids.dave, true)).to.be.revertedWithCustomError(
        city.claims,
        "IdentityClaimTopicEmpty",
      );
      await expect(claims.setTrustedIssuer(SURVEYOR, city.ids.erin, true))
        .to.be.revertedWithCustomError(city.claims, "IdentityClaimTrustUnchanged")
        .withArgs(SURVEYOR, city.ids.erin, true);
      await expect(claims.setTrustedIssuer(SURVEYOR, city.ids.dave, false))
        .to.be.revertedWithCustomError(city.claims, "IdentityClaimTrustUnchanged")
        .withArgs(SURVEYOR, city.ids.dave, false);
      const meter = await registeredId(
        city,
        city.identity
          .connect(registrar)
          .registerDevice(
            city.ids.dave,
            1,
            subjectOf("MTR"),
            recordOf("MTR"),
            city.validUntil,
            Wallet.createRandom().address,
          ),
      );
      await city.identity.connect(registrar).revoke(city.ids.carol, reason("gone"));
      for (const issuer of [99n, city.ids.carol, meter]) {
        await expect(claims.setTrustedIssuer(PHYSICIAN, issuer, true))
          .to.be.revertedWithCustomError(city.claims, "IdentityClaimIssuerInvalid")
          .withArgs(issuer);
      }
    });
  });

  describe("issuing", function () {
    it("records a claim about an identity and makes it the subject's current one for the topic", async function () {
      const city = await networkHelpers.loadFixture(claimsFixture);
      const { erin } = city.accounts;
      const data = recordOf("licence 42");
      const issuedAt = BigInt(await networkHelpers.time.latest()) + 1n;
      await networkHelpers.time.setNextBlockTimestamp(issuedAt);
      const tx = city.claims.connect(erin).issueClaim(city.ids.bob, SURVEYOR, data, city.validUntil);
      await expect(tx)
        .to.emit(city.claims, "IdentityClaimIssued")
        .withArgs(1n, city.ids.bob, SURVEYOR, city.ids.erin, data, city.validUntil)
        .and.to.emit(city.claims, "RecordRevised")
        .withArgs(ethers.toBeHex(1n, 32), 1n, CHANGE_ISSUED, city.ids.bob, erin.address);
      const claim = await city.claims.claim(1n);
      expect(claim.topic).to.equal(SURVEYOR);
      expect(claim.dataCommitment).to.equal(data);
      expect(claim.subjectId).to.equal(city.ids.bob);
      expect(claim.issuerId).to.equal(city.ids.erin);
      expect(claim.issuedAt).to.equal(issuedAt);
      expect(claim.validUntil).to.equal(city.validUntil);
      expect(claim.revoked).to.equal(false);
      expect(await city.claims.claimOf(city.ids.bob, SURVEYOR)).to.equal(1n);
      expect(await city.claims.isClaimValid(1n)).to.equal(true);
      expect(await city.claims.hasValidClaim(city.ids.bob, SURVEYOR)).to.equal(true);
      expect(await city.claims.hasValidClaim(city.ids.bob, PHYSICIAN)).to.equal(false);
      expect(await city.claims.hasValidClaim(city.ids.carol, SURVEYOR)).to.equal(false);
      expect(await city.claims.claimCount()).to.equal(1n);
    });

    it("rejects bad input and untrusted or unverified issuers, with nothing recorded", async function () {
      const city = await networkHelpers.loadFixture(claimsFixture);
      const { erin, dave, mallory, registrar } = city.accounts;
      const issue = (
        who: typeof erin,
        subject: bigint,
        topic = SURVEYOR,
        data = recordOf("x"),
        until = city.validUntil,
      ) => city.claims.connect(who).issueClaim(subject, topic, data, until);
      await expect(issue(erin, city.ids.bob, ZeroHash)).to.be.revertedWithCustomError(
        city.claims,
        "IdentityClaimTopicEmpty",
      );
      await expect(issue(erin, city.ids.bob, SURVEYOR, ZeroHash)).to.be.revertedWithCustomError(
        city.claims,
        "IdentityClaimDataEmpty",
      );
      const now = BigInt(await networkHelpers.time.latest());
      await networkHelpers.time.setNextBlockTimestamp(now + 1n);
      await expect(issue(erin, city.ids.bob, SURVEYOR, recordOf("x"), now + 1n))
        .to.be.revertedWithCustomError(city.claims, "IdentityClaimValidityInPast")
        .withArgs(now + 1n, now + 1n);
      await expect(issue(mallory, city.ids.bob))
        .to.be.revertedWithCustomError(city.claims, "IdentityClaimIssuerUnknown")
        .withArgs(mallory.address);
      await expect(issue(dave, city.ids.bob))
        .to.be.revertedWithCustomError(city.claims, "IdentityClaimIssuerNotTrusted")
        .withArgs(SURVEYOR, city.ids.dave);
      await expect(issue(erin, city.ids.erin))
        .to.be.revertedWithCustomError(city.claims, "IdentityClaimSelfIssued")
        .withArgs(city.ids.erin);
      await expect(issue(erin, 99n))
        .to.be.revertedWithCustomError(city.claims, "IdentityClaimSubjectInvalid")
        .withArgs(99n);
      await city.identity.connect(registrar).revoke(city.ids.carol, reason("gone"));
      await expect(issue(erin, city.ids.carol))
        .to.be.revertedWithCustomError(city.claims, "IdentityClaimSubjectInvalid")
        .withArgs(city.ids.carol);
      await city.identity.connect(registrar).suspend(city.ids.erin, reason("audit"));
      await expect(issue(erin, city.ids.bob))
        .to.be.revertedWithCustomError(city.claims, "IdentityClaimIssuerNotVerified")
        .withArgs(city.ids.erin);
      expect(await city.claims.claimCount()).to.equal(0n);
    });

    it("accepts the issuer's primary wallet only, not a bound one", async function () {
      const city = await networkHelpers.loadFixture(claimsFixture);
      const { erin, mallory } = city.accounts;
      const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
      const signed = await signWalletBinding(mallory, city.identity, city.ids.erin, { deadline });
      await city.identity.connect(erin).bindWallet(city.ids.erin, mallory.address, 0n, deadline, signed.signature);
      await expect(city.claims.connect(mallory).issueClaim(city.ids.bob, SURVEYOR, recordOf("x"), city.validUntil))
        .to.be.revertedWithCustomError(city.claims, "IdentityClaimIssuerUnknown")
        .withArgs(mallory.address);
    });
  });

  describe("validity", function () {
    it("ends at expiry, checked at every query", async function () {
      const city = await networkHelpers.loadFixture(issuedFixture);
      await networkHelpers.time.increaseTo(city.validUntil);
      expect(await city.claims.isClaimValid(1n)).to.equal(true);
      await networkHelpers.mine(1);
      expect(await city.claims.isClaimValid(1n)).to.equal(false);
      expect(await city.claims.hasValidClaim(city.ids.bob, SURVEYOR)).to.equal(false);
    });

    it("ends when the city stops trusting the issuer, and returns if trust is restored", async function () {
      const city = await networkHelpers.loadFixture(issuedFixture);
      const admin = city.claims.connect(city.accounts.admin);
      await admin.setTrustedIssuer(SURVEYOR, city.ids.erin, false);
      expect(await city.claims.isClaimValid(1n)).to.equal(false);
      await admin.setTrustedIssuer(SURVEYOR, city.ids.erin, true);
      expect(await city.claims.isClaimValid(1n)).to.equal(true);
    });

    it("needs the subject itself to be verified for hasValidClaim", async function () {
      const city = await networkHelpers.loadFixture(issuedFixture);
      await city.identity.connect(city.accounts.registrar).suspend(city.ids.bob, reason("audit"));
      expect(await city.claims.isClaimValid(1n)).to.equal(true);
      expect(await city.claims.hasValidClaim(city.ids.bob, SURVEYOR)).to.equal(false);
    });

    it("follows the latest claim for a subject and topic; earlier claims stay readable by id", async function () {
      const city = await networkHelpers.loadFixture(issuedFixture);
      await city.claims
        .connect(city.accounts.erin)
        .issueClaim(city.ids.bob, SURVEYOR, recordOf("lic-2"), city.validUntil + YEAR);
      expect(await city.claims.claimOf(city.ids.bob, SURVEYOR)).to.equal(2n);
      expect((await city.claims.claim(1n)).dataCommitment).to.equal(recordOf("lic-1"));
    });
  });

  describe("revocation by claim id", function () {
    it("lets the issuer revoke a claim: it stops counting and stays readable", async function () {
      const city = await networkHelpers.loadFixture(issuedFixture);
      const { erin } = city.accounts;
      await expect(city.claims.connect(erin).revokeClaim(1n, reason("licence withdrawn")))
        .to.emit(city.claims, "IdentityClaimRevoked")
        .withArgs(1n, city.ids.bob, SURVEYOR, reason("licence withdrawn"))
        .and.to.emit(city.claims, "RecordRevised")
        .withArgs(ethers.toBeHex(1n, 32), 2n, CHANGE_REVOKED, city.ids.bob, erin.address);
      expect(await city.claims.isClaimValid(1n)).to.equal(false);
      expect(await city.claims.hasValidClaim(city.ids.bob, SURVEYOR)).to.equal(false);
      const claim = await city.claims.claim(1n);
      expect(claim.revoked).to.equal(true);
      expect(claim.dataCommitment).to.equal(recordOf("lic-1"));
      await expect(city.claims.connect(erin).revokeClaim(1n, ZeroHash))
        .to.be.revertedWithCustomError(city.claims, "IdentityClaimAlreadyRevoked")
        .withArgs(1n);
    });

    it("refuses anyone but the issuer's current wallet, and unknown claims", async function () {
      const city = await networkHelpers.loadFixture(issuedFixture);
      const { bob, admin } = city.accounts;
      for (const who of [bob, admin]) {
        await expect(city.claims.connect(who).revokeClaim(1n, ZeroHash))
          .to.be.revertedWithCustomError(city.claims, "IdentityClaimNotIssuer")
          .withArgs(1n, who.address);
      }
      await expect(city.claims.connect(city.accounts.erin).revokeClaim(9n, ZeroHash))
        .to.be.revertedWithCustomError(city.claims, "IdentityClaimUnknown")
        .withArgs(9n);
      expect(await city.claims.isClaimValid(1n)).to.equal(true);
    });

    it("follows the issuer through its own key recovery", async function () {
      const city = await networkHelpers.loadFixture(issuedFixture);
      const { erin, alice, dave } = city.accounts;
      await city.identity.connect(erin).appointGuardians(city.ids.erin, [city.ids.alice, city.ids.dave], 2);
      await networkHelpers.time.increase(await city.identity.recoveryDelay());
      const newKey = Wallet.createRandom().connect(ethers.provider);
      await networkHelpers.setBalance(newKey.address, 10n ** 18n);
      await city.identity.connect(alice).initiateRecovery(city.ids.erin, newKey.address);
      await city.identity.connect(dave).approveRecovery(1n);
      await networkHelpers.time.increase(await city.identity.recoveryDelay());
      await city.identity.executeRecovery(1n);
      await expect(city.claims.connect(erin).revokeClaim(1n, ZeroHash))
        .to.be.revertedWithCustomError(city.claims, "IdentityClaimNotIssuer")
        .withArgs(1n, erin.address);
      await expect(city.claims.connect(newKey).revokeClaim(1n, ZeroHash)).to.emit(city.claims, "IdentityClaimRevoked");
    });
  });

  it("refuses a registry address without code at deployment", async function () {
    const city = await networkHelpers.loadFixture(claimsFixture);
    const stranger = Wallet.createRandom().address;
    await expect(deployBehindProxy(connection, "IdentityClaims", [await city.manager.getAddress(), stranger]))
      .to.be.revertedWithCustomError(city.claims, "IdentityClaimRegistryInvalid")
      .withArgs(stranger);
  });
});
