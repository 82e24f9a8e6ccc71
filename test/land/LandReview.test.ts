import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { encodeBytes32String, type HDNodeWallet, parseEther, Wallet } from "ethers";

import { signConsentApproval } from "../../src/eip712.js";
import { DeedStatus, LandRevision, LienKind, LienStatus, parcelSpec } from "../../src/land.js";
import { deployBehindProxy } from "../../src/proxy.js";
import { Roles } from "../../src/roles.js";
import type { LandRegistry } from "../../typechain-types/index.js";
import { registerResident } from "../identity/helpers.js";
import { DAY, deployLandCity, doc, inFuture, PRICE, type LandCity, historyOf } from "./fixtures.js";
import { connection } from "../shared/network.js";

/**
 * Regression tests of the 2026-11-24 security review's land findings (H-01, M-01..M-04, M-06, L-01, L-04,
 * I-03, I-05, I-10, I-12): each failed against commit 12bb6e9.
 */
const { ethers, networkHelpers } = connection;

const MORTGAGE = parseEther("100000");

async function landFixture() {
  const city = await deployLandCity(connection);
  return { ...city, deadline: await inFuture(connection, 7n * DAY) };
}

/** Moves identity `identityId` to `newWallet` through two guardians (the identity's own guardian recovery). */
async function recover(
  city: LandCity,
  identityId: bigint,
  owner: HardhatEthersSigner,
  newWallet: string,
  guardians: [HardhatEthersSigner, bigint][],
): Promise<void> {
  const { identity } = city;
  await identity.connect(owner).appointGuardians(
    identityId,
    guardians.map(([, id]) => id),
    2,
  );
  const delay = await identity.recoveryDelay();
  await networkHelpers.time.increase(delay + 1n); // also covers a delayed first appointment
  const initiator = identity.connect(guardians[0][0]);
  const recoveryId = await initiator.initiateRecovery.staticCall(identityId, newWallet);
  await initiator.initiateRecovery(identityId, newWallet);
  await identity.connect(guardians[1][0]).approveRecovery(recoveryId);
  await networkHelpers.time.increase(delay + 1n);
  await identity.connect(guardians[0][0]).executeRecovery(recoveryId);
  expect(await identity.walletOf(identityId)).to.equal(newWallet);
}

