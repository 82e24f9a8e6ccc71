import { expect } from "chai";

import { erc7201Slot } from "../../src/erc7201.js";
import { deployBehindProxy } from "../../src/proxy.js";
import { signTaxPayment, TaxStatus } from "../../src/tax.js";
import type { LandLiensV2, PropertyTax, PropertyTaxV2 } from "../../typechain-types/index.js";
import { snapshotViews, upgradeService } from "../shared/upgrades.js";
import { DAY, deployTaxCity, GRACE, RATE_ZONE0, YEAR } from "./taxFixtures.js";
import { Trigger } from "../shared/hostile.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

const taxFixture = async () => deployTaxCity(connection);
const SOLE_TAX = 1_000n * RATE_ZONE0;

/** A second PropertyTax on a hostile token (the city's authority; unconfigured functions fall to ADMIN). */
async function hostileFixture() {
  const city = await deployTaxCity(connection);
  const hostile = await ethers.deployContract("ReentrantToken");
  const tax = await deployBehindProxy<PropertyTax>(connection, "PropertyTax", [
    await city.manager.getAddress(),
    await hostile.getAddress(),
    await city.landRegistry.getAddress(),
    await city.landLiens.getAddress(),
    await city.identity.getAddress(),
  ]);
  const { admin, alice } = city.accounts;
  const due = BigInt(await networkHelpers.time.latest()) + DAY;
  await (await tax.connect(admin).levy(YEAR, due, 0, [0], [RATE_ZONE0])).wait();
  await (await hostile.mint(alice.address, 10n * SOLE_TAX)).wait();
  await (await hostile.connect(alice).approve(await tax.getAddress(), 10n * SOLE_TAX)).wait();
  return { ...city, hostile, tax };
}

describe("PropertyTax: hostile token, key recovery", function () {
  it("a token re-entering the pay path is stopped by the guard; the outer payment completes once", async function () {
    const { hostile, tax, accounts, soleParcel, sharedParcel } = await networkHelpers.loadFixture(hostileFixture);
    await (
      await hostile.armOn(
        await tax.getAddress(),
        tax.interface.encodeFunctionData("pay", [sharedParcel, YEAR]),
        Trigger.Any,
      )
    ).wait();
    await expect(tax.connect(accounts.alice).pay(soleParcel, YEAR)).to.emit(tax, "TaxPaid");
    expect(await hostile.attempted()).to.equal(true);
    expect(await hostile.reentered()).to.equal(false);
    expect((await hostile.reentryError()).slice(0, 10)).to.equal(
      tax.interface.getError("ReentrancyGuardReentrantCall")!.selector,
    );
    expect((await tax.taxStatus(sharedParcel, YEAR)).status).to.equal(BigInt(TaxStatus.Due));
    expect(await hostile.balanceOf(await tax.getAddress())).to.equal(SOLE_TAX);
  });

  it("a token re-entering the sweep is stopped; an unset treasury blocks sweeps and liens", async function () {
    const { hostile, tax, accounts, soleParcel, treasuryId } = await networkHelpers.loadFixture(hostileFixture);
    await expect(tax.sweep()).to.be.revertedWithCustomError(tax, "TaxTreasuryUnset");
    await networkHelpers.time.increase(2n * DAY);
    await expect(tax.connect(accounts.admin).imposeLien(soleParcel, YEAR)).to.be.revertedWithCustomError(
      tax,
      "TaxTreasuryUnset",
    );
    await (await tax.connect(accounts.alice).pay(soleParcel, YEAR)).wait();
    await (await tax.connect(accounts.admin).setTreasury(treasuryId)).wait();
    await (await hostile.armOn(await tax.getAddress(), tax.interface.encodeFunctionData("sweep"), Trigger.Any)).wait();
    await expect(tax.sweep()).to.emit(tax, "TreasurySwept");
    expect(await hostile.reentered()).to.equal(false);
    expect(await hostile.balanceOf(accounts.treasurer.address)).to.equal(SOLE_TAX);
  });

  it("after a key recovery the owner's identity still sees and pays its tax; the lien stays on the parcel", async function () {
    const city = await networkHelpers.loadFixture(taxFixture);
    const { identity, propertyTax, landLiens, token, accounts, ids, soleParcel, dueDate } = city;
    const { alice, bob, carol, shop } = accounts;
    const newWallet = ethers.Wallet.createRandom(ethers.provider);
    await (await accounts.admin.sendTransaction({ to: newWallet.address, value: ethers.parseEther("1") })).wait();
    await networkHelpers.time.increaseTo(dueDate + GRACE + 1n);
    await (await propertyTax.connect(accounts.taxOffice).imposeLien(soleParcel, YEAR)).wait();
    await identity.connect(alice).appointGuardians(ids.alice, [ids.bob, ids.carol, ids.dave], 2);
    await networkHelpers.time.increase(await identity.recoveryDelay());
    await identity.connect(bob).initiateRecovery(ids.alice, newWallet.address);
    await identity.connect(carol).approveRecovery(1n);
    await networkHelpers.time.increase((await identity.recoveryDelay()) + 1n);
    await identity.connect(bob).executeRecovery(1n);

    expect(await landLiens.liensOf(soleParcel)).to.deep.equal([1n]);
    expect((await propertyTax.taxStatus(soleParcel, YEAR)).status).to.equal(BigInt(TaxStatus.Liened));
    await (await token.connect(accounts.treasurer).mint(newWallet.address, SOLE_TAX)).wait();
    const validBefore = BigInt(await networkHelpers.time.latest()) + DAY;
    const auth = await signTaxPayment(newWallet, token, propertyTax, soleParcel, YEAR, validBefore);
    await expect(
      propertyTax
        .connect(shop)
        .payWithAuthorization(soleParcel, YEAR, newWallet.address, 0n, validBefore, auth.nonce, auth.signature),
    )
      .to.emit(propertyTax, "TaxLienReleased")
      .withArgs(soleParcel, YEAR, 1n);
    expect(await landLiens.liensOf(soleParcel)).to.deep.equal([]);
    expect((await propertyTax.taxStatus(soleParcel, YEAR)).status).to.equal(BigInt(TaxStatus.Paid));
  });
});

