import { expect } from "chai";
import { encodeBytes32String, id, parseEther } from "ethers";

import { signConsentApproval } from "../../src/eip712.js";
import { signPermit } from "../../src/permit.js";
import { deedAction, DeedStatus, LandRevision, LienKind, LienStatus } from "../../src/land.js";
import { DAY, deployLandCity, doc, inFuture, PRICE, historyOf } from "./fixtures.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

const Deed = DeedStatus;
const { REGISTERED, TRANSFERRED, LIEN_ADDED, LIEN_PAID_OFF } = LandRevision;
const MORTGAGE = parseEther("100000");

async function landFixture() {
  const city = await deployLandCity(connection);
  return { ...city, deadline: await inFuture(connection, 7n * DAY) };
}

/** alice offers her parcel to bob; bob funds it and approves: only the registrar's completion is missing. */
async function agreedSaleFixture() {
  const f = await landFixture();
  const { landDeeds, token, accounts, ids, soleParcel, deadline } = f;
  await landDeeds.connect(accounts.alice).openDeed(soleParcel, ids.bob, PRICE, deadline);
  await token.connect(accounts.bob).approve(await landDeeds.getAddress(), PRICE);
  await landDeeds.connect(accounts.bob).fundDeed(1n); // pays and approves
  return f;
}

/** Like agreedSaleFixture, but erin holds a mortgage on the parcel that alice accepted before the sale. */
async function mortgagedSaleFixture() {
  const f = await landFixture();
  const { landDeeds, landLiens, token, accounts, ids, soleParcel, deadline } = f;
  await landLiens
    .connect(accounts.erin)
    .proposeLien(soleParcel, LienKind.Mortgage, MORTGAGE, doc("mortgage"), deadline);
  await landLiens.connect(accounts.alice).approve(1n);
  await landDeeds.connect(accounts.alice).openDeed(soleParcel, ids.bob, PRICE, deadline);
  await token.connect(accounts.bob).approve(await landDeeds.getAddress(), PRICE);
  await landDeeds.connect(accounts.bob).fundDeed(1n); // pays and approves
  return f;
}

