import { expect } from "chai";
import { ZeroHash } from "ethers";

import { deedTerms, LienKind, parcelSpec, signDeedTerms } from "../../src/land.js";
import { signPermit } from "../../src/permit.js";
import { signTaxPayment, TaxStatus } from "../../src/tax.js";
import { shouldRejectUnauthorized } from "../shared/unauthorized.js";
import { DAY, deployTaxCity, GRACE, RATE_ZONE0, RATE_ZONE1, YEAR } from "./taxFixtures.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

const taxFixture = async () => deployTaxCity(connection);
type City = Awaited<ReturnType<typeof taxFixture>>;

const PRICE = ethers.parseEther("250000");
const SOLE_TAX = 1_000n * RATE_ZONE0; // LOT-0001: 1,000 m² in zone 0

async function pastGrace(city: City) {
  await networkHelpers.time.increaseTo(city.dueDate + GRACE + 1n);
}

async function now(): Promise<bigint> {
  return BigInt(await networkHelpers.time.latest());
}

describe("PropertyTax: levy and zones", function () {
  it("levies a year once, with events per zone, and refuses every bad levy", async function () {
    const { propertyTax, accounts, dueDate } = await networkHelpers.loadFixture(taxFixture);
    const office = propertyTax.connect(accounts.taxOffice);
    const year = await propertyTax.taxYear(YEAR);
    expect(year.dueDate).to.equal(dueDate);
    expect(year.grace).to.equal(GRACE);
    expect(year.zoneCount).to.equal(2n);
    expect(await propertyTax.zoneRate(YEAR, 1)).to.equal(RATE_ZONE1);
    expect(await propertyTax.zoneRate(YEAR, 7)).to.equal(0n);
    const due = (await now()) + DAY;
    await expect(office.levy(YEAR + 1n, due, 0, [0, 3], [5n, 7n]))
      .to.emit(propertyTax, "TaxYearLevied")
      .withArgs(YEAR + 1n, due, 0, 2, accounts.taxOffice.address)
      .and.to.emit(propertyTax, "ZoneRateSet")
      .withArgs(YEAR + 1n, 3, 7n);
    await expect(office.levy(YEAR, due, 0, [0], [1n]))
      .to.be.revertedWithCustomError(propertyTax, "TaxYearAlreadyLevied")
      .withArgs(YEAR);
    await expect(office.levy(0, due, 0, [0], [1n]))
      .to.be.revertedWithCustomError(propertyTax, "TaxYearInvalid")
      .withArgs(0);
    await expect(office.levy(2030, 1n, 0, [0], [1n])).to.be.revertedWithCustomError(propertyTax, "TaxDueDateInvalid");
    await expect(office.levy(2030, due, 366n * DAY, [0], [1n]))
      .to.be.revertedWithCustomError(propertyTax, "TaxGraceTooLong")
      .withArgs(366n * DAY, 365n * DAY);
    await expect(office.levy(2030, due, 0, [], []))
      .to.be.revertedWithCustomError(propertyTax, "TaxZonesInvalid")
      .withArgs(0, 0, 64);
    await expect(office.levy(2030, due, 0, [0, 1], [1n]))
      .to.be.revertedWithCustomError(propertyTax, "TaxZonesInvalid")
      .withArgs(2, 1, 64);
    const many = Array.from({ length: 65 }, (_, i) => i);
    await expect(
      office.levy(
        2030,
        due,
        0,
        many,
        many.map(() => 1n),
      ),
    ).to.be.revertedWithCustomError(propertyTax, "TaxZonesInvalid");
    await expect(office.levy(2030, due, 0, [2, 2], [1n, 1n]))
      .to.be.revertedWithCustomError(propertyTax, "TaxZoneOrder")
      .withArgs(2, 2);
    await expect(office.levy(2030, due, 0, [1], [0n]))
      .to.be.revertedWithCustomError(propertyTax, "TaxRateZero")
      .withArgs(1);
  });

  it("the cadastral authority assigns zones with history; a change applies only to years levied after it", async function () {
    const { propertyTax, accounts, soleParcel } = await networkHelpers.loadFixture(taxFixture);
    const registrar = propertyTax.connect(accounts.landRegistrar);
    expect(await propertyTax.zoneForYear(soleParcel, YEAR)).to.equal(0n);
    await expect(registrar.assignZone(soleParcel, 1))
      .to.emit(propertyTax, "ParcelZoneAssigned")
      .withArgs(soleParcel, 1, 0, accounts.landRegistrar.address)
      .and.to.emit(propertyTax, "ParcelEnrolled");
    // The year levied before the change keeps zone 0.
    expect(await propertyTax.zoneForYear(soleParcel, YEAR)).to.equal(0n);
    expect((await propertyTax.taxStatus(soleParcel, YEAR)).amount).to.equal(SOLE_TAX);
    await (
      await propertyTax.connect(accounts.taxOffice).levy(YEAR + 1n, (await now()) + DAY, 0, [1], [RATE_ZONE1])
    ).wait();
    await (await registrar.assignZone(soleParcel, 2)).wait();
    expect(await propertyTax.zoneForYear(soleParcel, YEAR + 1n)).to.equal(1n);
    expect(await propertyTax.zoneForYear(soleParcel, YEAR)).to.equal(0n);
    expect((await propertyTax.taxStatus(soleParcel, YEAR + 1n)).amount).to.equal(1_000n * RATE_ZONE1);
    const history = await propertyTax.zoneHistory(soleParcel);
    expect(history.map((h: { zone: bigint }) => h.zone)).to.deep.equal([1n, 2n]);
    await expect(registrar.assignZone(soleParcel, 2))
      .to.be.revertedWithCustomError(propertyTax, "TaxZoneUnchanged")
      .withArgs(soleParcel, 2);
    await expect(registrar.assignZone(99n, 1))
      .to.be.revertedWithCustomError(propertyTax, "TaxParcelUnknown")
      .withArgs(99n);
    await expect(propertyTax.zoneForYear(soleParcel, 1999))
      .to.be.revertedWithCustomError(propertyTax, "TaxYearNotAssessed")
      .withArgs(1999);
  });
});

