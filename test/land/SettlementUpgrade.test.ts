import { expect } from "chai";
import { ZeroHash } from "ethers";

import { deedTerms, signDeedTerms } from "../../src/land.js";
import { signPermit } from "../../src/permit.js";
import { Roles } from "../../src/roles.js";
import type { LandRegistryV2 } from "../../typechain-types/index.js";
import { snapshotViews, upgradeService } from "../shared/upgrades.js";
import { DAY, deployLandCity, inFuture, PRICE } from "./fixtures.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

const NO_PERMIT = { deadline: 0n, v: 0, r: ZeroHash, s: ZeroHash };

/**
 * A signed sale in mid-flight: parcel 1 already sold alice -> bob by a signed sale (with bob's permit); the
 * co-owners of parcel 2 (alice, dave) and its buyer carol have signed terms that are not settled yet.
 */
async function liveSettlementFixture() {
  const city = await deployLandCity(connection);
  const { landRegistry, landLiens, token, accounts, ids, soleParcel, sharedParcel } = city;
  const { alice, bob, carol, dave, landRegistrar } = accounts;
  const deadline = await inFuture(connection, 10n * DAY);
  const sold = await deedTerms(landRegistry, landLiens, soleParcel, ids.bob, PRICE, deadline);
  const soldSigs = [
    await signDeedTerms(alice, landRegistry, sold, ids.alice),
    await signDeedTerms(bob, landRegistry, sold, ids.bob),
  ];
  const p = await signPermit(bob, token, await landRegistry.getAddress(), PRICE, deadline);
  await landRegistry
    .connect(landRegistrar)
    .settleSigned(sold, [soldSigs[0]], soldSigs[1], { deadline, v: p.v, r: p.r, s: p.s });
  const pending = await deedTerms(landRegistry, landLiens, sharedParcel, ids.carol, PRICE, deadline);
  const pendingSigs = [
    await signDeedTerms(alice, landRegistry, pending, ids.alice),
    await signDeedTerms(dave, landRegistry, pending, ids.dave),
    await signDeedTerms(carol, landRegistry, pending, ids.carol),
  ];
  await token.connect(carol).approve(await landRegistry.getAddress(), PRICE);
  return { ...city, sold, soldSigs, pending, pendingSigs };
}

type Live = Awaited<ReturnType<typeof liveSettlementFixture>>;

/** Every record, head, nonce (revision), link and permission the signed path relies on, but the module. */
async function snapshot(f: Live) {
  const { manager, landRegistry: r, landLiens } = f;
  const registry = await r.getAddress();
  const settle = r.interface.getFunction("settleSigned").selector;
  return snapshotViews({
    authority: () => r.authority(),
    settleRole: () => manager.getTargetFunctionRole(registry, settle),
    registryIsModule: () => manager.hasRole(Roles.LAND_MODULE, registry),
    dischargeRole: async () =>
      manager.getTargetFunctionRole(landLiens, landLiens.interface.getFunction("dischargeForSale").selector),
    liens: () => r.settlement().then(([, liens]) => liens),
    heads: () => Promise.all([1n, 2n].map((p) => r.historyHead(p))),
    revisions: () => Promise.all([1n, 2n].map((p) => r.revisionCount(p))),
    owners: () => Promise.all([1n, 2n].map((p) => r.ownersOf(p))),
    parcels: () => Promise.all([1n, 2n].map((p) => r.parcel(p))),
  });
}

/** Upgrades the register to LandRegistryV2 built with a NEW signed-sale module (same links). */
async function upgradeWithNewModule(f: Live) {
  const module = await ethers.deployContract("LandSettlementModule", [
    await f.identity.getAddress(),
    await f.token.getAddress(),
  ]);
  const v2 = await ethers.getContractFactory("LandRegistryV2");
  const registry = await upgradeService<LandRegistryV2>(connection, f, f.landRegistry, "LandRegistryV2", {
    migration: v2.interface.encodeFunctionData("initializeV2", [7n]),
    service: "land",
    constructorArgs: [await module.getAddress()],
  });
  return { registry, module: await module.getAddress() };
}

describe("LandRegistry upgrade to a new signed-sale module (UUPS)", function () {
  it("keeps records, heads, revisions, links and permissions; terms signed before the upgrade settle after it", async function () {
    const f = await networkHelpers.loadFixture(liveSettlementFixture);
    const before = await snapshot(f);
    const [oldModule] = await f.landRegistry.settlement();
    const implementation = await f.landRegistry.implementation();
    const { registry, module } = await upgradeWithNewModule(f);
    expect(await snapshot(f)).to.deep.equal(before);
    expect(await registry.version()).to.equal("2");
    expect(await registry.v2Field()).to.equal(7n);
    expect(await registry.implementation()).to.not.equal(implementation);
    const [current] = await registry.settlement();
    expect(current).to.equal(module);
    expect(current).to.not.equal(oldModule);

    const { landRegistry, token, accounts, ids, pending, pendingSigs, sold, soldSigs, sharedParcel } = f;
    const { alice, carol, dave, landRegistrar } = accounts;
    const s = registry.connect(landRegistrar);
    await expect(s.settleSigned(pending, pendingSigs.slice(0, 2), pendingSigs[2], NO_PERMIT)).to.changeTokenBalances(
      ethers,
      token,
      [carol, alice, dave],
      [-PRICE, (PRICE * 6n) / 10n, (PRICE * 4n) / 10n],
    );
    expect(await landRegistry.ownersOf(sharedParcel)).to.deep.equal([[ids.carol, 10_000n]]);
    // The sale settled before the upgrade cannot be replayed after it (the revision is the nonce).
    await expect(s.settleSigned(sold, [soldSigs[0]], soldSigs[1], NO_PERMIT))
      .to.be.revertedWithCustomError(landRegistry, "LandRevisionStale")
      .withArgs(sold.parcelId, sold.revision, sold.revision + 1n);
  });

  it("refuses an upgrade to a new module by a non-UPGRADER; the module is the implementation's", async function () {
    const f = await networkHelpers.loadFixture(liveSettlementFixture);
    const { accounts, landRegistry, identity, token } = f;
    const module = await ethers.deployContract("LandSettlementModule", [
      await identity.getAddress(),
      await token.getAddress(),
    ]);
    const v2 = await ethers.deployContract("LandRegistryV2", [await module.getAddress()]);
    await expect(landRegistry.connect(accounts.mallory).upgradeToAndCall(await v2.getAddress(), "0x"))
      .to.be.revertedWithCustomError(landRegistry, "AccessManagedUnauthorized")
      .withArgs(accounts.mallory.address);
    const [current] = await landRegistry.settlement();
    expect(current).to.not.equal(await module.getAddress());
    expect((await v2.settlement())[0]).to.equal(await module.getAddress());
  });
});
