import { expect } from "chai";
import { encodeBytes32String, parseEther } from "ethers";

import { documentCommitment } from "../../src/documents.js";
import { signConsentApproval } from "../../src/eip712.js";
import { LandRevision, LienKind, LienStatus, parcelSpec } from "../../src/land.js";
import { DAY, deployLandCity, doc, inFuture, historyOf } from "./fixtures.js";
import { connection } from "../shared/network.js";

const { networkHelpers } = connection;

const Kind = LienKind;
const Status = LienStatus;
const { LIEN_ADDED, LIEN_RELEASED } = LandRevision;
const MORTGAGE = parseEther("100000");

async function landFixture() {
  const city = await deployLandCity(connection);
  const deadline = await inFuture(connection, 7n * DAY);
  return { ...city, deadline };
}

/** erin (a lender with a verified identity) proposes a mortgage on alice's parcel; alice accepts. */
async function mortgagedFixture() {
  const f = await landFixture();
  await f.landLiens
    .connect(f.accounts.erin)
    .proposeLien(f.soleParcel, Kind.Mortgage, MORTGAGE, doc("mortgage-1"), f.deadline);
  await f.landLiens.connect(f.accounts.alice).approve(1n);
  return f;
}

describe("LandLiens", function () {
  it("activates a mortgage when the owner consents, recording it in the chain of title", async function () {
    const { landLiens, landRegistry, accounts, ids, soleParcel, deadline } =
      await networkHelpers.loadFixture(landFixture);
    const terms = doc("mortgage-1");
    await expect(landLiens.connect(accounts.erin).proposeLien(soleParcel, Kind.Mortgage, MORTGAGE, terms, deadline))
      .to.emit(landLiens, "LienProposed")
      .withArgs(1n, soleParcel, ids.erin, Kind.Mortgage, true, MORTGAGE, documentCommitment(terms), 1n)
      .and.to.emit(landLiens, "ConsentRequested");
    expect((await landLiens.lien(1n)).status).to.equal(Status.Proposed);
    expect(await landRegistry.activeLienCount(soleParcel)).to.equal(0n);

    await expect(landLiens.connect(accounts.alice).approve(1n))
      .to.emit(landLiens, "LienActivated")
      .withArgs(1n, soleParcel, ids.erin)
      .and.to.emit(landLiens, "ConsentExecuted");
    expect((await landLiens.lien(1n)).status).to.equal(Status.Active);
    expect(await landRegistry.activeLienCount(soleParcel)).to.equal(1n);
    expect(await landLiens.liensOf(soleParcel)).to.deep.equal([1n]);
    expect(await landLiens.payoffOf(soleParcel)).to.deep.equal([MORTGAGE, 0n]);
    const last = (await historyOf(connection, landRegistry, soleParcel)).slice(-1);
    expect([last[0].kind, last[0].ref]).to.deep.equal([LIEN_ADDED, 1n]);
  });

  it("needs every co-owner: one approval is not enough, one refusal rejects it", async function () {
    const { landLiens, accounts, ids, sharedParcel, deadline } = await networkHelpers.loadFixture(landFixture);
    await landLiens.connect(accounts.erin).proposeLien(sharedParcel, Kind.Mortgage, MORTGAGE, doc("m"), deadline);
    await landLiens.connect(accounts.alice).approve(1n);
    await expect(landLiens.connect(accounts.alice).approve(1n))
      .to.be.revertedWithCustomError(landLiens, "ConsentAlreadyApproved")
      .withArgs(1n, ids.alice);
    expect((await landLiens.lien(1n)).status).to.equal(Status.Proposed);
    expect(await landLiens.proposalsOf(sharedParcel)).to.deep.equal([1n]);
    await expect(landLiens.connect(accounts.dave).decline(1n))
      .to.emit(landLiens, "LienRejected")
      .withArgs(1n, sharedParcel, accounts.dave.address);
    expect((await landLiens.lien(1n)).status).to.equal(Status.Rejected);
    expect(await landLiens.liensOf(sharedParcel)).to.deep.equal([]);
    expect(await landLiens.proposalsOf(sharedParcel)).to.deep.equal([]);
    expect(await landLiens.openProposalsOf(ids.erin)).to.equal(0n);
  });

  it("accepts an owner's consent as an EIP-712 signature submitted by the lender", async function () {
    const { landLiens, accounts, ids, soleParcel, deadline } = await networkHelpers.loadFixture(landFixture);
    await landLiens.connect(accounts.erin).proposeLien(soleParcel, Kind.Easement, 0n, doc("right of way"), deadline);
    const { approval, signature } = await signConsentApproval(accounts.alice, landLiens, 1n, ids.alice, { deadline });
    await expect(
      landLiens.connect(accounts.erin).approveBySignature(1n, ids.alice, approval.nonce, deadline, signature),
    )
      .to.emit(landLiens, "LienActivated")
      .withArgs(1n, soleParcel, ids.erin);
    const lien = await landLiens.lien(1n);
    expect([lien.kind, lien.blocking, lien.amount]).to.deep.equal([BigInt(Kind.Easement), false, 0n]);
    expect(await landLiens.payoffOf(soleParcel)).to.deep.equal([0n, 0n]); // easements run with the land
  });

  it("lets only the holder release a lien, or withdraw its proposal", async function () {
    const { landLiens, landRegistry, accounts, ids, soleParcel, deadline } =
      await networkHelpers.loadFixture(mortgagedFixture);
    await expect(landLiens.connect(accounts.alice).releaseLien(1n))
      .to.be.revertedWithCustomError(landLiens, "LienNotHolder")
      .withArgs(1n, ids.alice);
    await expect(landLiens.connect(accounts.mallory).releaseLien(1n))
      .to.be.revertedWithCustomError(landLiens, "ConsentCallerNotPrimaryWallet")
      .withArgs(accounts.mallory.address);
    await expect(landLiens.connect(accounts.erin).releaseLien(1n))
      .to.emit(landLiens, "LienReleased")
      .withArgs(1n, soleParcel, accounts.erin.address);
    expect((await landLiens.lien(1n)).status).to.equal(Status.Released);
    expect(await landRegistry.activeLienCount(soleParcel)).to.equal(0n);
    const last = (await historyOf(connection, landRegistry, soleParcel)).slice(-1);
    expect(last[0].kind).to.equal(LIEN_RELEASED);
    await expect(landLiens.connect(accounts.erin).releaseLien(1n))
      .to.be.revertedWithCustomError(landLiens, "LienStatusInvalid")
      .withArgs(1n, Status.Released);

    await landLiens.connect(accounts.erin).proposeLien(soleParcel, Kind.Mortgage, MORTGAGE, doc("m2"), deadline);
    await expect(landLiens.connect(accounts.bob).withdrawLienProposal(2n))
      .to.be.revertedWithCustomError(landLiens, "LienNotHolder")
      .withArgs(2n, ids.bob);
    await expect(landLiens.connect(accounts.erin).withdrawLienProposal(2n)).to.emit(landLiens, "LienRejected");
    await expect(landLiens.connect(accounts.erin).releaseLien(9n))
      .to.be.revertedWithCustomError(landLiens, "LienUnknown")
      .withArgs(9n);
  });

  it("lets a court impose a lien at once and release any lien; only the court releases its orders", async function () {
    const { landLiens, landRegistry, accounts, ids, soleParcel } = await networkHelpers.loadFixture(mortgagedFixture);
    await expect(landLiens.connect(accounts.court).imposeCourtLien(soleParcel, 0n, 0n, doc("injunction")))
      .to.emit(landLiens, "CourtLienImposed")
      .withArgs(2n, soleParcel, 0n, accounts.court.address, 0n, documentCommitment(doc("injunction")))
      .and.to.emit(landLiens, "LienActivated")
      .withArgs(2n, soleParcel, 0n);
    await expect(landLiens.connect(accounts.court).imposeCourtLien(soleParcel, ids.bob, 0n, doc("x")))
      .to.be.revertedWithCustomError(landLiens, "LienPayeeInvalid")
      .withArgs(ids.bob, 0n);
    await expect(landLiens.connect(accounts.court).imposeCourtLien(soleParcel, 0n, 5n, doc("x")))
      .to.be.revertedWithCustomError(landLiens, "LienPayeeInvalid")
      .withArgs(0n, 5n);
    await expect(landLiens.connect(accounts.court).imposeCourtLien(soleParcel, 999n, 5n, doc("x")))
      .to.be.revertedWithCustomError(landLiens, "LienPayeeInvalid")
      .withArgs(999n, 5n);
    await landLiens.connect(accounts.court).imposeCourtLien(soleParcel, ids.bob, 5n, doc("judgment"));
    await expect(landLiens.connect(accounts.bob).releaseLien(3n))
      .to.be.revertedWithCustomError(landLiens, "LienCourtOnly")
      .withArgs(3n);
    await landLiens.connect(accounts.court).courtReleaseLien(3n);
    expect(await landLiens.payoffOf(soleParcel)).to.deep.equal([MORTGAGE, 2n]); // the injunction blocks a sale
    expect(await landRegistry.activeLienCount(soleParcel)).to.equal(2n);
    await expect(landLiens.connect(accounts.court).courtReleaseLien(1n))
      .to.emit(landLiens, "LienReleased")
      .withArgs(1n, soleParcel, accounts.court.address);
    expect(await landLiens.liensOf(soleParcel)).to.deep.equal([2n]);
  });

  it("blocks a subdivision while a lien is active", async function () {
    const { landRegistry, accounts, soleParcel } = await networkHelpers.loadFixture(mortgagedFixture);
    await expect(
      landRegistry
        .connect(accounts.landRegistrar)
        .subdivide(soleParcel, [parcelSpec("A", 500n), parcelSpec("B", 500n)]),
    )
      .to.be.revertedWithCustomError(landRegistry, "LandParcelEncumbered")
      .withArgs(soleParcel, 1n);
  });

  describe("bad input", function () {
    it("rejects terms that do not fit the kind, an unverified lender and an unknown parcel", async function () {
      const { landLiens, landRegistry, identity, accounts, ids, soleParcel, deadline } =
        await networkHelpers.loadFixture(landFixture);
      const erin = landLiens.connect(accounts.erin);
      await expect(erin.proposeLien(soleParcel, Kind.Mortgage, 0n, doc("m"), deadline))
        .to.be.revertedWithCustomError(landLiens, "LienTermsInvalid")
        .withArgs(Kind.Mortgage, true, 0n);
      await expect(erin.proposeLien(soleParcel, Kind.Easement, 5n, doc("m"), deadline))
        .to.be.revertedWithCustomError(landLiens, "LienTermsInvalid")
        .withArgs(Kind.Easement, false, 5n);
      await expect(erin.proposeLien(soleParcel, Kind.CourtOrder, 5n, doc("m"), deadline)).to.be.revertedWithCustomError(
        landLiens,
        "LienTermsInvalid",
      );
      await expect(landLiens.connect(accounts.mallory).proposeLien(soleParcel, Kind.Mortgage, 5n, doc("m"), deadline))
        .to.be.revertedWithCustomError(landLiens, "ConsentCallerNotPrimaryWallet")
        .withArgs(accounts.mallory.address);
      await identity.connect(accounts.admin).setServiceMinLevel(encodeBytes32String("land"), 3);
      await expect(erin.proposeLien(soleParcel, Kind.Mortgage, 5n, doc("m"), deadline))
        .to.be.revertedWithCustomError(landLiens, "LienHolderNotVerified")
        .withArgs(ids.erin);
      const longDeadline = (await inFuture(connection, 0n)) + (await landLiens.MAX_PROPOSAL_LIFETIME()) + 10n;
      await identity.connect(accounts.admin).setServiceMinLevel(encodeBytes32String("land"), 1);
      await expect(
        erin.proposeLien(soleParcel, Kind.Mortgage, 5n, doc("m"), longDeadline),
      ).to.be.revertedWithCustomError(landLiens, "LienProposalTooLong");
      await identity.connect(accounts.admin).setServiceMinLevel(encodeBytes32String("land"), 1);
      await expect(erin.proposeLien(77n, Kind.Mortgage, 5n, doc("m"), deadline))
        .to.be.revertedWithCustomError(landRegistry, "LandParcelUnknown")
        .withArgs(77n);
      await expect(landLiens.connect(accounts.court).imposeCourtLien(77n, 0n, 0n, doc("o")))
        .to.be.revertedWithCustomError(landLiens, "LandParcelUnknown")
        .withArgs(77n);
      expect(await landLiens.liensOf(soleParcel)).to.deep.equal([]);
    });

    it("refuses a court lien on a retired parcel", async function () {
      const { landLiens, landRegistry, accounts, soleParcel } = await networkHelpers.loadFixture(landFixture);
      await landRegistry
        .connect(accounts.landRegistrar)
        .subdivide(soleParcel, [parcelSpec("A", 500n), parcelSpec("B", 500n)]);
      await expect(landLiens.connect(accounts.court).imposeCourtLien(soleParcel, 0n, 0n, doc("o")))
        .to.be.revertedWithCustomError(landLiens, "LandParcelRetired")
        .withArgs(soleParcel);
    });

    it("bounds the active liens a parcel can carry (consensual and court slots apart)", async function () {
      const { landLiens, accounts, ids, soleParcel, deadline } = await networkHelpers.loadFixture(landFixture);
      for (let i = 0; i < 8; i++) {
        await landLiens.connect(accounts.erin).proposeLien(soleParcel, Kind.Easement, 0n, doc(`e${i}`), deadline);
        await landLiens.connect(accounts.alice).approve(BigInt(i + 1));
      }
      await landLiens.connect(accounts.erin).proposeLien(soleParcel, Kind.Easement, 0n, doc("e8"), deadline);
      await expect(landLiens.connect(accounts.alice).approve(9n))
        .to.be.revertedWithCustomError(landLiens, "LienTooMany")
        .withArgs(soleParcel, 8n);
      for (let i = 0; i < 8; i++) {
        await landLiens.connect(accounts.court).imposeCourtLien(soleParcel, ids.bob, 1n, doc(`j${i}`));
      }
      await expect(landLiens.connect(accounts.court).imposeCourtLien(soleParcel, ids.bob, 1n, doc("j8")))
        .to.be.revertedWithCustomError(landLiens, "LienTooMany")
        .withArgs(soleParcel, 8n);
      expect((await landLiens.liensOf(soleParcel)).length).to.equal(16);
    });

    it("never activates a lien on a parcel retired since the proposal", async function () {
      const { landLiens, landRegistry, accounts, ids, soleParcel, deadline } =
        await networkHelpers.loadFixture(landFixture);
      // Proposed while alice owns the parcel; by the time she approves, a merger changed the record.
      await landLiens.connect(accounts.erin).proposeLien(soleParcel, Kind.Mortgage, MORTGAGE, doc("m"), deadline);
      const registrar = landRegistry.connect(accounts.landRegistrar);
      await registrar.registerParcel(parcelSpec("LOT-0003", 10n), [{ identityId: ids.alice, bps: 10_000 }]);
      await registrar.merge([soleParcel, 3n], parcelSpec("LOT-0013", 1_010n));
      await expect(landLiens.connect(accounts.alice).approve(1n)).to.be.revertedWithCustomError(
        landRegistry,
        "LandParcelRetired",
      );
      expect((await landLiens.lien(1n)).status).to.equal(Status.Proposed);
    });
  });
});