describe("PropertyTax: payments", function () {
  it("an owner pays; the tax is held for the treasury, never paid twice; sweep reaches the treasury's wallet", async function () {
    const { propertyTax, token, accounts, soleParcel, treasuryId } = await networkHelpers.loadFixture(taxFixture);
    const { alice, treasurer, mallory } = accounts;
    expect(await propertyTax.taxStatus(soleParcel, YEAR)).to.deep.equal([BigInt(TaxStatus.Due), SOLE_TAX, 0n]);
    await expect(propertyTax.connect(alice).pay(soleParcel, YEAR))
      .to.emit(propertyTax, "TaxPaid")
      .withArgs(soleParcel, YEAR, alice.address, SOLE_TAX);
    expect((await propertyTax.taxStatus(soleParcel, YEAR)).status).to.equal(BigInt(TaxStatus.Paid));
    expect(await token.balanceOf(await propertyTax.getAddress())).to.equal(SOLE_TAX);
    await expect(propertyTax.connect(alice).pay(soleParcel, YEAR))
      .to.be.revertedWithCustomError(propertyTax, "TaxAlreadyPaid")
      .withArgs(soleParcel, YEAR);
    await expect(propertyTax.connect(alice).pay(soleParcel, 2031))
      .to.be.revertedWithCustomError(propertyTax, "TaxYearNotAssessed")
      .withArgs(2031);
    await expect(propertyTax.connect(alice).pay(77n, YEAR))
      .to.be.revertedWithCustomError(propertyTax, "TaxParcelUnknown")
      .withArgs(77n);
    await expect(propertyTax.connect(mallory).sweep())
      .to.emit(propertyTax, "TreasurySwept")
      .withArgs(treasuryId, treasurer.address, SOLE_TAX);
  });

  it("anyone may pay for an owner; exempt zones and parcels registered after the levy owe nothing", async function () {
    const { propertyTax, landRegistry, accounts, ids, sharedParcel, soleParcel } =
      await networkHelpers.loadFixture(taxFixture);
    await expect(propertyTax.connect(accounts.bob).pay(sharedParcel, YEAR))
      .to.emit(propertyTax, "TaxPaid")
      .withArgs(sharedParcel, YEAR, accounts.bob.address, 2_400n * RATE_ZONE0);
    await (await propertyTax.connect(accounts.landRegistrar).assignZone(soleParcel, 9)).wait();
    await (
      await propertyTax.connect(accounts.taxOffice).levy(YEAR + 1n, (await now()) + DAY, 0, [1], [RATE_ZONE1])
    ).wait();
    expect((await propertyTax.taxStatus(soleParcel, YEAR + 1n)).status).to.equal(BigInt(TaxStatus.NotTaxed));
    await expect(propertyTax.connect(accounts.alice).pay(soleParcel, YEAR + 1n))
      .to.be.revertedWithCustomError(propertyTax, "TaxNotOwed")
      .withArgs(soleParcel, YEAR + 1n);
    await (
      await landRegistry
        .connect(accounts.landRegistrar)
        .registerParcel(parcelSpec("LOT-0003", 500n), [{ identityId: ids.bob, bps: 10_000 }])
    ).wait();
    expect((await propertyTax.taxStatus(3n, YEAR)).status).to.equal(BigInt(TaxStatus.NotTaxed));
    await expect(propertyTax.connect(accounts.bob).pay(3n, YEAR))
      .to.be.revertedWithCustomError(propertyTax, "TaxNotOwed")
      .withArgs(3n, YEAR);
    expect((await propertyTax.taxStatus(3n, YEAR + 2n)).status).to.equal(BigInt(TaxStatus.Unassessed));
  });

  it("a relayer submits the owner's ERC-3009 authorization, bound to the parcel and year", async function () {
    const { propertyTax, token, accounts, soleParcel, sharedParcel } = await networkHelpers.loadFixture(taxFixture);
    const { alice, shop } = accounts;
    const validBefore = (await now()) + DAY;
    const auth = await signTaxPayment(alice, token, propertyTax, soleParcel, YEAR, validBefore);
    // The same signature cannot pay another parcel: its nonce key names LOT-0001 and the year.
    const key = await propertyTax.authorizationKey(sharedParcel, YEAR);
    await expect(
      propertyTax
        .connect(shop)
        .payWithAuthorization(sharedParcel, YEAR, alice.address, 0n, validBefore, auth.nonce, auth.signature),
    )
      .to.be.revertedWithCustomError(propertyTax, "TaxAuthorizationNotBound")
      .withArgs(auth.nonce, key);
    await expect(
      propertyTax
        .connect(shop)
        .payWithAuthorization(soleParcel, YEAR, alice.address, 0n, validBefore, auth.nonce, auth.signature),
    )
      .to.emit(propertyTax, "TaxPaid")
      .withArgs(soleParcel, YEAR, alice.address, SOLE_TAX);
    await expect(
      propertyTax
        .connect(shop)
        .payWithAuthorization(soleParcel, YEAR, alice.address, 0n, validBefore, auth.nonce, auth.signature),
    )
      .to.be.revertedWithCustomError(propertyTax, "TaxAlreadyPaid")
      .withArgs(soleParcel, YEAR);
    // An expired authorization is refused by the token; nothing is marked paid.
    const late = await signTaxPayment(alice, token, propertyTax, sharedParcel, YEAR, (await now()) + 10n);
    await networkHelpers.time.increase(60);
    await expect(
      propertyTax
        .connect(shop)
        .payWithAuthorization(sharedParcel, YEAR, alice.address, 0n, late.validBefore, late.nonce, late.signature),
    ).to.be.revertedWithCustomError(token, "ERC3009InvalidAuthorizationTime");
    expect((await propertyTax.taxStatus(sharedParcel, YEAR)).status).to.equal(BigInt(TaxStatus.Due));
  });
});