describe("Land: security review regressions", function () {
  describe("H-01 rights by identity id", function () {
    it("a recovered lender keeps its mortgage: the old key can neither release it nor withdraw the payoff", async function () {
      const city = await networkHelpers.loadFixture(landFixture);
      const { landLiens, landDeeds, token, accounts, ids, soleParcel, deadline } = city;
      const { alice, bob, carol, erin, landRegistrar } = accounts;
      await landLiens.connect(erin).proposeLien(soleParcel, LienKind.Mortgage, MORTGAGE, doc("m"), deadline);
      await landLiens.connect(alice).approve(1n);
      const newKey = Wallet.createRandom(ethers.provider);
      await bob.sendTransaction({ to: newKey.address, value: parseEther("1") });
      await recover(city, ids.erin, erin, newKey.address, [
        [bob, ids.bob],
        [carol, ids.carol],
      ]);
      await expect(landLiens.connect(erin).releaseLien(1n))
        .to.be.revertedWithCustomError(landLiens, "ConsentCallerNotPrimaryWallet")
        .withArgs(erin.address);
      expect((await landLiens.lien(1n)).holderId).to.equal(ids.erin);

      // A sale pays the mortgage off to erin's identity; only its current wallet withdraws it.
      const deedDeadline = await inFuture(connection, 7n * DAY);
      await landDeeds.connect(alice).openDeed(soleParcel, ids.bob, PRICE, deedDeadline);
      await token.connect(bob).approve(await landDeeds.getAddress(), PRICE);
      await landDeeds.connect(bob).fundDeed(1n);
      await landDeeds.connect(landRegistrar).completeDeed(1n);
      expect(await landDeeds.creditOf(ids.erin)).to.equal(MORTGAGE);
      await expect(landDeeds.connect(erin).withdraw())
        .to.be.revertedWithCustomError(landDeeds, "EscrowCallerNotPrimaryWallet")
        .withArgs(erin.address);
      await expect(landDeeds.connect(newKey).withdraw()).to.changeTokenBalance(ethers, token, newKey, MORTGAGE);
    });

    it("an owner recovered mid-proposal declines with the new wallet; the old key cannot approve", async function () {
      const city = await networkHelpers.loadFixture(landFixture);
      const { landLiens, accounts, ids, soleParcel } = city;
      const { alice, bob, carol, erin } = accounts;
      const newKey = Wallet.createRandom(ethers.provider);
      await bob.sendTransaction({ to: newKey.address, value: parseEther("1") });
      const longDeadline = await inFuture(connection, 20n * DAY);
      await landLiens.connect(erin).proposeLien(soleParcel, LienKind.Mortgage, MORTGAGE, doc("m"), longDeadline);
      await recover(city, ids.alice, alice, newKey.address, [
        [bob, ids.bob],
        [carol, ids.carol],
      ]);
      await expect(landLiens.connect(alice).approve(1n))
        .to.be.revertedWithCustomError(landLiens, "ConsentCallerNotPrimaryWallet")
        .withArgs(alice.address);
      await expect(landLiens.connect(newKey).decline(1n)).to.emit(landLiens, "LienRejected");
      expect((await landLiens.lien(1n)).status).to.equal(LienStatus.Rejected);
    });

    it("a party recovers mid-deed and approves with the new key; the old key can do nothing", async function () {
      const city = await networkHelpers.loadFixture(landFixture);
      const { landDeeds, token, accounts, ids, sharedParcel } = city;
      const { alice, dave, bob, carol, erin, landRegistrar } = accounts;
      const deadline = await inFuture(connection, 30n * DAY);
      await landDeeds.connect(alice).openDeed(sharedParcel, ids.erin, PRICE, deadline);
      const oldSignature = await signConsentApproval(dave, landDeeds, 1n, ids.dave, { deadline });
      const newKey = Wallet.createRandom(ethers.provider);
      await bob.sendTransaction({ to: newKey.address, value: parseEther("1") });
      await recover(city, ids.dave, dave, newKey.address, [
        [bob, ids.bob],
        [carol, ids.carol],
      ]);
      await expect(landDeeds.connect(dave).approve(1n)).to.be.revertedWithCustomError(
        landDeeds,
        "ConsentCallerNotPrimaryWallet",
      );
      await expect(landDeeds.connect(dave).decline(1n)).to.be.revertedWithCustomError(
        landDeeds,
        "ConsentCallerNotPrimaryWallet",
      );
      await expect(
        landDeeds.approveBySignature(1n, ids.dave, oldSignature.approval.nonce, deadline, oldSignature.signature),
      )
        .to.be.revertedWithCustomError(landDeeds, "ConsentInvalidSignature")
        .withArgs(1n, ids.dave);
      await expect(landDeeds.connect(newKey).approve(1n))
        .to.emit(landDeeds, "ConsentApproved")
        .withArgs(1n, ids.dave, false);
      await token.connect(erin).approve(await landDeeds.getAddress(), PRICE);
      await landDeeds.connect(erin).fundDeed(1n);
      await landDeeds.connect(landRegistrar).completeDeed(1n);
      expect((await landDeeds.deed(1n)).status).to.equal(DeedStatus.Completed);
      await expect(landDeeds.connect(dave).withdraw()).to.be.revertedWithCustomError(
        landDeeds,
        "EscrowCallerNotPrimaryWallet",
      );
      await expect(landDeeds.connect(newKey).withdraw()).to.changeTokenBalance(
        ethers,
        token,
        newKey,
        (PRICE * 4n) / 10n,
      );
    });
  });

  it("M-01: a parcel with MAX_OWNERS co-owners can be sold", async function () {
    const city = await networkHelpers.loadFixture(landFixture);
    const { landRegistry, landDeeds, token, accounts, ids } = city;
    const maxOwners = await landRegistry.MAX_OWNERS();
    expect(await landDeeds.MAX_PARTIES()).to.be.greaterThanOrEqual(maxOwners + 1n);
    const others: { wallet: HDNodeWallet; id: bigint }[] = [];
    for (let i = 1n; i < maxOwners; i++) {
      const wallet = Wallet.createRandom();
      others.push({ wallet, id: await registerResident(city, wallet.address, `CO-${i}`) });
    }
    const owners = [
      { identityId: ids.alice, bps: 10_000 - 15 * 600 },
      ...others.map((o) => ({ identityId: o.id, bps: 600 })),
    ];
    await landRegistry.connect(accounts.landRegistrar).registerParcel(parcelSpec("LOT-MANY", 5_000n), owners);
    const deadline = await inFuture(connection, 7n * DAY);
    await landDeeds.connect(accounts.alice).openDeed(3n, ids.bob, PRICE, deadline);
    for (const { wallet, id } of others) {
      const signed = await signConsentApproval(wallet, landDeeds, 1n, id, { deadline });
      await landDeeds.approveBySignature(1n, id, signed.approval.nonce, deadline, signed.signature);
    }
    await token.connect(accounts.bob).approve(await landDeeds.getAddress(), PRICE);
    await landDeeds.connect(accounts.bob).fundDeed(1n);
    await landDeeds.connect(accounts.landRegistrar).completeDeed(1n);
    expect(await landRegistry.ownerOf(3n)).to.equal(accounts.bob.address);
  });

  describe("M-02 lien proposals cannot fill the parcel", function () {
    it("an owner's own proposals never make the parcel court-proof; the court can reject them", async function () {
      const { landLiens, accounts, ids, soleParcel, deadline } = await networkHelpers.loadFixture(landFixture);
      const max = await landLiens.MAX_PROPOSALS_PER_PROPOSER();
      for (let i = 0n; i < max; i++) {
        await landLiens.connect(accounts.alice).proposeLien(soleParcel, LienKind.Easement, 0n, doc(`a${i}`), deadline);
      }
      await expect(landLiens.connect(accounts.alice).proposeLien(soleParcel, LienKind.Easement, 0n, doc("x"), deadline))
        .to.be.revertedWithCustomError(landLiens, "LienProposerBusy")
        .withArgs(ids.alice, max);
      await expect(
        landLiens.connect(accounts.court).imposeCourtLien(soleParcel, ids.bob, MORTGAGE, doc("judgment")),
      ).to.emit(landLiens, "CourtLienImposed");
      await expect(landLiens.connect(accounts.court).rejectLienProposal(1n))
        .to.emit(landLiens, "LienRejected")
        .withArgs(1n, soleParcel, accounts.court.address);
      expect(await landLiens.openProposalsOf(ids.alice)).to.equal(max - 1n);
    });

    it("strangers fill at most the proposal places; a lender still lends once they expire and are pruned", async function () {
      const { landLiens, accounts, ids, soleParcel, deadline } = await networkHelpers.loadFixture(landFixture);
      const perParcel = await landLiens.MAX_PROPOSALS_PER_PARCEL();
      const strangers = [accounts.bob, accounts.carol];
      let n = 0n;
      for (const stranger of strangers) {
        for (let i = 0; i < 4; i++, n++) {
          await landLiens.connect(stranger).proposeLien(soleParcel, LienKind.Easement, 0n, doc(`s${n}`), deadline);
        }
      }
      expect(n).to.equal(perParcel);
      await expect(landLiens.connect(accounts.erin).proposeLien(soleParcel, LienKind.Mortgage, 1n, doc("m"), deadline))
        .to.be.revertedWithCustomError(landLiens, "LienTooManyProposals")
        .withArgs(soleParcel, perParcel);
      // The owner declines one at once; the rest cannot be pruned before they expire.
      await landLiens.connect(accounts.alice).decline(1n);
      await expect(landLiens.connect(accounts.mallory).pruneLienProposal(2n))
        .to.be.revertedWithCustomError(landLiens, "LienProposalLive")
        .withArgs(2n);
      await networkHelpers.time.increaseTo(deadline + 1n);
      for (let id = 2n; id <= perParcel; id++) await landLiens.connect(accounts.mallory).pruneLienProposal(id);
      expect(await landLiens.proposalsOf(soleParcel)).to.deep.equal([]);
      const later = await inFuture(connection, DAY);
      await landLiens.connect(accounts.erin).proposeLien(soleParcel, LienKind.Mortgage, MORTGAGE, doc("m"), later);
      await landLiens.connect(accounts.alice).approve(9n);
      expect((await landLiens.lien(9n)).status).to.equal(LienStatus.Active);
      expect(await landLiens.openProposalsOf(ids.bob)).to.equal(0n);
    });

    it("proposals made before a sale are pruned after it; the new owner can mortgage", async function () {
      const { landLiens, landDeeds, token, accounts, ids, soleParcel } = await networkHelpers.loadFixture(landFixture);
      const long = await inFuture(connection, 25n * DAY);
      await landLiens.connect(accounts.carol).proposeLien(soleParcel, LienKind.Easement, 0n, doc("e"), long);
      await landDeeds.connect(accounts.alice).openDeed(soleParcel, ids.bob, PRICE, long);
      await token.connect(accounts.bob).approve(await landDeeds.getAddress(), PRICE);
      await landDeeds.connect(accounts.bob).fundDeed(1n);
      await landDeeds.connect(accounts.landRegistrar).completeDeed(1n);
      await expect(landLiens.connect(accounts.mallory).pruneLienProposal(1n))
        .to.emit(landLiens, "LienRejected")
        .withArgs(1n, soleParcel, accounts.mallory.address);
      await landLiens.connect(accounts.erin).proposeLien(soleParcel, LienKind.Mortgage, MORTGAGE, doc("m"), long);
      await landLiens.connect(accounts.bob).approve(2n);
      expect((await landLiens.lien(2n)).status).to.equal(LienStatus.Active);
    });
  });

  describe("M-03 funding with a permit", function () {
    it("never spends a standing allowance for a deed the buyer did not accept, nor swallows a failed permit", async function () {
      const { landDeeds, token, accounts, ids, sharedParcel, deadline } = await networkHelpers.loadFixture(landFixture);
      const { dave, bob, mallory } = accounts;
      await token.connect(bob).approve(await landDeeds.getAddress(), ethers.MaxUint256);
      await landDeeds.connect(dave).openDeed(sharedParcel, ids.bob, PRICE, deadline);
      const zero = ethers.ZeroHash;
      await expect(landDeeds.connect(mallory).fundDeedWithPermit(1n, deadline, 27, zero, zero))
        .to.be.revertedWithCustomError(landDeeds, "DeedBuyerNotApproved")
        .withArgs(1n, ids.bob);
      // Even bob's own call with a bad permit reverts rather than falling back on his allowance.
      await expect(landDeeds.connect(bob).fundDeedWithPermit(1n, deadline, 27, zero, zero)).to.be.revert(ethers);
      expect((await landDeeds.deed(1n)).funded).to.equal(false);
      // Once bob approved this very deed, a relayer needs a valid permit, and the deadline holds.
      await landDeeds.connect(bob).approve(1n);
      await expect(landDeeds.connect(mallory).fundDeedWithPermit(1n, deadline, 27, zero, zero)).to.be.revert(ethers);
      await networkHelpers.time.increaseTo(deadline + 1n);
      await expect(landDeeds.connect(bob).fundDeed(1n))
        .to.be.revertedWithCustomError(landDeeds, "DeedExpired")
        .withArgs(1n, deadline);
    });
  });

  it("M-04: no lien is proposed or activated by consent while a deed holds the parcel", async function () {
    const { landLiens, landDeeds, accounts, ids, soleParcel, deadline } = await networkHelpers.loadFixture(landFixture);
    await landLiens.connect(accounts.erin).proposeLien(soleParcel, LienKind.Easement, 0n, doc("e"), deadline);
    await landDeeds.connect(accounts.alice).openDeed(soleParcel, ids.bob, PRICE, deadline);
    await expect(landLiens.connect(accounts.erin).proposeLien(soleParcel, LienKind.Easement, 0n, doc("f"), deadline))
      .to.be.revertedWithCustomError(landLiens, "LienParcelLocked")
      .withArgs(soleParcel, 1n);
    await expect(landLiens.connect(accounts.alice).approve(1n))
      .to.be.revertedWithCustomError(landLiens, "LienParcelLocked")
      .withArgs(soleParcel, 1n);
  });

  describe("M-06 succession", function () {
    it("a co-owned parcel of a revoked owner becomes sellable again through the registered successor", async function () {
      const city = await networkHelpers.loadFixture(landFixture);
      const { identity, landRegistry, landDeeds, token, accounts, ids, sharedParcel } = city;
      const reason = encodeBytes32String("lost key");
      await identity.connect(accounts.registrar).revoke(ids.dave, reason);
      const deadline = await inFuture(connection, 7n * DAY);
      await expect(landDeeds.connect(accounts.alice).openDeed(sharedParcel, ids.erin, PRICE, deadline))
        .to.be.revertedWithCustomError(landDeeds, "DeedSellerNotVerified")
        .withArgs(ids.dave);
      const daveAgain = Wallet.createRandom(ethers.provider);
      await accounts.bob.sendTransaction({ to: daveAgain.address, value: parseEther("1") });
      const newDave = await registerResident(city, daveAgain.address, "D-004");
      expect(await identity.predecessorOf(newDave)).to.equal(ids.dave);
      const registrar = landRegistry.connect(accounts.landRegistrar);
      await expect(registrar.succeedByRegistrar(sharedParcel, ids.dave, ids.erin))
        .to.be.revertedWithCustomError(landRegistry, "LandNotSuccessor")
        .withArgs(ids.dave, ids.erin);
      await expect(registrar.succeedByRegistrar(sharedParcel, ids.dave, newDave))
        .to.emit(landRegistry, "TitleSucceeded")
        .withArgs(sharedParcel, ids.dave, newDave, false);
      const last = (await historyOf(connection, landRegistry, sharedParcel)).slice(-1);
      expect([last[0].kind, last[0].ref]).to.deep.equal([LandRevision.SUCCEEDED, (ids.dave << 64n) | newDave]);
      expect(await landRegistry.ownersOf(sharedParcel)).to.deep.equal([
        [ids.alice, 6_000n],
        [newDave, 4_000n],
      ]);
      await landDeeds.connect(accounts.alice).openDeed(sharedParcel, ids.erin, PRICE, deadline);
      await landDeeds.connect(daveAgain).approve(1n);
      await token.connect(accounts.erin).approve(await landDeeds.getAddress(), PRICE);
      await landDeeds.connect(accounts.erin).fundDeed(1n);
      await landDeeds.connect(accounts.landRegistrar).completeDeed(1n);
      expect(await landRegistry.ownerOf(sharedParcel)).to.equal(accounts.erin.address);
    });

    it("a court moves a share to any land party, merging it into an existing co-owner's share", async function () {
      const { landRegistry, accounts, ids, sharedParcel, soleParcel } = await networkHelpers.loadFixture(landFixture);
      const court = landRegistry.connect(accounts.court);
      await expect(court.succeedByCourt(sharedParcel, ids.dave, ids.alice))
        .to.emit(landRegistry, "TitleSucceeded")
        .withArgs(sharedParcel, ids.dave, ids.alice, true)
        .and.to.emit(landRegistry, "Transfer")
        .withArgs(await landRegistry.getAddress(), accounts.alice.address, sharedParcel);
      expect(await landRegistry.ownersOf(sharedParcel)).to.deep.equal([[ids.alice, 10_000n]]);
      await expect(court.succeedByCourt(soleParcel, ids.bob, ids.carol))
        .to.be.revertedWithCustomError(landRegistry, "LandNotAnOwner")
        .withArgs(soleParcel, ids.bob);
      await expect(court.succeedByCourt(soleParcel, ids.alice, ids.alice))
        .to.be.revertedWithCustomError(landRegistry, "LandDuplicateOwner")
        .withArgs(ids.alice);
      await expect(court.succeedByCourt(soleParcel, ids.alice, 999n))
        .to.be.revertedWithCustomError(landRegistry, "LandOwnerNotVerified")
        .withArgs(999n);
    });
  });

  it("L-01: an emergency close of the register never freezes a funded buyer's escrow", async function () {
    const { manager, landRegistry, landDeeds, token, accounts, ids, soleParcel, deadline } =
      await networkHelpers.loadFixture(landFixture);
    await landDeeds.connect(accounts.alice).openDeed(soleParcel, ids.bob, PRICE, deadline);
    await token.connect(accounts.bob).approve(await landDeeds.getAddress(), PRICE);
    await landDeeds.connect(accounts.bob).fundDeed(1n);
    await manager.connect(accounts.guardian).emergencyClose(await landRegistry.getAddress());
    await expect(landDeeds.connect(accounts.bob).decline(1n))
      .to.emit(landDeeds, "DeedUnlockDeferred")
      .withArgs(1n, soleParcel);
    expect((await landDeeds.deed(1n)).status).to.equal(DeedStatus.Cancelled);
    await expect(landDeeds.connect(accounts.bob).withdraw()).to.changeTokenBalance(ethers, token, accounts.bob, PRICE);
    await expect(landDeeds.connect(accounts.mallory).releaseStaleLock(soleParcel)).to.be.revertedWithCustomError(
      landRegistry,
      "AccessManagedUnauthorized",
    );
    await manager.connect(accounts.admin).setTargetClosed(await landRegistry.getAddress(), false);
    await expect(landDeeds.connect(accounts.mallory).releaseStaleLock(soleParcel))
      .to.emit(landDeeds, "StaleLockReleased")
      .withArgs(soleParcel, 1n, accounts.mallory.address);
    expect((await landRegistry.parcel(soleParcel)).lockedByDeed).to.equal(0n);
    await expect(landDeeds.releaseStaleLock(soleParcel))
      .to.be.revertedWithCustomError(landRegistry, "LandLockNotStale")
      .withArgs(soleParcel, 0n);
  });

  it("L-04: a delayed court's lien is held by the named payee, never by the AccessManager", async function () {
    const { manager, landLiens, accounts, ids, soleParcel } = await networkHelpers.loadFixture(landFixture);
    const { admin, mallory } = accounts;
    const delayedCourt = mallory; // a court account whose COURT role has an execution delay
    await manager.connect(admin).grantRole(Roles.COURT, delayedCourt.address, DAY);
    const target = await landLiens.getAddress();
    const call = landLiens.interface.encodeFunctionData("imposeCourtLien", [soleParcel, ids.carol, MORTGAGE, doc("j")]);
    await manager.connect(delayedCourt).schedule(target, call, 0n);
    await networkHelpers.time.increase(DAY + 1n);
    await expect(manager.connect(delayedCourt).execute(target, call)).to.emit(landLiens, "CourtLienImposed");
    const lien = await landLiens.lien(1n);
    expect(lien.holderId).to.equal(ids.carol);
    // ADMIN, without the COURT role, cannot release it through the manager.
    const release = landLiens.interface.encodeFunctionData("releaseLien", [1n]);
    await expect(manager.connect(admin).execute(target, release)).to.be.revert(ethers);
    expect((await landLiens.lien(1n)).status).to.equal(LienStatus.Active);
  });

  describe("informational findings", function () {
    it("I-03: the land service fails closed at level 0, and a device can neither own land nor hold a lien", async function () {
      const city = await networkHelpers.loadFixture(landFixture);
      const { manager, identity, landRegistry, landLiens, accounts, ids, soleParcel, deadline } = city;
      const unset = await ethers.deployContract("IdentityRegistryMock");
      const register = await deployBehindProxy<LandRegistry>(
        connection,
        "LandRegistry",
        [await manager.getAddress(), await unset.getAddress(), "x/"],
        [(await landRegistry.settlement())[0]],
      );
      await unset.set(1n, accounts.alice.address);
      await expect(
        register.connect(accounts.admin).registerParcel(parcelSpec("LOT-X", 10n), [{ identityId: 1n, bps: 10_000 }]),
      ).to.be.revertedWithCustomError(register, "LandServiceLevelUnset");

      const device = Wallet.createRandom(ethers.provider);
      await accounts.bob.sendTransaction({ to: device.address, value: parseEther("1") });
      const now = BigInt(await networkHelpers.time.latest());
      await identity
        .connect(accounts.registrar)
        .registerDevice(ids.alice, 3, ethers.id("meter-1"), ethers.id("rec"), now + 300n * DAY, device.address);
      const deviceId = await identity.identityOf(device.address);
      await expect(
        landRegistry
          .connect(accounts.landRegistrar)
          .registerParcel(parcelSpec("LOT-DEV", 10n), [{ identityId: deviceId, bps: 10_000 }]),
      )
        .to.be.revertedWithCustomError(landRegistry, "LandOwnerNotVerified")
        .withArgs(deviceId);
      await expect(landLiens.connect(device).proposeLien(soleParcel, LienKind.Easement, 0n, doc("d"), deadline))
        .to.be.revertedWithCustomError(landLiens, "LienHolderNotVerified")
        .withArgs(deviceId);
    });

    it("I-05: a revoked sole owner's title is shown held by the register in trust, not by the released wallet", async function () {
      const { identity, landRegistry, accounts, ids, soleParcel } = await networkHelpers.loadFixture(landFixture);
      await identity.connect(accounts.registrar).revoke(ids.alice, encodeBytes32String("deceased"));
      expect(await landRegistry.ownerOf(soleParcel)).to.equal(await landRegistry.getAddress());
      expect(await landRegistry.balanceOf(accounts.alice.address)).to.equal(0n);
    });

    it("I-10: the treasurer sweeps tokens sent to the deed office directly, never what it owes", async function () {
      const { landDeeds, token, accounts } = await networkHelpers.loadFixture(agreedFixture);
      await expect(
        landDeeds.connect(accounts.treasurer).sweepExcess(accounts.treasurer.address),
      ).to.be.revertedWithCustomError(landDeeds, "EscrowNoExcess");
      await token.connect(accounts.carol).transfer(await landDeeds.getAddress(), 5n);
      await expect(landDeeds.connect(accounts.treasurer).sweepExcess(accounts.treasurer.address))
        .to.emit(landDeeds, "EscrowExcessSwept")
        .withArgs(accounts.treasurer.address, 5n);
      expect(await token.balanceOf(await landDeeds.getAddress())).to.equal(PRICE);
      expect(await landDeeds.totalOwed()).to.equal(PRICE);
    });

    it("I-12: after a refused deed, nobody can re-open one on the parcel before the cooldown", async function () {
      const { landDeeds, landRegistry, accounts, ids, sharedParcel, deadline } =
        await networkHelpers.loadFixture(landFixture);
      await landDeeds.connect(accounts.alice).openDeed(sharedParcel, ids.bob, PRICE, deadline);
      await landDeeds.connect(accounts.dave).decline(1n);
      const until = BigInt(await networkHelpers.time.latest()) + (await landDeeds.DEED_REOPEN_COOLDOWN());
      await expect(landDeeds.connect(accounts.alice).openDeed(sharedParcel, ids.bob, PRICE, deadline))
        .to.be.revertedWithCustomError(landDeeds, "DeedParcelCoolingDown")
        .withArgs(sharedParcel, until);
      // The registrar's window: the parcel is free to be subdivided.
      await landRegistry
        .connect(accounts.landRegistrar)
        .subdivide(sharedParcel, [parcelSpec("LOT-A", 1_200n), parcelSpec("LOT-B", 1_200n)]);
      expect((await landRegistry.parcel(sharedParcel)).status).to.equal(2n);
    });
  });
});

/** alice's parcel sold to bob, funded: the escrow holds the price. */
async function agreedFixture() {
  const city = await deployLandCity(connection);
  const { landDeeds, token, accounts, ids, soleParcel } = city;
  await landDeeds.connect(accounts.alice).openDeed(soleParcel, ids.bob, PRICE, await inFuture(connection, DAY));
  await token.connect(accounts.bob).approve(await landDeeds.getAddress(), PRICE);
  await landDeeds.connect(accounts.bob).fundDeed(1n);
  return city;
}
