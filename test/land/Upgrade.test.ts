import { expect } from "chai";
import { type FunctionFragment, getAddress, type Interface, parseEther, zeroPadValue } from "ethers";

import { erc7201Slot } from "../../src/erc7201.js";
import { DeedStatus, LienKind, LienStatus, parcelSpec } from "../../src/land.js";
import { Roles } from "../../src/roles.js";
import type { LandDeedsV2, LandLiensV2, LandRegistryV2 } from "../../typechain-types/index.js";
import { snapshotViews, upgradeService } from "../shared/upgrades.js";
import { DAY, deployLandCity, doc, inFuture, PRICE } from "./fixtures.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

const MORTGAGE = parseEther("100000");

/**
 * A land service in mid-flight: an active mortgage (lien 1) on alice's parcel 1; a half-approved easement
 * proposal (lien 2) on the co-owned parcel 2; deed 1 on parcel 2 to bob, funded (bob approved) but dave's
 * approval missing; erin's unwithdrawn credit from deed 2 (parcel 3 sold to carol).
 */
async function liveLandFixture() {
  const city = await deployLandCity(connection);
  const { landRegistry, landLiens, landDeeds, token, accounts, ids, soleParcel, sharedParcel } = city;
  const { alice, bob, carol, erin, landRegistrar } = accounts;
  const deadline = await inFuture(connection, 20n * DAY);
  await landLiens.connect(erin).proposeLien(soleParcel, LienKind.Mortgage, MORTGAGE, doc("mortgage"), deadline);
  await landLiens.connect(alice).approve(1n);
  await landLiens.connect(carol).proposeLien(sharedParcel, LienKind.Easement, 0n, doc("right of way"), deadline);
  await landLiens.connect(alice).approve(2n);

  await landDeeds.connect(alice).openDeed(sharedParcel, ids.bob, PRICE, deadline);
  await token.connect(bob).approve(await landDeeds.getAddress(), PRICE);
  await landDeeds.connect(bob).fundDeed(1n);

  await landRegistry
    .connect(landRegistrar)
    .registerParcel(parcelSpec("LOT-0003", 500n), [{ identityId: ids.erin, bps: 10_000 }]);
  await landDeeds.connect(erin).openDeed(3n, ids.carol, PRICE, deadline);
  await token.connect(carol).approve(await landDeeds.getAddress(), PRICE);
  await landDeeds.connect(carol).fundDeed(2n);
  await landDeeds.connect(landRegistrar).completeDeed(2n);
  return { ...city, deadline };
}

type Live = Awaited<ReturnType<typeof liveLandFixture>>;

/** Every record, balance, credit, pending consent and permission the upgrade must keep. */
async function snapshot(f: Live) {
  const { manager, landRegistry: r, landLiens: l, landDeeds: d, token, accounts, ids } = f;
  const selectors = (c: typeof r | typeof l | typeof d) =>
    (c.interface as Interface).fragments
      .filter((x): x is FunctionFragment => x.type === "function")
      .map((x) => x.selector);
  const roles = async (c: typeof r | typeof l | typeof d) =>
    Promise.all(selectors(c).map(async (s) => manager.getTargetFunctionRole(await c.getAddress(), s)));
  return snapshotViews({
    parcels: () => Promise.all([1n, 2n, 3n].map((p) => r.parcel(p))),
    owners: () => Promise.all([1n, 2n, 3n].map((p) => r.ownersOf(p))),
    histories: () => Promise.all([1n, 2n, 3n].map((p) => r.historyHead(p))),
    holders: () => Promise.all([1n, 2n, 3n].map((p) => r.ownerOf(p))),
    balances: () => Promise.all([accounts.alice, accounts.carol, accounts.erin].map((a) => r.balanceOf(a.address))),
    titleCounts: () => Promise.all([ids.alice, ids.carol, ids.erin].map((i) => r.titleCountOf(i))),
    lienCounts: () => Promise.all([1n, 2n].map((p) => r.activeLienCount(p))),
    tokenUri: () => r.tokenURI(1n),
    liens: () => Promise.all([1n, 2n].map((i) => l.lien(i))),
    activeLiens: () => Promise.all([1n, 2n].map((p) => l.liensOf(p))),
    proposals: () => Promise.all([1n, 2n].map((p) => l.proposalsOf(p))),
    proposerCounts: () => l.openProposalsOf(ids.carol),
    encumbrances: () => l.encumbranceHash(1n),
    lienConsents: () => Promise.all([1n, 2n].map((c) => l.consentRequest(c))),
    lienApprovals: () => Promise.all([l.hasApproved(2n, ids.alice), l.hasApproved(2n, ids.dave)]),
    deeds: () => Promise.all([1n, 2n].map((i) => d.deed(i))),
    deedConsents: () => Promise.all([1n, 2n].map((c) => d.consentRequest(c))),
    deedApprovals: () => Promise.all([ids.alice, ids.dave, ids.bob].map((i) => d.hasApproved(1n, i))),
    escrows: () => Promise.all([1n, 2n].map((i) => d.escrowAccount(i))),
    credits: () => Promise.all([ids.alice, ids.bob, ids.carol, ids.erin].map((i) => d.creditOf(i))),
    owed: () => d.totalOwed(),
    escrowBalance: async () => token.balanceOf(await d.getAddress()),
    nonces: () => Promise.all([d.consentNonce(ids.dave, 1n), l.consentNonce(ids.dave, 2n)]),
    domains: () => Promise.all([d.eip712Domain(), l.eip712Domain()]),
    authorities: () => Promise.all([r.authority(), l.authority(), d.authority()]),
    permissions: () => Promise.all([roles(r), roles(l), roles(d)]),
    landModules: async () =>
      Promise.all([l, d].map(async (c) => manager.hasRole(Roles.LAND_MODULE, await c.getAddress()))),
  });
}