describe("PropertyTax: upgrades", function () {
  it("its storage namespace is the ERC-7201 slot of its id", async function () {
    const { readFileSync } = await import("node:fs");
    const source = readFileSync("contracts/payments/PropertyTax.sol", "utf8");
    expect(source).to.include("erc7201:citychain.storage.PropertyTax");
    expect(source).to.include(erc7201Slot("citychain.storage.PropertyTax"));
  });

  it("levies, zones, payments and tax liens survive upgrades of PropertyTax and LandLiens to V2", async function () {
    const city = await networkHelpers.loadFixture(taxFixture);
    const { propertyTax, landLiens, accounts, soleParcel, sharedParcel, dueDate } = city;
    await (await propertyTax.connect(accounts.landRegistrar).assignZone(sharedParcel, 1)).wait();
    await (await propertyTax.connect(accounts.dave).pay(sharedParcel, YEAR)).wait();
    await networkHelpers.time.increaseTo(dueDate + GRACE + 1n);
    await (await propertyTax.connect(accounts.taxOffice).imposeLien(soleParcel, YEAR)).wait();
    const views = () =>
      snapshotViews({
        year: () => propertyTax.taxYear(YEAR),
        sole: () => propertyTax.taxStatus(soleParcel, YEAR),
        shared: () => propertyTax.taxStatus(sharedParcel, YEAR),
        zones: () => propertyTax.zoneHistory(sharedParcel),
        parcel: () => propertyTax.parcelTax(sharedParcel),
        treasury: () => propertyTax.treasury(),
        lien: () => landLiens.lien(1n),
        liens: () => landLiens.liensOf(soleParcel),
      });
    const before = await views();
    const taxV2 = await upgradeService<PropertyTaxV2>(connection, city, propertyTax, "PropertyTaxV2", {
      migration: (await ethers.getContractFactory("PropertyTaxV2")).interface.encodeFunctionData("initializeV2", [7n]),
      service: "propertyTax",
    });
    const liensV2 = await upgradeService<LandLiensV2>(connection, city, landLiens, "LandLiensV2", {
      service: "landLiens",
    });
    expect(await taxV2.version()).to.equal("2");
    expect(await taxV2.v2Field()).to.equal(7n);
    expect(await liensV2.version()).to.equal("2");
    expect(await views()).to.deep.equal(before);
    await expect(propertyTax.connect(accounts.alice).pay(soleParcel, YEAR)).to.emit(landLiens, "LienReleased");
    expect((await propertyTax.taxStatus(soleParcel, YEAR)).status).to.equal(BigInt(TaxStatus.Paid));
  });

  it("refuses an upgrade by a non-UPGRADER, a second initialize, and any use of the implementation", async function () {
    const { propertyTax, manager, token, landRegistry, landLiens, identity, accounts } =
      await networkHelpers.loadFixture(taxFixture);
    const v2 = await ethers.deployContract("PropertyTaxV2");
    await expect(propertyTax.connect(accounts.taxOffice).upgradeToAndCall(await v2.getAddress(), "0x"))
      .to.be.revertedWithCustomError(propertyTax, "AccessManagedUnauthorized")
      .withArgs(accounts.taxOffice.address);
    const args = await Promise.all([manager, token, landRegistry, landLiens, identity].map((c) => c.getAddress()));
    const [m, t, r, l, i] = args;
    await expect(propertyTax.initialize(m, t, r, l, i)).to.be.revertedWithCustomError(
      propertyTax,
      "InvalidInitialization",
    );
    const impl = await ethers.getContractAt("PropertyTax", await propertyTax.implementation());
    await expect(impl.initialize(m, t, r, l, i)).to.be.revertedWithCustomError(impl, "InvalidInitialization");
  });
});
