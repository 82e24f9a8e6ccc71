import { expect } from "chai";
import { encodeBytes32String, Wallet, ZeroAddress, type Signer, type HDNodeWallet } from "ethers";

import { AssuranceLevel, IdentityChange, IdentityKind, RecoveryStatus, signWalletBinding } from "../../src/identity.js";
import {
  deployIdentityCity,
  reason,
  recordOf,
  registeredId,
  registerResident,
  subjectOf,
  type IdentityCity,
} from "./helpers.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;
const DELAY = 3n * 86_400n;

interface RecoveryFixture extends IdentityCity {
  phone: HDNodeWallet;
  guardians: bigint[];
}

/** Alice appoints bob, carol and dave as guardians (2 of 3), waits for them to take effect, binds a phone wallet. */
async function recoveryFixture(): Promise<RecoveryFixture> {
  const city = await deployIdentityCity(connection);
  const { alice } = city.accounts;
  const guardians = [city.ids.bob, city.ids.carol, city.ids.dave];
  await (await city.identity.connect(alice).appointGuardians(city.ids.alice, guardians, 2)).wait();
  await networkHelpers.time.increase(DELAY);
  const phone = Wallet.createRandom();
  const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
  const signed = await signWalletBinding(phone, city.identity, city.ids.alice, { deadline });
  await (
    await city.identity.connect(alice).bindWallet(city.ids.alice, phone.address, 0n, deadline, signed.signature)
  ).wait();
  return { ...city, phone, guardians };
}

/** A fresh key that can send transactions. */
async function freshSigner(): Promise<Signer & { address: string }> {
  const wallet = Wallet.createRandom().connect(ethers.provider);
  await networkHelpers.setBalance(wallet.address, 10n ** 18n);
  return wallet;
}