describe("LandDeeds", function () {
  describe("a sale", function () {
    it("opens a deed: the seller approves by opening and the parcel is locked to it", async function () {
      const { landDeeds, landRegistry, accounts, ids, soleParcel, deadline } =
        await networkHelpers.loadFixture(landFixture);
      await expect(landDeeds.connect(accounts.alice).openDeed(soleParcel, ids.bob, PRICE, deadline))
        .to.emit(landDeeds, "DeedOpened")
        .withArgs(1n, soleParcel, ids.bob, PRICE, deadline)
        .and.to.emit(landDeeds, "ConsentRequested")
        .withArgs(1n, deedAction(soleParcel, ids.bob, PRICE), accounts.alice.address, [ids.alice, ids.bob], deadline)
        .and.to.emit(landDeeds, "ConsentApproved")
        .withArgs(1n, ids.alice, false)
        .and.to.emit(landRegistry, "ParcelLocked")
        .withArgs(soleParcel, 1n);
      expect((await landRegistry.parcel(soleParcel)).lockedByDeed).to.equal(1n);
      const deed = await landDeeds.deed(1n);
      expect([deed.parcelId, deed.buyerId, deed.price, deed.status, deed.funded]).to.deep.equal([
        soleParcel,
        ids.bob,
        PRICE,
        Deed.Open,
        false,
      ]);
    });

    it("completes in one transaction: seller credited, title moved, lock lifted, chain of title extended", async function () {
      const { landDeeds, landRegistry, token, accounts, ids, soleParcel } =
        await networkHelpers.loadFixture(agreedSaleFixture);
      const { alice, bob, landRegistrar } = accounts;
      await expect(landDeeds.connect(landRegistrar).completeDeed(1n))
        .to.emit(landDeeds, "DeedCompleted")
        .withArgs(1n, soleParcel, ids.bob, 0n)
        .and.to.emit(landDeeds, "SellerCredited")
        .withArgs(1n, ids.alice, PRICE)
        .and.to.emit(landRegistry, "ParcelTransferred")
        .withArgs(soleParcel, 1n, [[ids.alice, 10_000n]], [[ids.bob, 10_000n]])
        .and.to.emit(landRegistry, "Transfer")
        .withArgs(alice.address, bob.address, soleParcel);
      expect(await landRegistry.ownerOf(soleParcel)).to.equal(bob.address);
      expect(await landRegistry.titleCountOf(ids.alice)).to.equal(0n);
      expect(await landRegistry.titleCountOf(ids.bob)).to.equal(1n);
      expect((await landRegistry.parcel(soleParcel)).lockedByDeed).to.equal(0n);
      expect((await landDeeds.deed(1n)).status).to.equal(Deed.Completed);
      const kinds = (await historyOf(connection, landRegistry, soleParcel)).map((e) => e.kind);
      expect(kinds).to.deep.equal([REGISTERED, TRANSFERRED]);

      expect(await landDeeds.creditOf(ids.alice)).to.equal(PRICE);
      await expect(landDeeds.connect(alice).withdraw()).to.changeTokenBalance(ethers, token, alice, PRICE);
      expect(await landDeeds.totalOwed()).to.equal(0n);
      expect(await token.balanceOf(await landDeeds.getAddress())).to.equal(0n);
    });

    it("pays co-owners pro rata to their shares, to the last unit", async function () {
      const { landDeeds, token, accounts, ids, sharedParcel, deadline } = await networkHelpers.loadFixture(landFixture);
      const price = 1_000_001n; // not divisible: the remainder goes to the last co-owner
      await landDeeds.connect(accounts.dave).openDeed(sharedParcel, ids.erin, price, deadline);
      await token.connect(accounts.erin).approve(await landDeeds.getAddress(), price);
      await landDeeds.connect(accounts.erin).fundDeed(1n);
      await expect(landDeeds.connect(accounts.landRegistrar).completeDeed(1n))
        .to.be.revertedWithCustomError(landDeeds, "ConsentIncomplete")
        .withArgs(1n, 2n, 3n);
      await landDeeds.connect(accounts.alice).approve(1n);
      await landDeeds.connect(accounts.landRegistrar).completeDeed(1n);
      expect(await landDeeds.creditOf(ids.alice)).to.equal(600_000n); // 60 %
      expect(await landDeeds.creditOf(ids.dave)).to.equal(400_001n); // 40 % + remainder
    });

    it("pays a mortgage off from the escrow before the seller, atomically", async function () {
      const { landDeeds, landLiens, landRegistry, accounts, ids, soleParcel } =
        await networkHelpers.loadFixture(mortgagedSaleFixture);
      await expect(landDeeds.connect(accounts.landRegistrar).completeDeed(1n))
        .to.emit(landLiens, "LienPaidOff")
        .withArgs(1n, soleParcel, 1n, MORTGAGE)
        .and.to.emit(landDeeds, "DeedCompleted")
        .withArgs(1n, soleParcel, ids.bob, 1n);
      expect(await landDeeds.creditOf(ids.erin)).to.equal(MORTGAGE);
      expect(await landDeeds.creditOf(ids.alice)).to.equal(PRICE - MORTGAGE);
      expect((await landLiens.lien(1n)).status).to.equal(LienStatus.PaidOff);
      expect(await landRegistry.activeLienCount(soleParcel)).to.equal(0n);
      const kinds = (await historyOf(connection, landRegistry, soleParcel)).map((e) => e.kind);
      expect(kinds).to.deep.equal([REGISTERED, LIEN_ADDED, LIEN_PAID_OFF, TRANSFERRED]);
    });

    it("lets the buyer never send a transaction: signed approval and permit submitted by the registrar", async function () {
      const { landDeeds, token, accounts, ids, soleParcel, deadline } = await networkHelpers.loadFixture(landFixture);
      const { alice, bob, landRegistrar } = accounts;
      await landDeeds.connect(alice).openDeed(soleParcel, ids.bob, PRICE, deadline);
      const { approval, signature } = await signConsentApproval(bob, landDeeds, 1n, ids.bob, { deadline });
      const permit = await signPermit(bob, token, await landDeeds.getAddress(), PRICE, deadline);
      const registrar = landDeeds.connect(landRegistrar);
      // M-03: a relayed permit does not name the deed, so it needs bob's signed approval of this deed first.
      await expect(registrar.fundDeedWithPermit(1n, deadline, permit.v, permit.r, permit.s))
        .to.be.revertedWithCustomError(landDeeds, "DeedBuyerNotApproved")
        .withArgs(1n, ids.bob);
      await registrar.approveBySignature(1n, ids.bob, approval.nonce, deadline, signature);
      await expect(registrar.completeDeed(1n)).to.be.revertedWithCustomError(landDeeds, "DeedNotFunded");
      await expect(registrar.fundDeedWithPermit(1n, deadline, permit.v, permit.r, permit.s))
        .to.emit(landDeeds, "DeedFunded")
        .withArgs(1n, ids.bob, bob.address, PRICE);
      await registrar.completeDeed(1n);
      expect((await landDeeds.deed(1n)).status).to.equal(Deed.Completed);
    });
  });

  describe("cancellation", function () {
    it("a party's refusal cancels the deed, refunds the buyer and unlocks the parcel", async function () {
      const { landDeeds, landRegistry, token, accounts, soleParcel } =
        await networkHelpers.loadFixture(agreedSaleFixture);
      await expect(landDeeds.connect(accounts.alice).decline(1n))
        .to.emit(landDeeds, "DeedCancelled")
        .withArgs(1n, soleParcel, accounts.alice.address)
        .and.to.emit(landRegistry, "ParcelUnlocked")
        .withArgs(soleParcel, 1n);
      expect((await landDeeds.deed(1n)).status).to.equal(Deed.Cancelled);
      expect((await landRegistry.parcel(soleParcel)).lockedByDeed).to.equal(0n);
      await expect(landDeeds.connect(accounts.bob).withdraw()).to.changeTokenBalance(
        ethers,
        token,
        accounts.bob,
        PRICE,
      );
      await expect(landDeeds.connect(accounts.landRegistrar).completeDeed(1n))
        .to.be.revertedWithCustomError(landDeeds, "DeedNotOpen")
        .withArgs(1n, Deed.Cancelled);
      // The lock was process state (events only); the chain of title is unchanged by a failed sale.
      const kinds = (await historyOf(connection, landRegistry, soleParcel)).map((e) => e.kind);
      expect(kinds).to.deep.equal([REGISTERED]);
    });

    it("the registrar can cancel; anyone can expire a deed only after its deadline", async function () {
      const { landDeeds, accounts, ids, sharedParcel, deadline } = await networkHelpers.loadFixture(agreedSaleFixture);
      await expect(landDeeds.connect(accounts.mallory).expireDeed(1n))
        .to.be.revertedWithCustomError(landDeeds, "DeedNotExpired")
        .withArgs(1n, deadline);
      await networkHelpers.time.increaseTo(deadline + 1n);
      await expect(landDeeds.connect(accounts.landRegistrar).completeDeed(1n)).to.be.revertedWithCustomError(
        landDeeds,
        "ConsentExpired",
      );
      await expect(landDeeds.connect(accounts.mallory).expireDeed(1n)).to.emit(landDeeds, "DeedCancelled");
      expect(await landDeeds.creditOf(ids.bob)).to.equal(PRICE);

      const later = await inFuture(connection, DAY);
      await landDeeds.connect(accounts.alice).openDeed(sharedParcel, ids.bob, PRICE, later);
      await expect(landDeeds.connect(accounts.landRegistrar).cancelDeed(2n)).to.emit(landDeeds, "DeedCancelled");
      await expect(landDeeds.connect(accounts.landRegistrar).cancelDeed(2n))
        .to.be.revertedWithCustomError(landDeeds, "DeedNotOpen")
        .withArgs(2n, Deed.Cancelled);
      await expect(landDeeds.connect(accounts.landRegistrar).cancelDeed(9n))
        .to.be.revertedWithCustomError(landDeeds, "DeedUnknown")
        .withArgs(9n);
    });
  });

  describe("bad input", function () {
    it("rejects an unverified buyer, a buyer who is an owner, a stranger opening, a zero price", async function () {
      const { landDeeds, identity, accounts, ids, soleParcel, sharedParcel, deadline } =
        await networkHelpers.loadFixture(landFixture);
      const alice = landDeeds.connect(accounts.alice);
      await expect(alice.openDeed(soleParcel, 999n, PRICE, deadline))
        .to.be.revertedWithCustomError(landDeeds, "DeedBuyerNotVerified")
        .withArgs(999n);
      await expect(alice.openDeed(sharedParcel, ids.dave, PRICE, deadline))
        .to.be.revertedWithCustomError(landDeeds, "DeedBuyerIsOwner")
        .withArgs(ids.dave);
      await expect(landDeeds.connect(accounts.bob).openDeed(soleParcel, ids.carol, PRICE, deadline))
        .to.be.revertedWithCustomError(landDeeds, "DeedCallerNotOwner")
        .withArgs(soleParcel, accounts.bob.address);
      await expect(alice.openDeed(soleParcel, ids.bob, 0n, deadline))
        .to.be.revertedWithCustomError(landDeeds, "DeedPriceInvalid")
        .withArgs(0n);
      await expect(alice.openDeed(soleParcel, ids.bob, 2n ** 96n, deadline))
        .to.be.revertedWithCustomError(landDeeds, "DeedPriceInvalid")
        .withArgs(2n ** 96n);
      await identity.connect(accounts.registrar).suspend(ids.alice, encodeBytes32String("fraud inquiry"));
      await expect(alice.openDeed(soleParcel, ids.bob, PRICE, deadline))
        .to.be.revertedWithCustomError(landDeeds, "DeedSellerNotVerified")
        .withArgs(ids.alice);
    });

    it("refuses a second deed on a locked parcel and any deed on a frozen one", async function () {
      const { landDeeds, landRegistry, accounts, ids, soleParcel, deadline } =
        await networkHelpers.loadFixture(agreedSaleFixture);
      await expect(landDeeds.connect(accounts.alice).openDeed(soleParcel, ids.carol, PRICE, deadline))
        .to.be.revertedWithCustomError(landRegistry, "LandParcelLocked")
        .withArgs(soleParcel, 1n);
      // Frozen while the deed is open: the sale cannot complete, so the parcel is never frozen and transferred.
      await landRegistry.connect(accounts.court).freeze(soleParcel, id("dispute"));
      await expect(landDeeds.connect(accounts.landRegistrar).completeDeed(1n))
        .to.be.revertedWithCustomError(landRegistry, "LandParcelFrozen")
        .withArgs(soleParcel);
      expect(await landRegistry.ownerOf(soleParcel)).to.equal(accounts.alice.address);
      await landDeeds.connect(accounts.bob).decline(1n);
      await networkHelpers.time.increase(DAY);
      await expect(landDeeds.connect(accounts.alice).openDeed(soleParcel, ids.bob, PRICE, deadline))
        .to.be.revertedWithCustomError(landRegistry, "LandParcelFrozen")
        .withArgs(soleParcel);
    });

    it("enforces funding by the buyer, once, before completion, and each approval once", async function () {
      const { landDeeds, token, accounts, ids, soleParcel, deadline } = await networkHelpers.loadFixture(landFixture);
      await landDeeds.connect(accounts.alice).openDeed(soleParcel, ids.bob, PRICE, deadline);
      await expect(landDeeds.connect(accounts.alice).approve(1n))
        .to.be.revertedWithCustomError(landDeeds, "ConsentAlreadyApproved")
        .withArgs(1n, ids.alice);
      await landDeeds.connect(accounts.bob).approve(1n);
      await expect(landDeeds.connect(accounts.landRegistrar).completeDeed(1n))
        .to.be.revertedWithCustomError(landDeeds, "DeedNotFunded")
        .withArgs(1n);
      await expect(landDeeds.connect(accounts.carol).fundDeed(1n))
        .to.be.revertedWithCustomError(landDeeds, "DeedNotBuyer")
        .withArgs(1n, accounts.carol.address);
      await token.connect(accounts.bob).approve(await landDeeds.getAddress(), 2n * PRICE);
      await landDeeds.connect(accounts.bob).fundDeed(1n);
      await expect(landDeeds.connect(accounts.bob).fundDeed(1n))
        .to.be.revertedWithCustomError(landDeeds, "DeedAlreadyFunded")
        .withArgs(1n);
      await expect(landDeeds.connect(accounts.bob).fundDeed(7n))
        .to.be.revertedWithCustomError(landDeeds, "DeedUnknown")
        .withArgs(7n);
    });

    it("refuses a price below the payoff and any sale an injunction blocks", async function () {
      const { landDeeds, landLiens, accounts, ids, soleParcel, deadline } =
        await networkHelpers.loadFixture(landFixture);
      await landLiens.connect(accounts.erin).proposeLien(soleParcel, LienKind.Mortgage, MORTGAGE, doc("m"), deadline);
      await landLiens.connect(accounts.alice).approve(1n);
      await expect(landDeeds.connect(accounts.alice).openDeed(soleParcel, ids.bob, MORTGAGE - 1n, deadline))
        .to.be.revertedWithCustomError(landDeeds, "DeedPriceBelowPayoff")
        .withArgs(MORTGAGE - 1n, MORTGAGE);
      await landLiens.connect(accounts.court).imposeCourtLien(soleParcel, 0n, 0n, doc("injunction"));
      await expect(landDeeds.connect(accounts.alice).openDeed(soleParcel, ids.bob, PRICE, deadline))
        .to.be.revertedWithCustomError(landDeeds, "LienNotPayable")
        .withArgs(soleParcel, 2n);
    });

    it("M-04: cannot complete once a court order changed the encumbrances the buyer approved", async function () {
      const f = await networkHelpers.loadFixture(mortgagedSaleFixture);
      const approved = (await f.landDeeds.consentRequest(1n)).actionHash;
      const encumbrances = await f.landLiens.encumbranceHash(f.soleParcel);
      expect(approved).to.equal(deedAction(f.soleParcel, f.ids.bob, PRICE, encumbrances));
      await f.landLiens.connect(f.accounts.court).imposeCourtLien(f.soleParcel, f.ids.carol, PRICE, doc("judgment"));
      await expect(f.landDeeds.connect(f.accounts.landRegistrar).completeDeed(1n))
        .to.be.revertedWithCustomError(f.landDeeds, "ConsentActionMismatch")
        .withArgs(
          1n,
          approved,
          deedAction(f.soleParcel, f.ids.bob, PRICE, await f.landLiens.encumbranceHash(f.soleParcel)),
        );
      // Released again, the encumbrances are those approved and the sale completes.
      await f.landLiens.connect(f.accounts.court).courtReleaseLien(2n);
      await f.landDeeds.connect(f.accounts.landRegistrar).completeDeed(1n);
      expect((await f.landDeeds.deed(1n)).status).to.equal(Deed.Completed);
    });

    it("a lien proposed before a sale cannot be accepted by the former owner after it", async function () {
      const { landDeeds, landLiens, token, accounts, ids, soleParcel, deadline } =
        await networkHelpers.loadFixture(landFixture);
      await landLiens.connect(accounts.erin).proposeLien(soleParcel, LienKind.Mortgage, MORTGAGE, doc("m"), deadline);
      await landDeeds.connect(accounts.alice).openDeed(soleParcel, ids.bob, PRICE, deadline);
      await token.connect(accounts.bob).approve(await landDeeds.getAddress(), PRICE);
      await landDeeds.connect(accounts.bob).fundDeed(1n);
      await landDeeds.connect(accounts.landRegistrar).completeDeed(1n);
      await expect(landLiens.connect(accounts.alice).approve(1n)).to.be.revertedWithCustomError(
        landLiens,
        "ConsentActionMismatch",
      );
      expect((await landLiens.lien(1n)).status).to.equal(LienStatus.Proposed);
    });
  });
});

