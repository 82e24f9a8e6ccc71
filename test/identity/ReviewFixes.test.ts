import { expect } from "chai";
import { encodeBytes32String, Wallet, type HDNodeWallet } from "ethers";

import { RecoveryStatus, signWalletBinding } from "../../src/identity.js";
import { deployIdentityCity, reason, recordOf, registerResident, type IdentityCity } from "./helpers.js";
import { connection } from "../shared/network.js";

const { networkHelpers } = connection;
const DELAY = 3n * 86_400n;
/** A recovery must reach its threshold within this long of its initiation (3 x the recovery delay). */
const APPROVAL_WINDOW = 3n * DELAY;
/** An approved recovery must execute within this long after `executableAt` (2 x the recovery delay). */
const EXECUTION_WINDOW = 2n * DELAY;
const SURVEYOR = encodeBytes32String("land-surveyor");

interface GuardedCity extends IdentityCity {
  phone: HDNodeWallet;
}

/** Alice's guardians bob, carol and dave (2 of 3) are in effect; alice bound a phone wallet. */
async function guardedFixture(): Promise<GuardedCity> {
  const city = await deployIdentityCity(connection);
  const { alice } = city.accounts;
  await (
    await city.identity
      .connect(alice)
      .appointGuardians(city.ids.alice, [city.ids.bob, city.ids.carol, city.ids.dave], 2)
  ).wait();
  await networkHelpers.time.increase(DELAY);
  const phone = Wallet.createRandom();
  const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
  const signed = await signWalletBinding(phone, city.identity, city.ids.alice, { deadline });
  await (
    await city.identity.connect(alice).bindWallet(city.ids.alice, phone.address, 0n, deadline, signed.signature)
  ).wait();
  return { ...city, phone };
}

/** Erin and dave are both trusted to certify land surveyors. */
async function twoIssuersFixture(): Promise<IdentityCity> {
  const city = await deployIdentityCity(connection);
  const admin = city.claims.connect(city.accounts.admin);
  await (await admin.setTrustedIssuer(SURVEYOR, city.ids.erin, true)).wait();
  await (await admin.setTrustedIssuer(SURVEYOR, city.ids.dave, true)).wait();
  return city;
}

async function nextTimestamp(): Promise<bigint> {
  const at = BigInt(await networkHelpers.time.latest()) + 1n;
  await networkHelpers.time.setNextBlockTimestamp(at);
  return at;
}