async function upgradeAll(f: Live) {
  const migration = (c: { interface: { encodeFunctionData(n: string, a: unknown[]): string } }) =>
    c.interface.encodeFunctionData("initializeV2", [7n]);
  const v2 = await ethers.getContractFactory("LandRegistryV2");
  const [module] = await f.landRegistry.settlement(); // the same signed-sale module
  const registry = await upgradeService<LandRegistryV2>(connection, f, f.landRegistry, "LandRegistryV2", {
    migration: migration(v2),
    service: "land",
    constructorArgs: [module],
  });
  const liens = await upgradeService<LandLiensV2>(connection, f, f.landLiens, "LandLiensV2", {
    migration: migration(await ethers.getContractFactory("LandLiensV2")),
    service: "landLiens",
  });
  const deeds = await upgradeService<LandDeedsV2>(connection, f, f.landDeeds, "LandDeedsV2", {
    migration: migration(await ethers.getContractFactory("LandDeedsV2")),
    service: "landDeeds",
  });
  return { registry, liens, deeds };
}

describe("Land service upgrades (UUPS, issue 18)", function () {
  it("keeps every record, balance, credit, pending consent and permission through an upgrade of all three", async function () {
    const f = await networkHelpers.loadFixture(liveLandFixture);
    const before = await snapshot(f);
    const implementations = await Promise.all(
      [f.landRegistry, f.landLiens, f.landDeeds].map((c) => c.implementation()),
    );
    const { registry, liens, deeds } = await upgradeAll(f);
    expect(await snapshot(f)).to.deep.equal(before);
    for (const [i, c] of [registry, liens, deeds].entries()) {
      expect(await c.version()).to.equal("2");
      expect(await c.v2Field()).to.equal(7n);
      expect(await c.implementation()).to.not.equal(implementations[i]);
    }
  });

  it("every function still works after the upgrade: the half-approved deed completes", async function () {
    const f = await networkHelpers.loadFixture(liveLandFixture);
    const { registry, liens, deeds } = await upgradeAll(f);
    const { token, accounts, ids, sharedParcel, soleParcel } = f;
    const { alice, bob, carol, dave, erin, landRegistrar, court, mallory } = accounts;

    // The pending proposal cannot activate while deed 1 holds the parcel.
    await expect(liens.connect(dave).approve(2n))
      .to.be.revertedWithCustomError(liens, "LienParcelLocked")
      .withArgs(sharedParcel, 1n);
    // Deed 1: dave's approval, then the registrar completes; the money in escrow pays the co-owners.
    await deeds.connect(dave).approve(1n);
    await expect(deeds.connect(landRegistrar).completeDeed(1n)).to.emit(deeds, "DeedCompleted");
    expect((await deeds.deed(1n)).status).to.equal(DeedStatus.Completed);
    expect(await registry.ownerOf(sharedParcel)).to.equal(bob.address);
    expect(await deeds.creditOf(ids.alice)).to.equal((PRICE * 6n) / 10n);
    expect(await deeds.creditOf(ids.dave)).to.equal((PRICE * 4n) / 10n);
    // The proposal asked the former owners: anyone prunes it now.
    await expect(liens.connect(mallory).pruneLienProposal(2n)).to.emit(liens, "LienRejected");
    expect((await liens.lien(2n)).status).to.equal(LienStatus.Rejected);

    // Credits from before and after the upgrade are withdrawn; the escrow ends owing nothing.
    await expect(deeds.connect(erin).withdraw()).to.changeTokenBalance(ethers, token, erin, PRICE);
    await deeds.connect(alice).withdraw();
    await deeds.connect(dave).withdraw();
    expect(await deeds.totalOwed()).to.equal(0n);
    expect(await token.balanceOf(await deeds.getAddress())).to.equal(0n);

    // The mortgage from before the upgrade: its holder releases it; the court and new proposals still work.
    await expect(liens.connect(erin).releaseLien(1n)).to.emit(liens, "LienReleased");
    await liens.connect(court).imposeCourtLien(soleParcel, ids.carol, 1n, doc("judgment"));
    const deadline = await inFuture(connection, DAY);
    await liens.connect(carol).proposeLien(soleParcel, LienKind.Easement, 0n, doc("path"), deadline);
    await liens.connect(alice).approve(3n);
    expect(await liens.liensOf(soleParcel)).to.deep.equal([3n, 4n]);
    await registry.connect(court).freeze(soleParcel, ethers.id("order"));
    expect((await registry.parcel(soleParcel)).frozen).to.equal(true);
  });

  it("refuses an upgrade by a non-UPGRADER, a second initialize, and initialize on an implementation", async function () {
    const f = await networkHelpers.loadFixture(liveLandFixture);
    const { accounts, landRegistry, landLiens, landDeeds, manager, identity, token } = f;
    const v2 = await ethers.deployContract("LandDeedsV2");
    await expect(landDeeds.connect(accounts.mallory).upgradeToAndCall(await v2.getAddress(), "0x"))
      .to.be.revertedWithCustomError(landDeeds, "AccessManagedUnauthorized")
      .withArgs(accounts.mallory.address);
    const m = await manager.getAddress();
    const i = await identity.getAddress();
    const r = await landRegistry.getAddress();
    await expect(landRegistry.initialize(m, i, "x/")).to.be.revertedWithCustomError(
      landRegistry,
      "InvalidInitialization",
    );
    await expect(landLiens.initialize(m, r, i)).to.be.revertedWithCustomError(landLiens, "InvalidInitialization");
    await expect(
      landDeeds.initialize(m, r, await landLiens.getAddress(), i, await token.getAddress()),
    ).to.be.revertedWithCustomError(landDeeds, "InvalidInitialization");
    for (const name of ["LandRegistry", "LandLiens", "LandDeeds"] as const) {
      const proxy = { LandRegistry: landRegistry, LandLiens: landLiens, LandDeeds: landDeeds }[name];
      const implementation = await ethers.getContractAt(name, await proxy.implementation());
      await expect(
        implementation.runner!.sendTransaction!({
          to: await implementation.getAddress(),
          data: (proxy.interface as Interface).encodeFunctionData(
            "initialize",
            name === "LandRegistry"
              ? [m, i, "x/"]
              : name === "LandLiens"
                ? [m, r, i]
                : [m, r, await landLiens.getAddress(), i, await token.getAddress()],
          ),
        }),
      ).to.be.revertedWithCustomError(proxy, "InvalidInitialization");
    }
    expect(await landDeeds.upgradesFrozen()).to.equal(false);
  });

  it("keeps each contract's state at its ERC-7201 namespace slot (the constants match the namespace ids)", async function () {
    const f = await networkHelpers.loadFixture(liveLandFixture);
    const { landRegistry, landLiens, landDeeds, identity, token } = f;
    const read = async (c: { getAddress(): Promise<string> }, id: string, offset = 0n) =>
      ethers.provider.getStorage(await c.getAddress(), BigInt(erc7201Slot(id)) + offset);
    const asAddress = (word: string) => getAddress("0x" + word.slice(26));
    expect(BigInt(await read(landRegistry, "citychain.storage.LandRegistry"))).to.equal(3n); // parcelCount
    expect(asAddress(await read(landRegistry, "citychain.storage.LandTitles"))).to.equal(await identity.getAddress());
    expect(asAddress(await read(landLiens, "citychain.storage.LandLiens"))).to.equal(await landRegistry.getAddress());
    expect(BigInt(await read(landLiens, "citychain.storage.LandLiens", 2n))).to.equal(2n); // lienCount
    expect(BigInt(await read(landLiens, "citychain.storage.MultiPartyConsent"))).to.equal(2n); // consentCount
    expect(asAddress(await read(landDeeds, "citychain.storage.LandDeeds"))).to.equal(await landRegistry.getAddress());
    expect(BigInt(await read(landDeeds, "citychain.storage.MultiPartyConsent"))).to.equal(2n);
    expect(asAddress(await read(landDeeds, "citychain.storage.Escrow"))).to.equal(await token.getAddress());
    expect(await read(landDeeds, "citychain.storage.Escrow", 1n)).to.equal(
      zeroPadValue(ethers.toBeHex(await landDeeds.totalOwed()), 32),
    );
  });
});