describe("LandDeeds edge cases", function () {
  it("a permit submitted by the buyer is also the buyer's acceptance", async function () {
    const { landDeeds, token, accounts, ids, soleParcel, deadline } = await networkHelpers.loadFixture(landFixture);
    await landDeeds.connect(accounts.alice).openDeed(soleParcel, ids.bob, PRICE, deadline);
    const permit = await signPermit(accounts.bob, token, await landDeeds.getAddress(), PRICE, deadline);
    await expect(landDeeds.connect(accounts.bob).fundDeedWithPermit(1n, deadline, permit.v, permit.r, permit.s))
      .to.emit(landDeeds, "ConsentApproved")
      .withArgs(1n, ids.bob, false);
    expect(await landDeeds.isConsentComplete(1n)).to.equal(true);
  });

  it("a share too small to earn a unit is skipped; the last co-owner gets the remainder", async function () {
    const { landDeeds, token, accounts, ids, sharedParcel, deadline } = await networkHelpers.loadFixture(landFixture);
    await landDeeds.connect(accounts.alice).openDeed(sharedParcel, ids.bob, 1n, deadline);
    await token.connect(accounts.bob).approve(await landDeeds.getAddress(), 1n);
    await landDeeds.connect(accounts.bob).fundDeed(1n);
    await landDeeds.connect(accounts.dave).approve(1n);
    await expect(landDeeds.connect(accounts.landRegistrar).completeDeed(1n))
      .to.emit(landDeeds, "SellerCredited")
      .withArgs(1n, ids.dave, 1n);
    expect(await landDeeds.creditOf(ids.alice)).to.equal(0n);
  });

  it("an easement runs with the land through a sale while the mortgage is paid off", async function () {
    const { landDeeds, landLiens, landRegistry, token, accounts, ids, soleParcel, deadline } =
      await networkHelpers.loadFixture(landFixture);
    await landLiens
      .connect(accounts.erin)
      .proposeLien(soleParcel, LienKind.Easement, 0n, doc("right of way"), deadline);
    await landLiens.connect(accounts.alice).approve(1n);
    await landLiens.connect(accounts.erin).proposeLien(soleParcel, LienKind.Mortgage, MORTGAGE, doc("m"), deadline);
    await landLiens.connect(accounts.alice).approve(2n);
    await landDeeds.connect(accounts.alice).openDeed(soleParcel, ids.bob, PRICE, deadline);
    await token.connect(accounts.bob).approve(await landDeeds.getAddress(), PRICE);
    await landDeeds.connect(accounts.bob).fundDeed(1n);
    await landDeeds.connect(accounts.landRegistrar).completeDeed(1n);
    expect((await landLiens.lien(1n)).status).to.equal(LienStatus.Active);
    expect((await landLiens.lien(2n)).status).to.equal(LienStatus.PaidOff);
    expect(await landLiens.liensOf(soleParcel)).to.deep.equal([1n]);
    expect(await landRegistry.activeLienCount(soleParcel)).to.equal(1n);
  });

  it("a buyer suspended after opening cannot receive the title", async function () {
    const { landDeeds, landRegistry, identity, accounts, ids, soleParcel } =
      await networkHelpers.loadFixture(agreedSaleFixture);
    await identity.connect(accounts.registrar).suspend(ids.bob, encodeBytes32String("inquiry"));
    await expect(landDeeds.connect(accounts.landRegistrar).completeDeed(1n))
      .to.be.revertedWithCustomError(landRegistry, "LandOwnerNotVerified")
      .withArgs(ids.bob);
    expect(await landRegistry.ownerOf(soleParcel)).to.equal(accounts.alice.address);
  });
});