describe("Identity: fixes of the 2026-11-24 security review", function () {
  describe("M-05: removed guardians lose their recovery power", function () {
    it("a recovery expires when its threshold is not reached within 3 x the delay of its initiation", async function () {
      const city = await networkHelpers.loadFixture(guardedFixture);
      const openedAt = await nextTimestamp();
      await city.identity.connect(city.accounts.bob).initiateRecovery(city.ids.alice, Wallet.createRandom().address);
      await networkHelpers.time.setNextBlockTimestamp(openedAt + APPROVAL_WINDOW + 1n);
      await expect(city.identity.connect(city.accounts.carol).approveRecovery(1n))
        .to.be.revertedWithCustomError(city.identity, "IdentityRecoveryExpired")
        .withArgs(1n, openedAt + APPROVAL_WINDOW, openedAt + APPROVAL_WINDOW + 1n);
      const [approveBy, executeBy] = await city.identity.recoveryDeadlines(1n);
      expect(approveBy).to.equal(openedAt + APPROVAL_WINDOW);
      expect(executeBy).to.equal(0n);
    });

    it("an approved recovery expires when not executed within 2 x the delay after executableAt", async function () {
      const city = await networkHelpers.loadFixture(guardedFixture);
      await city.identity.connect(city.accounts.bob).initiateRecovery(city.ids.alice, Wallet.createRandom().address);
      await city.identity.connect(city.accounts.carol).approveRecovery(1n);
      const { executableAt } = await city.identity.recovery(1n);
      expect((await city.identity.recoveryDeadlines(1n))[1]).to.equal(executableAt + EXECUTION_WINDOW);
      await networkHelpers.time.setNextBlockTimestamp(executableAt + EXECUTION_WINDOW + 1n);
      await expect(city.identity.executeRecovery(1n))
        .to.be.revertedWithCustomError(city.identity, "IdentityRecoveryExpired")
        .withArgs(1n, executableAt + EXECUTION_WINDOW, executableAt + EXECUTION_WINDOW + 1n);
      expect(await city.identity.walletOf(city.ids.alice)).to.equal(city.accounts.alice.address);
    });

    it("a dormant recovery dies once the owner's new set takes effect, even while the owner is suspended", async function () {
      const city = await networkHelpers.loadFixture(guardedFixture);
      const { alice, bob, dave, registrar } = city.accounts;
      const thiefWallet = Wallet.createRandom().address;
      // Bob opens a dormant recovery; alice replaces bob and dave by carol and erin.
      await city.identity.connect(bob).initiateRecovery(city.ids.alice, thiefWallet);
      await city.identity.connect(alice).appointGuardians(city.ids.alice, [city.ids.carol, city.ids.erin], 2);
      await networkHelpers.time.increase(DELAY);
      await city.identity.connect(registrar).suspend(city.ids.alice, reason("lost-phone"));
      await expect(city.identity.connect(dave).approveRecovery(1n))
        .to.be.revertedWithCustomError(city.identity, "IdentityRecoverySuperseded")
        .withArgs(1n, 1, 2);
      expect(await city.identity.walletOf(city.ids.alice)).to.equal(alice.address);
    });

    it("a recovery approved before the owner's new set took effect executes and keeps that set", async function () {
      const city = await networkHelpers.loadFixture(guardedFixture);
      const { alice, bob, carol } = city.accounts;
      // Alice replaces her guardians; before that change matures, bob and carol recover her lost key.
      await city.identity.connect(alice).appointGuardians(city.ids.alice, [city.ids.carol, city.ids.erin], 2);
      const newWallet = Wallet.createRandom().address;
      await city.identity.connect(bob).initiateRecovery(city.ids.alice, newWallet);
      await city.identity.connect(carol).approveRecovery(1n);
      await networkHelpers.time.increase(DELAY + 1n);
      await expect(city.identity.executeRecovery(1n)).not.to.emit(city.identity, "IdentityGuardianChangeDiscarded");
      expect(await city.identity.walletOf(city.ids.alice)).to.equal(newWallet);
      // The set appointed before the recovery was opened is not discarded: it is in effect now.
      const [guardianIds, , epoch] = await city.identity.guardiansOf(city.ids.alice);
      expect(epoch).to.equal(2);
      expect(guardianIds).to.deep.equal([city.ids.carol, city.ids.erin]);
    });

    it("a set appointed after the recovery opened is discarded by it, the set pending at opening is kept", async function () {
      const city = await networkHelpers.loadFixture(guardedFixture);
      const { alice: thief, bob, carol } = city.accounts;
      await city.identity.connect(thief).appointGuardians(city.ids.alice, [city.ids.carol, city.ids.erin], 2);
      const pendingAt = (await city.identity.pendingGuardiansOf(city.ids.alice)).effectiveAt;
      await city.identity.connect(bob).initiateRecovery(city.ids.alice, Wallet.createRandom().address);
      await city.identity.connect(carol).approveRecovery(1n);
      // After the recovery opened, the key holder replaces the pending set (epoch 2) by epoch 3.
      const mallory = await registerResident(city, city.accounts.mallory, "M-999");
      await city.identity.connect(thief).appointGuardians(city.ids.alice, [mallory, city.ids.erin], 2);
      await networkHelpers.time.increase(DELAY + 1n);
      await expect(city.identity.executeRecovery(1n))
        .to.emit(city.identity, "IdentityGuardianChangeDiscarded")
        .withArgs(city.ids.alice, 3)
        .and.to.emit(city.identity, "IdentityGuardiansRestored")
        .withArgs(city.ids.alice, 1, 2, pendingAt);
      expect((await city.identity.guardiansOf(city.ids.alice)).epoch).to.equal(2);
    });
  });

  describe("L-05: the first guardian appointment waits, and a registrar can reset a suspended identity's guardians", function () {
    it("the first set takes effect only after the recovery delay", async function () {
      const city = await deployIdentityCity(connection);
      const { alice: thief, bob } = city.accounts;
      const at = await nextTimestamp();
      await expect(city.identity.connect(thief).appointGuardians(city.ids.alice, [city.ids.bob, city.ids.carol], 2))
        .to.emit(city.identity, "IdentityGuardiansAppointed")
        .withArgs(city.ids.alice, 1, [city.ids.bob, city.ids.carol], 2, at + DELAY);
      expect((await city.identity.guardiansOf(city.ids.alice)).epoch).to.equal(0);
      expect((await city.identity.pendingGuardiansOf(city.ids.alice)).epoch).to.equal(1);
      await expect(city.identity.connect(bob).initiateRecovery(city.ids.alice, Wallet.createRandom().address))
        .to.be.revertedWithCustomError(city.identity, "IdentityNoGuardians")
        .withArgs(city.ids.alice);
    });

    it("a registrar resets the guardians of a suspended identity; recoveries under them die", async function () {
      const city = await networkHelpers.loadFixture(guardedFixture);
      const { alice, bob, carol, registrar } = city.accounts;
      await city.identity.connect(bob).initiateRecovery(city.ids.alice, Wallet.createRandom().address);
      await city.identity.connect(carol).approveRecovery(1n);
      await city.identity.connect(alice).appointGuardians(city.ids.alice, [city.ids.carol, city.ids.erin], 2);
      await expect(city.identity.connect(registrar).resetGuardians(city.ids.alice, false))
        .to.be.revertedWithCustomError(city.identity, "IdentityNotSuspended")
        .withArgs(city.ids.alice, 1);
      await city.identity.connect(registrar).suspend(city.ids.alice, reason("reported-stolen"));
      await expect(city.identity.connect(registrar).resetGuardians(city.ids.alice, false))
        .to.emit(city.identity, "IdentityGuardiansReset")
        .withArgs(city.ids.alice, 2, 1, 2);
      await expect(city.identity.connect(registrar).resetGuardians(city.ids.alice, false))
        .to.be.revertedWithCustomError(city.identity, "IdentityNoGuardians")
        .withArgs(city.ids.alice);
      expect((await city.identity.guardiansOf(city.ids.alice)).epoch).to.equal(0);
      expect((await city.identity.pendingGuardiansOf(city.ids.alice)).epoch).to.equal(0);
      await networkHelpers.time.increase(DELAY + 1n);
      expect((await city.identity.guardiansOf(city.ids.alice)).epoch).to.equal(0);
      await expect(city.identity.executeRecovery(1n))
        .to.be.revertedWithCustomError(city.identity, "IdentityRecoverySuperseded")
        .withArgs(1n, 1, 0);
    });

    it("a registrar discards a thief's pending set and keeps the set in effect; the recovery never brings it back", async function () {
      const city = await networkHelpers.loadFixture(guardedFixture);
      const { alice: thief, bob, carol, registrar } = city.accounts;
      const accomplice = await registerResident(city, city.accounts.mallory, "X-666");
      await city.identity.connect(thief).appointGuardians(city.ids.alice, [city.ids.erin, accomplice], 2);
      const rightful = Wallet.createRandom().address;
      await city.identity.connect(bob).initiateRecovery(city.ids.alice, rightful);
      await city.identity.connect(registrar).suspend(city.ids.alice, reason("reported-stolen"));
      await expect(city.identity.connect(registrar).resetGuardians(city.ids.alice, true))
        .to.emit(city.identity, "IdentityGuardiansReset")
        .withArgs(city.ids.alice, 2, 0, 0);
      await city.identity.connect(carol).approveRecovery(1n);
      await networkHelpers.time.increase(DELAY + 1n);
      await expect(city.identity.executeRecovery(1n))
        .to.emit(city.identity, "IdentityGuardiansRestored")
        .withArgs(city.ids.alice, 1, 0, 0);
      await networkHelpers.time.increase(DELAY);
      expect((await city.identity.guardiansOf(city.ids.alice)).epoch).to.equal(1);
      expect(await city.identity.walletOf(city.ids.alice)).to.equal(rightful);
    });
  });

  describe("L-03: one issuer cannot void another issuer's claim", function () {
    it("keeps erin's valid claim counting when dave issues and revokes one about the same subject", async function () {
      const city = await networkHelpers.loadFixture(twoIssuersFixture);
      const { erin, dave } = city.accounts;
      const far = city.validUntil;
      await city.claims.connect(erin).issueClaim(city.ids.bob, SURVEYOR, recordOf("erin"), far);
      await city.claims.connect(dave).issueClaim(city.ids.bob, SURVEYOR, recordOf("dave"), far);
      await city.claims.connect(dave).revokeClaim(2n, reason("rival"));
      expect(await city.claims.hasValidClaim(city.ids.bob, SURVEYOR)).to.equal(true);
      expect(await city.claims.claimOfIssuer(city.ids.bob, SURVEYOR, city.ids.erin)).to.equal(1n);
      expect(await city.claims.claimOfIssuer(city.ids.bob, SURVEYOR, city.ids.dave)).to.equal(2n);
      expect(await city.claims.claimOf(city.ids.bob, SURVEYOR)).to.equal(2n); // the latest issued, by any issuer
      expect(await city.claims.validClaimOf(city.ids.bob, SURVEYOR)).to.equal(1n);
    });

    it("bounds the trusted issuers of a topic", async function () {
      const city = await networkHelpers.loadFixture(twoIssuersFixture);
      const admin = city.claims.connect(city.accounts.admin);
      const max = await city.claims.MAX_ISSUERS_PER_TOPIC();
      const extra: bigint[] = [];
      for (let i = 0n; i < max - 1n; ++i) {
        extra.push(await registerResident(city, Wallet.createRandom().address, `ISS-${i}`));
      }
      for (const issuer of extra.slice(0, Number(max) - 2)) await admin.setTrustedIssuer(SURVEYOR, issuer, true);
      expect((await city.claims.trustedIssuers(SURVEYOR)).length).to.equal(Number(max));
      const last = extra[extra.length - 1];
      await expect(admin.setTrustedIssuer(SURVEYOR, last, true))
        .to.be.revertedWithCustomError(city.claims, "IdentityClaimTooManyIssuers")
        .withArgs(SURVEYOR, max);
      await admin.setTrustedIssuer(SURVEYOR, city.ids.erin, false);
      await admin.setTrustedIssuer(SURVEYOR, last, true);
      expect(await city.claims.trustedIssuers(SURVEYOR)).to.include(last);
      expect(await city.claims.trustedIssuers(SURVEYOR)).not.to.include(city.ids.erin);
    });
  });

  describe("I-04: a suspended identity's primary wallet cannot unbind", function () {
    it("refuses the primary wallet while suspended; the bound wallet may still release itself", async function () {
      const city = await networkHelpers.loadFixture(guardedFixture);
      const { alice, registrar } = city.accounts;
      await city.identity.connect(registrar).suspend(city.ids.alice, reason("reported-stolen"));
      await expect(city.identity.connect(alice).unbindWallet(city.ids.alice, city.phone.address))
        .to.be.revertedWithCustomError(city.identity, "IdentityNotActive")
        .withArgs(city.ids.alice, 2);
      const phone = city.phone.connect(connection.ethers.provider);
      await networkHelpers.setBalance(phone.address, 10n ** 18n);
      await expect(city.identity.connect(phone).unbindWallet(city.ids.alice, phone.address))
        .to.emit(city.identity, "IdentityWalletUnbound")
        .withArgs(city.ids.alice, phone.address);
    });
  });

  describe("I-06: a recovery chain back to an earlier wallet does not revive old recoveries", function () {
    it("A -> B -> A leaves the recovery opened under A stale", async function () {
      const city = await networkHelpers.loadFixture(guardedFixture);
      const { alice, bob, carol, dave } = city.accounts;
      const walletB = Wallet.createRandom().address;
      await city.identity.connect(bob).initiateRecovery(city.ids.alice, walletB); // 1: A -> B
      await city.identity.connect(dave).initiateRecovery(city.ids.alice, Wallet.createRandom().address); // 2, under A
      await city.identity.connect(carol).approveRecovery(1n);
      await city.identity.connect(carol).approveRecovery(2n);
      await networkHelpers.time.increase(DELAY + 1n);
      await city.identity.executeRecovery(1n);
      await city.identity.connect(bob).initiateRecovery(city.ids.alice, alice.address); // 3: B -> A
      await city.identity.connect(carol).approveRecovery(3n);
      await networkHelpers.time.increase(DELAY + 1n);
      await city.identity.executeRecovery(3n);
      expect(await city.identity.walletOf(city.ids.alice)).to.equal(alice.address);
      await expect(city.identity.executeRecovery(2n))
        .to.be.revertedWithCustomError(city.identity, "IdentityRecoveryStale")
        .withArgs(2n, 0, 2);
      expect(await city.identity.walletOf(city.ids.alice)).to.equal(alice.address);
    });
  });

  describe("I-07: veto and execution never overlap", function () {
    it("at exactly executableAt the wallet may veto and nobody may execute", async function () {
      const city = await networkHelpers.loadFixture(guardedFixture);
      const { alice, bob, carol } = city.accounts;
      await city.identity.connect(bob).initiateRecovery(city.ids.alice, Wallet.createRandom().address);
      await city.identity.connect(carol).approveRecovery(1n);
      const { executableAt } = await city.identity.recovery(1n);
      await networkHelpers.time.setNextBlockTimestamp(executableAt);
      await expect(city.identity.executeRecovery(1n))
        .to.be.revertedWithCustomError(city.identity, "IdentityRecoveryTooEarly")
        .withArgs(1n, executableAt, executableAt);
      await networkHelpers.time.setNextBlockTimestamp(executableAt);
      await networkHelpers.mine(0);
      await expect(city.identity.connect(alice).vetoRecovery(1n)).to.emit(city.identity, "IdentityRecoveryVetoed");
      expect((await city.identity.recovery(1n)).status).to.equal(RecoveryStatus.Vetoed);
    });
  });

  describe("I-14: a revoked issuer's claims stop counting at once", function () {
    it("a revoked issuer's claims are invalid; a suspended issuer's claims stay valid", async function () {
      const city = await networkHelpers.loadFixture(twoIssuersFixture);
      const { erin, dave, registrar } = city.accounts;
      await city.claims.connect(erin).issueClaim(city.ids.bob, SURVEYOR, recordOf("erin"), city.validUntil);
      await city.claims.connect(dave).issueClaim(city.ids.carol, SURVEYOR, recordOf("dave"), city.validUntil);
      await city.identity.connect(registrar).suspend(city.ids.erin, reason("audit"));
      expect(await city.claims.isClaimValid(1n)).to.equal(true);
      expect(await city.claims.hasValidClaim(city.ids.bob, SURVEYOR)).to.equal(true);
      await city.identity.connect(registrar).revoke(city.ids.dave, reason("fraud"));
      expect(await city.claims.isTrustedIssuer(SURVEYOR, city.ids.dave)).to.equal(true); // ADMIN did nothing yet
      expect(await city.claims.isClaimValid(2n)).to.equal(false);
      expect(await city.claims.hasValidClaim(city.ids.carol, SURVEYOR)).to.equal(false);
    });
  });
});