describe("PropertyTax: tax liens", function () {
  it("no lien before due date + grace; a lien after; a direct payment releases it; none on a paid year", async function () {
    const { propertyTax, landLiens, landRegistry, accounts, soleParcel, sharedParcel, treasuryId, dueDate } =
      await networkHelpers.loadFixture(taxFixture);
    const office = propertyTax.connect(accounts.taxOffice);
    await networkHelpers.time.increaseTo(dueDate + GRACE - 1n);
    await expect(office.imposeLien(soleParcel, YEAR))
      .to.be.revertedWithCustomError(propertyTax, "TaxGraceNotOver")
      .withArgs(soleParcel, YEAR, dueDate + GRACE);
    await networkHelpers.time.increase(1);
    await expect(office.imposeLien(soleParcel, YEAR))
      .to.emit(propertyTax, "TaxLienImposed")
      .withArgs(soleParcel, YEAR, 1n, SOLE_TAX)
      .and.to.emit(landLiens, "StatutoryLienImposed")
      .and.to.emit(landLiens, "LienActivated")
      .withArgs(1n, soleParcel, treasuryId);
    const lien = await landLiens.lien(1n);
    expect(lien.kind).to.equal(BigInt(LienKind.Statutory));
    expect(lien.blocking).to.equal(true);
    expect(lien.amount).to.equal(SOLE_TAX);
    expect(await landRegistry.activeLienCount(soleParcel)).to.equal(1n);
    expect(await propertyTax.taxStatus(soleParcel, YEAR)).to.deep.equal([BigInt(TaxStatus.Liened), SOLE_TAX, 1n]);
    await expect(office.imposeLien(soleParcel, YEAR))
      .to.be.revertedWithCustomError(propertyTax, "TaxLienExists")
      .withArgs(soleParcel, YEAR, 1n);
    // Only the tax module (or a court) releases a tax lien: not its holder, the treasury.
    await expect(landLiens.connect(accounts.treasurer).releaseLien(1n))
      .to.be.revertedWithCustomError(landLiens, "LienKindMismatch")
      .withArgs(1n, LienKind.Statutory);
    await expect(propertyTax.connect(accounts.alice).pay(soleParcel, YEAR))
      .to.emit(propertyTax, "TaxLienReleased")
      .withArgs(soleParcel, YEAR, 1n)
      .and.to.emit(landLiens, "LienReleased")
      .withArgs(1n, soleParcel, await propertyTax.getAddress());
    expect(await landRegistry.activeLienCount(soleParcel)).to.equal(0n);
    expect((await propertyTax.taxStatus(soleParcel, YEAR)).status).to.equal(BigInt(TaxStatus.Paid));
    await expect(office.imposeLien(soleParcel, YEAR))
      .to.be.revertedWithCustomError(propertyTax, "TaxAlreadyPaid")
      .withArgs(soleParcel, YEAR);
    await (await propertyTax.connect(accounts.dave).pay(sharedParcel, YEAR)).wait();
    await expect(office.imposeLien(sharedParcel, YEAR))
      .to.be.revertedWithCustomError(propertyTax, "TaxAlreadyPaid")
      .withArgs(sharedParcel, YEAR);
    await expect(office.imposeLien(sharedParcel, 2031))
      .to.be.revertedWithCustomError(propertyTax, "TaxYearNotAssessed")
      .withArgs(2031);
    await expect(landLiens.connect(accounts.court).releaseLien(1n)).to.be.revertedWithCustomError(
      landLiens,
      "LienStatusInvalid",
    );
  });

  it("a signed sale of a parcel with a tax lien pays the tax to the treasury first; the year is settled", async function () {
    const city = await networkHelpers.loadFixture(taxFixture);
    const { propertyTax, landLiens, landRegistry, token, accounts, ids, soleParcel } = city;
    const { alice, bob, treasurer, landRegistrar } = accounts;
    await pastGrace(city);
    await (await propertyTax.connect(accounts.taxOffice).imposeLien(soleParcel, YEAR)).wait();
    const deadline = (await now()) + DAY;
    const terms = await deedTerms(landRegistry, landLiens, soleParcel, ids.bob, PRICE, deadline);
    expect(terms.liens).to.not.equal(ZeroHash);
    const sellerSig = await signDeedTerms(alice, landRegistry, terms, ids.alice);
    const buyerSig = await signDeedTerms(bob, landRegistry, terms, ids.bob);
    const p = await signPermit(bob, token, await landRegistry.getAddress(), PRICE, deadline);
    await expect(
      landRegistry
        .connect(landRegistrar)
        .settleSigned(terms, [sellerSig], buyerSig, { deadline, v: p.v, r: p.r, s: p.s }),
    )
      .to.emit(landLiens, "LienPaidOff")
      .withArgs(1n, soleParcel, 0n, SOLE_TAX);
    expect(await landRegistry.ownerOf(soleParcel)).to.equal(bob.address);
    expect(await token.balanceOf(treasurer.address)).to.equal(SOLE_TAX);
    expect(await propertyTax.taxStatus(soleParcel, YEAR)).to.deep.equal([BigInt(TaxStatus.PaidAtSale), SOLE_TAX, 1n]);
    await expect(propertyTax.connect(bob).pay(soleParcel, YEAR))
      .to.be.revertedWithCustomError(propertyTax, "TaxAlreadyPaid")
      .withArgs(soleParcel, YEAR);
    await expect(propertyTax.connect(accounts.taxOffice).imposeLien(soleParcel, YEAR))
      .to.be.revertedWithCustomError(propertyTax, "TaxAlreadyPaid")
      .withArgs(soleParcel, YEAR);
  });

  it("a sale that does not accept the tax lien cannot go through", async function () {
    const city = await networkHelpers.loadFixture(taxFixture);
    const { propertyTax, landLiens, landRegistry, accounts, ids, soleParcel } = city;
    const deadline = (await now()) + 90n * DAY;
    await pastGrace(city);
    const terms = await deedTerms(landRegistry, landLiens, soleParcel, ids.bob, PRICE, deadline);
    await (await propertyTax.connect(accounts.taxOffice).imposeLien(soleParcel, YEAR)).wait();
    const sellerSig = await signDeedTerms(accounts.alice, landRegistry, terms, ids.alice);
    const buyerSig = await signDeedTerms(accounts.bob, landRegistry, terms, ids.bob);
    await expect(
      landRegistry
        .connect(accounts.landRegistrar)
        .settleSigned(terms, [sellerSig], buyerSig, { deadline: 0n, v: 0, r: ZeroHash, s: ZeroHash }),
    ).to.be.revert(ethers);
  });

  it("a court-released tax lien leaves the tax due; the office may impose again; statutory slots are bounded", async function () {
    const city = await networkHelpers.loadFixture(taxFixture);
    const { propertyTax, landLiens, accounts, soleParcel } = city;
    await pastGrace(city);
    await (await propertyTax.connect(accounts.taxOffice).imposeLien(soleParcel, YEAR)).wait();
    await (await landLiens.connect(accounts.court).courtReleaseLien(1n)).wait();
    expect(await propertyTax.taxStatus(soleParcel, YEAR)).to.deep.equal([BigInt(TaxStatus.Due), SOLE_TAX, 1n]);
    await expect(propertyTax.connect(accounts.taxOffice).imposeLien(soleParcel, YEAR))
      .to.emit(propertyTax, "TaxLienImposed")
      .withArgs(soleParcel, YEAR, 2n, SOLE_TAX);
    await expect(
      landLiens.connect(accounts.taxOffice).imposeStatutoryLien(soleParcel, city.treasuryId, 1n, ZeroHash),
    ).to.be.revertedWithCustomError(landLiens, "AccessManagedUnauthorized");
  });

  it("a retired parcel owes the years levied in its life; its children owe from the next levy", async function () {
    const { propertyTax, landRegistry, accounts, soleParcel } = await networkHelpers.loadFixture(taxFixture);
    await (
      await landRegistry
        .connect(accounts.landRegistrar)
        .subdivide(soleParcel, [parcelSpec("LOT-0001-A", 400n), parcelSpec("LOT-0001-B", 600n)])
    ).wait();
    expect((await propertyTax.taxStatus(soleParcel, YEAR)).amount).to.equal(SOLE_TAX);
    expect((await propertyTax.taxStatus(3n, YEAR)).status).to.equal(BigInt(TaxStatus.NotTaxed));
    await (
      await propertyTax.connect(accounts.taxOffice).levy(YEAR + 1n, (await now()) + DAY, 0, [0], [RATE_ZONE0])
    ).wait();
    expect((await propertyTax.taxStatus(soleParcel, YEAR + 1n)).status).to.equal(BigInt(TaxStatus.NotTaxed));
    expect((await propertyTax.taxStatus(4n, YEAR + 1n)).amount).to.equal(600n * RATE_ZONE0);
    await expect(propertyTax.connect(accounts.alice).pay(soleParcel, YEAR + 1n))
      .to.be.revertedWithCustomError(propertyTax, "TaxNotOwed")
      .withArgs(soleParcel, YEAR + 1n);
    await expect(propertyTax.connect(accounts.alice).pay(soleParcel, YEAR)).to.emit(propertyTax, "TaxPaid");
    await expect(propertyTax.recordRetirement(soleParcel)).to.be.revertedWithCustomError(
      propertyTax,
      "TaxRetirementRecorded",
    );
    await expect(propertyTax.recordRetirement(3n))
      .to.be.revertedWithCustomError(propertyTax, "TaxParcelNotRetired")
      .withArgs(3n);
  });

  it("records a retirement that happened after a parcel was enrolled", async function () {
    const { propertyTax, landRegistry, accounts, soleParcel } = await networkHelpers.loadFixture(taxFixture);
    await (await propertyTax.connect(accounts.landRegistrar).assignZone(soleParcel, 1)).wait();
    await (
      await landRegistry
        .connect(accounts.landRegistrar)
        .subdivide(soleParcel, [parcelSpec("LOT-0001-A", 400n), parcelSpec("LOT-0001-B", 600n)])
    ).wait();
    await expect(propertyTax.connect(accounts.mallory).recordRetirement(soleParcel)).to.emit(
      propertyTax,
      "ParcelRetirementRecorded",
    );
    expect((await propertyTax.parcelTax(soleParcel)).retiredAt).to.not.equal(0n);
  });
});

describe("PropertyTax: treasury", function () {
  it("the treasurer sets a verified treasury identity", async function () {
    const { propertyTax, accounts, ids } = await networkHelpers.loadFixture(taxFixture);
    await expect(propertyTax.connect(accounts.treasurer).setTreasury(0))
      .to.be.revertedWithCustomError(propertyTax, "TaxTreasuryInvalid")
      .withArgs(0);
    await expect(propertyTax.connect(accounts.treasurer).setTreasury(999))
      .to.be.revertedWithCustomError(propertyTax, "TaxTreasuryInvalid")
      .withArgs(999);
    await expect(propertyTax.connect(accounts.treasurer).setTreasury(ids.carol))
      .to.emit(propertyTax, "TreasurySet")
      .withArgs(ids.carol);
    expect(await propertyTax.treasury()).to.equal(ids.carol);
  });
});

shouldRejectUnauthorized(async () => {
  const city = await networkHelpers.loadFixture(taxFixture);
  return {
    contracts: { PropertyTax: city.propertyTax, LandLiens: city.landLiens },
    manager: city.manager,
    stranger: city.accounts.mallory,
  };
}, ["PropertyTax"]);