describe("IdentityRegistry: guardian recovery", function () {
  describe("appointing guardians", function () {
    it("takes effect after the recovery delay the first time too (L-05), with an event and a revision", async function () {
      const city = await networkHelpers.loadFixture(identityFixtureOnly);
      const { alice } = city.accounts;
      const ids = [city.ids.bob, city.ids.carol, city.ids.dave];
      const now = BigInt(await networkHelpers.time.latest()) + 1n;
      await networkHelpers.time.setNextBlockTimestamp(now);
      await expect(city.identity.connect(alice).appointGuardians(city.ids.alice, ids, 2))
        .to.emit(city.identity, "IdentityGuardiansAppointed")
        .withArgs(city.ids.alice, 1, ids, 2, now + DELAY)
        .and.to.emit(city.identity, "RecordRevised")
        .withArgs(ethers.toBeHex(city.ids.alice, 32), 2n, IdentityChange.GUARDIANS_APPOINTED, 1n, alice.address);
      expect((await city.identity.guardiansOf(city.ids.alice)).epoch).to.equal(0);
      const pending = await city.identity.pendingGuardiansOf(city.ids.alice);
      expect(pending.epoch).to.equal(1);
      expect(pending.effectiveAt).to.equal(now + DELAY);
      await networkHelpers.time.increaseTo(now + DELAY);
      const [guardianIds, threshold, epoch] = await city.identity.guardiansOf(city.ids.alice);
      expect(guardianIds).to.deep.equal(ids);
      expect(threshold).to.equal(2);
      expect(epoch).to.equal(1);
      expect((await city.identity.pendingGuardiansOf(city.ids.alice)).epoch).to.equal(0);
      expect(await city.identity.guardianSet(city.ids.alice, 1)).to.deep.equal([ids, 2n]);
    });

    it("delays a later change by the recovery delay, and a newer pending change replaces the older", async function () {
      const city = await networkHelpers.loadFixture(recoveryFixture);
      const owner = city.identity.connect(city.accounts.alice);
      const now = BigInt(await networkHelpers.time.latest());
      await networkHelpers.time.setNextBlockTimestamp(now + 1n);
      await expect(owner.appointGuardians(city.ids.alice, [city.ids.carol, city.ids.erin], 2))
        .to.emit(city.identity, "IdentityGuardiansAppointed")
        .withArgs(city.ids.alice, 2, [city.ids.carol, city.ids.erin], 2, now + 1n + DELAY);
      expect((await city.identity.guardiansOf(city.ids.alice)).epoch).to.equal(1);
      const pending = await city.identity.pendingGuardiansOf(city.ids.alice);
      expect(pending.guardianIds).to.deep.equal([city.ids.carol, city.ids.erin]);
      expect(pending.epoch).to.equal(2);
      expect(pending.effectiveAt).to.equal(now + 1n + DELAY);

      await expect(owner.appointGuardians(city.ids.alice, [city.ids.dave, city.ids.erin], 2))
        .to.emit(city.identity, "IdentityGuardianChangeDiscarded")
        .withArgs(city.ids.alice, 2);
      await networkHelpers.time.increase(DELAY);
      const [guardianIds, , epoch] = await city.identity.guardiansOf(city.ids.alice);
      expect(guardianIds).to.deep.equal([city.ids.dave, city.ids.erin]);
      expect(epoch).to.equal(3);
      expect((await city.identity.pendingGuardiansOf(city.ids.alice)).epoch).to.equal(0);
      // The old set stays readable by epoch.
      expect((await city.identity.guardianSet(city.ids.alice, 2))[0]).to.deep.equal([city.ids.carol, city.ids.erin]);
      // A change after the matured one is delayed again and keeps the matured set in effect meanwhile.
      await owner.appointGuardians(city.ids.alice, [city.ids.bob, city.ids.carol], 2);
      expect((await city.identity.guardiansOf(city.ids.alice)).epoch).to.equal(3);
    });

    it("rejects bad sets with custom errors and leaves the guardians untouched", async function () {
      const city = await networkHelpers.loadFixture(recoveryFixture);
      const { registrar } = city.accounts;
      const owner = city.identity.connect(city.accounts.alice);
      const meter = await registeredId(
        city,
        city.identity
          .connect(registrar)
          .registerDevice(
            city.ids.alice,
            1,
            subjectOf("MTR"),
            recordOf("MTR"),
            city.validUntil,
            Wallet.createRandom().address,
          ),
      );
      await city.identity.connect(registrar).revoke(city.ids.erin, reason("gone"));
      const before = await city.identity.guardiansOf(city.ids.alice);
      const { bob, carol, dave } = city.ids;

      await expect(owner.appointGuardians(city.ids.alice, [bob], 2))
        .to.be.revertedWithCustomError(city.identity, "IdentityGuardianCountInvalid")
        .withArgs(1, 2, 8);
      const nine = Array.from({ length: 9 }, (_, i) => BigInt(i + 1));
      await expect(owner.appointGuardians(city.ids.alice, nine, 2))
        .to.be.revertedWithCustomError(city.identity, "IdentityGuardianCountInvalid")
        .withArgs(9, 2, 8);
      await expect(owner.appointGuardians(city.ids.alice, [bob, carol, dave], 1))
        .to.be.revertedWithCustomError(city.identity, "IdentityGuardianThresholdInvalid")
        .withArgs(1, 3);
      await expect(owner.appointGuardians(city.ids.alice, [bob, carol, dave], 4))
        .to.be.revertedWithCustomError(city.identity, "IdentityGuardianThresholdInvalid")
        .withArgs(4, 3);
      for (const invalid of [city.ids.alice, 99n, city.ids.erin, meter, 0n]) {
        await expect(owner.appointGuardians(city.ids.alice, [bob, invalid], 2))
          .to.be.revertedWithCustomError(city.identity, "IdentityGuardianInvalid")
          .withArgs(invalid);
      }
      await expect(owner.appointGuardians(city.ids.alice, [bob, carol, bob], 2))
        .to.be.revertedWithCustomError(city.identity, "IdentityGuardianDuplicate")
        .withArgs(bob);
      expect(await city.identity.guardiansOf(city.ids.alice)).to.deep.equal(before);
      expect((await city.identity.pendingGuardiansOf(city.ids.alice)).epoch).to.equal(0);
    });

    it("is for the identity's primary wallet only, while the identity is Active", async function () {
      const city = await networkHelpers.loadFixture(recoveryFixture);
      const { bob, registrar, alice } = city.accounts;
      const set = [city.ids.bob, city.ids.carol];
      await expect(city.identity.connect(bob).appointGuardians(city.ids.alice, set, 2))
        .to.be.revertedWithCustomError(city.identity, "IdentityCallerNotWallet")
        .withArgs(city.ids.alice, bob.address);
      await expect(city.identity.connect(registrar).appointGuardians(city.ids.alice, set, 2))
        .to.be.revertedWithCustomError(city.identity, "IdentityCallerNotWallet")
        .withArgs(city.ids.alice, registrar.address);
      await city.identity.connect(registrar).suspend(city.ids.alice, reason("reported-stolen"));
      await expect(city.identity.connect(alice).appointGuardians(city.ids.alice, set, 2))
        .to.be.revertedWithCustomError(city.identity, "IdentityNotActive")
        .withArgs(city.ids.alice, 2);
    });
  });

  describe("a 2-of-3 recovery", function () {
    it("moves the identity to the new wallet after 2 approvals and the veto window; services see it at once", async function () {
      const city = await networkHelpers.loadFixture(recoveryFixture);
      const { alice, bob, carol, mallory } = city.accounts;
      const newWallet = Wallet.createRandom().address;

      await expect(city.identity.connect(bob).initiateRecovery(city.ids.alice, newWallet))
        .to.emit(city.identity, "IdentityRecoveryInitiated")
        .withArgs(1n, city.ids.alice, city.ids.bob, newWallet, 1, 2)
        .and.to.emit(city.identity, "IdentityRecoveryApproved")
        .withArgs(1n, city.ids.bob, 1, 0);
      const approvedAt = BigInt(await networkHelpers.time.latest()) + 1n;
      await networkHelpers.time.setNextBlockTimestamp(approvedAt);
      await expect(city.identity.connect(carol).approveRecovery(1n))
        .to.emit(city.identity, "IdentityRecoveryApproved")
        .withArgs(1n, city.ids.carol, 2, approvedAt + DELAY);
      const request = await city.identity.recovery(1n);
      expect(request.identityId).to.equal(city.ids.alice);
      expect(request.status).to.equal(RecoveryStatus.Pending);
      expect(request.approvals).to.equal(2);
      expect(request.executableAt).to.equal(approvedAt + DELAY);
      expect(request.previousWallet).to.equal(alice.address);
      expect(await city.identity.hasApprovedRecovery(1n, city.ids.carol)).to.equal(true);
      expect(await city.identity.hasApprovedRecovery(1n, city.ids.dave)).to.equal(false);

      // Up to executableAt included (the veto's last second): a custom error, and nothing changes.
      await networkHelpers.time.setNextBlockTimestamp(approvedAt + DELAY);
      await expect(city.identity.connect(mallory).executeRecovery(1n))
        .to.be.revertedWithCustomError(city.identity, "IdentityRecoveryTooEarly")
        .withArgs(1n, approvedAt + DELAY, approvedAt + DELAY);
      expect(await city.identity.walletOf(city.ids.alice)).to.equal(alice.address);

      await networkHelpers.time.setNextBlockTimestamp(approvedAt + DELAY + 1n);
      const execute = city.identity.connect(mallory).executeRecovery(1n); // anyone may execute
      await expect(execute)
        .to.emit(city.identity, "IdentityRecovered")
        .withArgs(city.ids.alice, 1n, newWallet, alice.address)
        .and.to.emit(city.identity, "IdentityWalletUnbound")
        .withArgs(city.ids.alice, city.phone.address);
      await expect(execute)
        .to.emit(city.identity, "RecordRevised")
        .withArgs(ethers.toBeHex(city.ids.alice, 32), 5n, IdentityChange.RECOVERED, 1n, mallory.address);

      expect(await city.identity.walletOf(city.ids.alice)).to.equal(newWallet);
      expect(await city.identity.identityOf(newWallet)).to.equal(city.ids.alice);
      expect(await city.identity.isVerified(newWallet, AssuranceLevel.BIOMETRIC)).to.equal(true);
      expect(await city.identity.identityOf(alice.address)).to.equal(0n);
      expect(await city.identity.isVerified(alice.address, 1)).to.equal(false);
      // Bound wallets lose their binding: the thief may hold them.
      expect(await city.identity.identityOf(city.phone.address)).to.equal(0n);
      expect(await city.identity.boundWallets(city.ids.alice)).to.deep.equal([]);
      expect((await city.identity.recovery(1n)).status).to.equal(RecoveryStatus.Executed);
      // The same record, same id, level and validity: only the wallet moved.
      const record = await city.identity.identity(city.ids.alice);
      expect(record.level).to.equal(AssuranceLevel.BIOMETRIC);
      expect(record.validUntil).to.equal(city.validUntil);
      // The old key can no longer manage the identity.
      await expect(city.identity.connect(alice).appointGuardians(city.ids.alice, city.guardians, 2))
        .to.be.revertedWithCustomError(city.identity, "IdentityCallerNotWallet")
        .withArgs(city.ids.alice, alice.address);
      // Executed is final.
      await expect(city.identity.executeRecovery(1n))
        .to.be.revertedWithCustomError(city.identity, "IdentityRecoveryNotPending")
        .withArgs(1n, RecoveryStatus.Executed);
      await expect(city.identity.connect(city.accounts.dave).approveRecovery(1n))
        .to.be.revertedWithCustomError(city.identity, "IdentityRecoveryNotPending")
        .withArgs(1n, RecoveryStatus.Executed);
    });

    it("keeps credentials keyed by identity id through the recovery", async function () {
      const city = await networkHelpers.loadFixture(recoveryFixture);
      const { admin, erin, bob, carol } = city.accounts;
      const topic = encodeBytes32String("physician");
      await city.claims.connect(admin).setTrustedIssuer(topic, city.ids.erin, true);
      await city.claims.connect(erin).issueClaim(city.ids.alice, topic, recordOf("licence"), city.validUntil);
      const newWallet = Wallet.createRandom().address;
      await city.identity.connect(bob).initiateRecovery(city.ids.alice, newWallet);
      await city.identity.connect(carol).approveRecovery(1n);
      await networkHelpers.time.increase(DELAY);
      await city.identity.executeRecovery(1n);
      expect(await city.claims.hasValidClaim(await city.identity.identityOf(newWallet), topic)).to.equal(true);
    });

    it("never completes with fewer than M approvals, even long after the delay", async function () {
      const city = await networkHelpers.loadFixture(recoveryFixture);
      await city.identity.connect(city.accounts.bob).initiateRecovery(city.ids.alice, Wallet.createRandom().address);
      await networkHelpers.time.increase(10n * DELAY);
      await expect(city.identity.executeRecovery(1n))
        .to.be.revertedWithCustomError(city.identity, "IdentityRecoveryNotApproved")
        .withArgs(1n, 1, 2);
      expect(await city.identity.walletOf(city.ids.alice)).to.equal(city.accounts.alice.address);
    });

    it("refuses a guardian approving twice", async function () {
      const city = await networkHelpers.loadFixture(recoveryFixture);
      const { bob, carol } = city.accounts;
      await city.identity.connect(bob).initiateRecovery(city.ids.alice, Wallet.createRandom().address);
      await expect(city.identity.connect(bob).approveRecovery(1n))
        .to.be.revertedWithCustomError(city.identity, "IdentityRecoveryAlreadyApproved")
        .withArgs(1n, city.ids.bob);
      await city.identity.connect(carol).approveRecovery(1n);
      await expect(city.identity.connect(carol).approveRecovery(1n))
        .to.be.revertedWithCustomError(city.identity, "IdentityRecoveryAlreadyApproved")
        .withArgs(1n, city.ids.carol);
      expect((await city.identity.recovery(1n)).approvals).to.equal(2);
      // A third guardian may still approve; the veto window does not restart.
      const { executableAt } = await city.identity.recovery(1n);
      await city.identity.connect(city.accounts.dave).approveRecovery(1n);
      expect((await city.identity.recovery(1n)).executableAt).to.equal(executableAt);
    });

    it("accepts only guardians, through their own primary wallet, while they are verified", async function () {
      const city = await networkHelpers.loadFixture(recoveryFixture);
      const { erin, mallory, bob, registrar, dave } = city.accounts;
      const target = Wallet.createRandom().address;
      await expect(city.identity.connect(erin).initiateRecovery(city.ids.alice, target))
        .to.be.revertedWithCustomError(city.identity, "IdentityNotGuardian")
        .withArgs(city.ids.alice, city.ids.erin);
      await expect(city.identity.connect(mallory).initiateRecovery(city.ids.alice, target))
        .to.be.revertedWithCustomError(city.identity, "IdentityCallerUnknown")
        .withArgs(mallory.address);
      await expect(city.identity.connect(registrar).initiateRecovery(city.ids.alice, target))
        .to.be.revertedWithCustomError(city.identity, "IdentityCallerUnknown")
        .withArgs(registrar.address);

      // A guardian's bound wallet cannot act for it.
      const bobPhone = await freshSigner();
      const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
      const signed = await signWalletBinding(bobPhone, city.identity, city.ids.bob, { deadline });
      await city.identity.connect(bob).bindWallet(city.ids.bob, bobPhone.address, 0n, deadline, signed.signature);
      await expect(city.identity.connect(bobPhone).initiateRecovery(city.ids.alice, target))
        .to.be.revertedWithCustomError(city.identity, "IdentityCallerUnknown")
        .withArgs(bobPhone.address);

      await city.identity.connect(bob).initiateRecovery(city.ids.alice, target);
      await expect(city.identity.connect(erin).approveRecovery(1n))
        .to.be.revertedWithCustomError(city.identity, "IdentityNotGuardian")
        .withArgs(city.ids.alice, city.ids.erin);
      // A suspended guardian cannot approve, nor open a recovery.
      await city.identity.connect(registrar).suspend(city.ids.dave, reason("check"));
      await expect(city.identity.connect(dave).approveRecovery(1n))
        .to.be.revertedWithCustomError(city.identity, "IdentityGuardianNotVerified")
        .withArgs(city.ids.dave);
      await expect(city.identity.connect(dave).initiateRecovery(city.ids.alice, target))
        .to.be.revertedWithCustomError(city.identity, "IdentityGuardianNotVerified")
        .withArgs(city.ids.dave);
      expect((await city.identity.recovery(1n)).approvals).to.equal(1);
    });

    it("rejects an unknown recovery, an identity without guardians, a revoked identity, and bad new wallets", async function () {
      const city = await networkHelpers.loadFixture(recoveryFixture);
      const { bob, carol, registrar, alice } = city.accounts;
      await expect(city.identity.executeRecovery(7n))
        .to.be.revertedWithCustomError(city.identity, "IdentityRecoveryUnknown")
        .withArgs(7n);
      await expect(city.identity.connect(bob).approveRecovery(7n))
        .to.be.revertedWithCustomError(city.identity, "IdentityRecoveryUnknown")
        .withArgs(7n);
      await expect(city.identity.connect(bob).initiateRecovery(city.ids.carol, Wallet.createRandom().address))
        .to.be.revertedWithCustomError(city.identity, "IdentityNoGuardians")
        .withArgs(city.ids.carol);
      await expect(city.identity.connect(bob).initiateRecovery(99n, Wallet.createRandom().address))
        .to.be.revertedWithCustomError(city.identity, "IdentityUnknown")
        .withArgs(99n);
      await expect(
        city.identity.connect(bob).initiateRecovery(city.ids.alice, ZeroAddress),
      ).to.be.revertedWithCustomError(city.identity, "IdentityWalletZero");
      await expect(city.identity.connect(bob).initiateRecovery(city.ids.alice, carol.address))
        .to.be.revertedWithCustomError(city.identity, "IdentityWalletAlreadyBound")
        .withArgs(carol.address, city.ids.carol);
      await expect(city.identity.connect(bob).initiateRecovery(city.ids.alice, alice.address))
        .to.be.revertedWithCustomError(city.identity, "IdentityWalletAlreadyBound")
        .withArgs(alice.address, city.ids.alice);
      expect(await city.identity.recovery(1n).then((r) => r.status)).to.equal(RecoveryStatus.None);

      await city.identity.connect(bob).initiateRecovery(city.ids.alice, Wallet.createRandom().address);
      await city.identity.connect(carol).approveRecovery(1n);
      await city.identity.connect(registrar).revoke(city.ids.alice, reason("fraud"));
      await networkHelpers.time.increase(DELAY);
      await expect(city.identity.executeRecovery(1n))
        .to.be.revertedWithCustomError(city.identity, "IdentityAlreadyRevoked")
        .withArgs(city.ids.alice);
      await expect(city.identity.connect(city.accounts.dave).approveRecovery(1n))
        .to.be.revertedWithCustomError(city.identity, "IdentityAlreadyRevoked")
        .withArgs(city.ids.alice);
      await expect(city.identity.connect(bob).initiateRecovery(city.ids.alice, Wallet.createRandom().address))
        .to.be.revertedWithCustomError(city.identity, "IdentityAlreadyRevoked")
        .withArgs(city.ids.alice);
    });

    it("may promote one of the identity's own bound wallets, but not a wallet bound elsewhere meanwhile", async function () {
      const city = await networkHelpers.loadFixture(recoveryFixture);
      const { bob, carol, erin } = city.accounts;
      await city.identity.connect(bob).initiateRecovery(city.ids.alice, city.phone.address);
      await city.identity.connect(carol).approveRecovery(1n);
      await networkHelpers.time.increase(DELAY);
      await city.identity.executeRecovery(1n);
      expect(await city.identity.walletOf(city.ids.alice)).to.equal(city.phone.address);
      expect(await city.identity.identityOf(city.phone.address)).to.equal(city.ids.alice);

      // Carol's guardians open a recovery to a fresh wallet, which erin then binds to her own identity.
      await city.identity
        .connect(city.accounts.carol)
        .appointGuardians(city.ids.carol, [city.ids.bob, city.ids.dave], 2);
      await networkHelpers.time.increase(DELAY);
      const target = Wallet.createRandom();
      await city.identity.connect(bob).initiateRecovery(city.ids.carol, target.address);
      await city.identity.connect(city.accounts.dave).approveRecovery(2n);
      const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
      const signed = await signWalletBinding(target, city.identity, city.ids.erin, { deadline });
      await city.identity.connect(erin).bindWallet(city.ids.erin, target.address, 0n, deadline, signed.signature);
      await networkHelpers.time.increase(DELAY);
      await expect(city.identity.executeRecovery(2n))
        .to.be.revertedWithCustomError(city.identity, "IdentityWalletAlreadyBound")
        .withArgs(target.address, city.ids.erin);
    });

    it("makes a concurrent recovery stale once another one executed", async function () {
      const city = await networkHelpers.loadFixture(recoveryFixture);
      const { bob, carol, dave } = city.accounts;
      const first = Wallet.createRandom().address;
      const second = Wallet.createRandom().address;
      await city.identity.connect(bob).initiateRecovery(city.ids.alice, first);
      await city.identity.connect(carol).initiateRecovery(city.ids.alice, second);
      await city.identity.connect(carol).approveRecovery(1n);
      await city.identity.connect(dave).approveRecovery(2n);
      await networkHelpers.time.increase(DELAY);
      await city.identity.executeRecovery(1n);
      await expect(city.identity.executeRecovery(2n))
        .to.be.revertedWithCustomError(city.identity, "IdentityRecoveryStale")
        .withArgs(2n, 0, 1);
      expect(await city.identity.walletOf(city.ids.alice)).to.equal(first);
    });
  });

  describe("veto", function () {
    it("lets the current wallet veto during the window; a vetoed recovery never executes", async function () {
      const city = await networkHelpers.loadFixture(recoveryFixture);
      const { alice, bob, carol, dave } = city.accounts;
      await city.identity.connect(bob).initiateRecovery(city.ids.alice, Wallet.createRandom().address);
      await city.identity.connect(carol).approveRecovery(1n);
      await expect(city.identity.connect(alice).vetoRecovery(1n))
        .to.emit(city.identity, "IdentityRecoveryVetoed")
        .withArgs(1n, city.ids.alice);
      expect((await city.identity.recovery(1n)).status).to.equal(RecoveryStatus.Vetoed);
      await networkHelpers.time.increase(DELAY);
      await expect(city.identity.executeRecovery(1n))
        .to.be.revertedWithCustomError(city.identity, "IdentityRecoveryWasVetoed")
        .withArgs(1n);
      await expect(city.identity.connect(dave).approveRecovery(1n))
        .to.be.revertedWithCustomError(city.identity, "IdentityRecoveryWasVetoed")
        .withArgs(1n);
      await expect(city.identity.connect(alice).vetoRecovery(1n))
        .to.be.revertedWithCustomError(city.identity, "IdentityRecoveryWasVetoed")
        .withArgs(1n);
      expect(await city.identity.walletOf(city.ids.alice)).to.equal(alice.address);
    });

    it("is for the identity's current primary wallet only, not a guardian", async function () {
      const city = await networkHelpers.loadFixture(recoveryFixture);
      const { bob, dave } = city.accounts;
      await city.identity.connect(bob).initiateRecovery(city.ids.alice, Wallet.createRandom().address);
      await expect(city.identity.connect(dave).vetoRecovery(1n))
        .to.be.revertedWithCustomError(city.identity, "IdentityCallerNotWallet")
        .withArgs(city.ids.alice, dave.address);
      await expect(city.identity.vetoRecovery(5n))
        .to.be.revertedWithCustomError(city.identity, "IdentityRecoveryUnknown")
        .withArgs(5n);
    });

    it("stops while the registrar has the identity suspended, so a key thief cannot block the recovery", async function () {
      const city = await networkHelpers.loadFixture(recoveryFixture);
      const { alice: thief, bob, carol, registrar } = city.accounts;
      const rightful = await freshSigner();
      // The resident reports the theft in person; the registrar suspends the identity.
      await city.identity.connect(registrar).suspend(city.ids.alice, reason("reported-stolen"));
      await city.identity.connect(bob).initiateRecovery(city.ids.alice, rightful.address);
      await city.identity.connect(carol).approveRecovery(1n);
      await expect(city.identity.connect(thief).vetoRecovery(1n))
        .to.be.revertedWithCustomError(city.identity, "IdentityNotActive")
        .withArgs(city.ids.alice, 2);
      await networkHelpers.time.increase(DELAY);
      await city.identity.executeRecovery(1n);
      expect(await city.identity.isVerified(rightful.address, 1)).to.equal(false); // still suspended
      await city.identity.connect(registrar).reinstate(city.ids.alice);
      expect(await city.identity.isVerified(rightful.address, AssuranceLevel.BIOMETRIC)).to.equal(true);
      expect(await city.identity.identityOf(thief.address)).to.equal(0n);
    });
  });

  describe("guardian changes cannot block a recovery", function () {
    it("a thief's guardian change does not touch a recovery in progress and is discarded by it", async function () {
      const city = await networkHelpers.loadFixture(recoveryFixture);
      const { alice: thief, bob, carol, registrar } = city.accounts;
      const thiefAccomplice = await registerResident(city, city.accounts.mallory, "X-666");
      await city.identity.connect(bob).initiateRecovery(city.ids.alice, Wallet.createRandom().address);
      // The thief holds the key and names his own guardians; the change waits for the recovery delay.
      await city.identity.connect(thief).appointGuardians(city.ids.alice, [city.ids.erin, thiefAccomplice], 2);
      await city.identity.connect(registrar).suspend(city.ids.alice, reason("reported-stolen"));
      await city.identity.connect(carol).approveRecovery(1n);
      await networkHelpers.time.increase(DELAY);
      // By now the thief's set would be in effect, but the recovery keeps the set it was opened under.
      expect((await city.identity.guardiansOf(city.ids.alice)).epoch).to.equal(2);
      await expect(city.identity.executeRecovery(1n))
        .to.emit(city.identity, "IdentityGuardianChangeDiscarded")
        .withArgs(city.ids.alice, 2);
      const [guardianIds, threshold, epoch] = await city.identity.guardiansOf(city.ids.alice);
      expect(guardianIds).to.deep.equal(city.guardians);
      expect(threshold).to.equal(2);
      expect(epoch).to.equal(1);
      expect((await city.identity.pendingGuardiansOf(city.ids.alice)).epoch).to.equal(0);
    });

    it("discards a guardian change still pending when the recovery executes", async function () {
      const city = await networkHelpers.loadFixture(recoveryFixture);
      const { alice, bob, carol } = city.accounts;
      await city.identity.connect(bob).initiateRecovery(city.ids.alice, Wallet.createRandom().address);
      await city.identity.connect(carol).approveRecovery(1n);
      await networkHelpers.time.increase(DELAY - 100n);
      await city.identity.connect(alice).appointGuardians(city.ids.alice, [city.ids.erin, city.ids.bob], 2);
      await networkHelpers.time.increase(100n);
      await expect(city.identity.executeRecovery(1n))
        .to.emit(city.identity, "IdentityGuardianChangeDiscarded")
        .withArgs(city.ids.alice, 2);
      expect((await city.identity.pendingGuardiansOf(city.ids.alice)).epoch).to.equal(0);
      await networkHelpers.time.increase(DELAY);
      expect((await city.identity.guardiansOf(city.ids.alice)).epoch).to.equal(1);
    });

    it("a recovery opened under the old set needs that set's approvals, until the new set takes effect (M-05)", async function () {
      const city = await networkHelpers.loadFixture(recoveryFixture);
      const { alice, bob, erin, dave } = city.accounts;
      await city.identity.connect(bob).initiateRecovery(city.ids.alice, Wallet.createRandom().address);
      await city.identity.connect(alice).appointGuardians(city.ids.alice, [city.ids.erin, city.ids.carol], 2);
      // erin is in the new set, not in the one recovery 1 was opened under.
      await expect(city.identity.connect(erin).approveRecovery(1n))
        .to.be.revertedWithCustomError(city.identity, "IdentityNotGuardian")
        .withArgs(city.ids.alice, city.ids.erin);
      await networkHelpers.time.increase(DELAY);
      // Once the new set is in effect, the old set's guardians lose the recovery they had not completed.
      await expect(city.identity.connect(dave).approveRecovery(1n))
        .to.be.revertedWithCustomError(city.identity, "IdentityRecoverySuperseded")
        .withArgs(1n, 1, 2);
      // New recoveries use the new set.
      await expect(city.identity.connect(dave).initiateRecovery(city.ids.alice, Wallet.createRandom().address))
        .to.be.revertedWithCustomError(city.identity, "IdentityNotGuardian")
        .withArgs(city.ids.alice, city.ids.dave);
      await city.identity.connect(erin).initiateRecovery(city.ids.alice, Wallet.createRandom().address);
      expect((await city.identity.recovery(2n)).guardianEpoch).to.equal(2);
    });
  });

  describe("no single point of trust", function () {
    it("a guardian's own key recovery does not break its guardianship", async function () {
      const city = await networkHelpers.loadFixture(recoveryFixture);
      const { bob, carol, dave, erin } = city.accounts;
      // Bob loses his key; carol and erin (his guardians) move him to a new wallet.
      await city.identity.connect(bob).appointGuardians(city.ids.bob, [city.ids.carol, city.ids.erin], 2);
      await networkHelpers.time.increase(DELAY);
      const bobsNewKey = await freshSigner();
      await city.identity.connect(carol).initiateRecovery(city.ids.bob, bobsNewKey.address);
      await city.identity.connect(erin).approveRecovery(1n);
      await networkHelpers.time.increase(DELAY);
      await city.identity.executeRecovery(1n);
      // Bob, still alice's guardian by id, approves alice's recovery from his new wallet; the old one is refused.
      await city.identity.connect(dave).initiateRecovery(city.ids.alice, Wallet.createRandom().address);
      await expect(city.identity.connect(bob).approveRecovery(2n))
        .to.be.revertedWithCustomError(city.identity, "IdentityCallerUnknown")
        .withArgs(bob.address);
      const approvedAt = BigInt(await networkHelpers.time.latest()) + 1n;
      await networkHelpers.time.setNextBlockTimestamp(approvedAt);
      await expect(city.identity.connect(bobsNewKey).approveRecovery(2n))
        .to.emit(city.identity, "IdentityRecoveryApproved")
        .withArgs(2n, city.ids.bob, 2, approvedAt + DELAY);
    });

    it("the registrar, even as a guardian, cannot take over an identity alone", async function () {
      const city = await networkHelpers.loadFixture(identityFixtureOnly);
      const { registrar, alice } = city.accounts;
      const officialId = await registerResident(city, registrar, "REG-OFFICIAL", { kind: IdentityKind.Official });
      await city.identity.connect(alice).appointGuardians(city.ids.alice, [officialId, city.ids.bob], 2);
      await networkHelpers.time.increase(DELAY);
      await city.identity.connect(registrar).initiateRecovery(city.ids.alice, Wallet.createRandom().address);
      await networkHelpers.time.increase(10n * DELAY);
      await expect(city.identity.executeRecovery(1n))
        .to.be.revertedWithCustomError(city.identity, "IdentityRecoveryNotApproved")
        .withArgs(1n, 1, 2);
      // Nor can any of the registrar's restricted powers move the wallet: they change status, level, validity.
      await city.identity.connect(registrar).suspend(city.ids.alice, reason("x"));
      await city.identity.connect(registrar).reinstate(city.ids.alice);
      await city.identity.connect(registrar).setLevel(city.ids.alice, 1);
      expect(await city.identity.walletOf(city.ids.alice)).to.equal(alice.address);
    });
  });
});

async function identityFixtureOnly(): Promise<IdentityCity> {
  return deployIdentityCity(connection);
}
