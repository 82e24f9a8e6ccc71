import { expect } from "chai";
import { ZeroHash } from "ethers";

import { erc7201Slot } from "../../src/erc7201.js";
import { deedTerms, signDeedTerms } from "../../src/land.js";
import { signPermit } from "../../src/permit.js";
import type { LandSettlementV2 } from "../../typechain-types/index.js";
import { snapshotViews, upgradeService } from "../shared/upgrades.js";
import { DAY, deployLandCity, inFuture, PRICE } from "./fixtures.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

const NO_PERMIT = { deadline: 0n, v: 0, r: ZeroHash, s: ZeroHash };

/**
 * A signed settlement in mid-flight: parcel 1 already sold alice -> bob by a signed sale (with bob's permit);
 * the co-owners of parcel 2 (alice, dave) and its buyer carol have signed terms that are not settled yet.
 */
async function liveSettlementFixture() {
  const city = await deployLandCity(connection);
  const { landRegistry, landLiens, landSettlement, token, accounts, ids, soleParcel, sharedParcel } = city;
  const { alice, bob, carol, dave, landRegistrar } = accounts;
  const deadline = await inFuture(connection, 10n * DAY);
  const sold = await deedTerms(landRegistry, landLiens, soleParcel, ids.bob, PRICE, deadline);
  const soldSigs = [
    await signDeedTerms(alice, landSettlement, sold, ids.alice),
    await signDeedTerms(bob, landSettlement, sold, ids.bob),
  ];
  const p = await signPermit(bob, token, await landSettlement.getAddress(), PRICE, deadline);
  await landSettlement
    .connect(landRegistrar)
    .settle(sold, [soldSigs[0]], soldSigs[1], { deadline, v: p.v, r: p.r, s: p.s });
  const pending = await deedTerms(landRegistry, landLiens, sharedParcel, ids.carol, PRICE, deadline);
  const pendingSigs = [
    await signDeedTerms(alice, landSettlement, pending, ids.alice),
    await signDeedTerms(dave, landSettlement, pending, ids.dave),
    await signDeedTerms(carol, landSettlement, pending, ids.carol),
  ];
  await token.connect(carol).approve(await landSettlement.getAddress(), PRICE);
  return { ...city, sold, soldSigs, pending, pendingSigs };
}

type Live = Awaited<ReturnType<typeof liveSettlementFixture>>;

/** Every link, domain, digest, permission and record the signed path relies on. */
async function snapshot(f: Live) {
  const { manager, landRegistry: r, landSettlement: s, ids, sold, pending } = f;
  const settle = s.interface.getFunction("settle").selector;
  return snapshotViews({
    domain: () => s.eip712Domain(),
    typehash: () => s.DEED_TERMS_TYPEHASH(),
    digests: () => Promise.all([s.termsDigest(pending, ids.alice), s.termsDigest(sold, ids.bob)]),
    authority: () => s.authority(),
    settleRole: async () => manager.getTargetFunctionRole(await s.getAddress(), settle),
    links: () => s.links(),
    histories: () => Promise.all([1n, 2n].map((p) => r.historyHead(p))),
    owners: () => Promise.all([1n, 2n].map((p) => r.ownersOf(p))),
  });
}

const slot = (offset: bigint) => BigInt(erc7201Slot("citychain.storage.LandSettlement")) + offset;

/** The settlement's links, passed to a new implementation's constructor (they are its immutables). */
const linksOf = (f: Live) => f.landSettlement.links().then((links) => [...links]);

async function upgrade(f: Live) {
  const v2 = await ethers.getContractFactory("LandSettlementV2");
  return upgradeService<LandSettlementV2>(connection, f, f.landSettlement, "LandSettlementV2", {
    migration: v2.interface.encodeFunctionData("initializeV2", [7n]),
    service: "landSettlement",
    constructorArgs: await linksOf(f),
  });
}

describe("LandSettlement upgrades (UUPS)", function () {
  it("keeps its links, EIP-712 domain, digests and permission; terms signed before the upgrade settle after it", async function () {
    const f = await networkHelpers.loadFixture(liveSettlementFixture);
    const before = await snapshot(f);
    const implementation = await f.landSettlement.implementation();
    const settlement = await upgrade(f);
    expect(await snapshot(f)).to.deep.equal(before);
    expect(await settlement.version()).to.equal("2");
    expect(await settlement.v2Field()).to.equal(7n);
    expect(await settlement.implementation()).to.not.equal(implementation);

    const { landRegistry, token, accounts, ids, pending, pendingSigs, sold, soldSigs, sharedParcel } = f;
    const { alice, carol, dave, landRegistrar } = accounts;
    const s = settlement.connect(landRegistrar);
    await expect(s.settle(pending, pendingSigs.slice(0, 2), pendingSigs[2], NO_PERMIT)).to.changeTokenBalances(
      ethers,
      token,
      [carol, alice, dave],
      [-PRICE, (PRICE * 6n) / 10n, (PRICE * 4n) / 10n],
    );
    expect(await landRegistry.ownersOf(sharedParcel)).to.deep.equal([[ids.carol, 10_000n]]);
    // The sale settled before the upgrade cannot be replayed after it.
    await expect(s.settle(sold, [soldSigs[0]], soldSigs[1], NO_PERMIT))
      .to.be.revertedWithCustomError(landRegistry, "LandRevisionStale")
      .withArgs(sold.parcelId, sold.revision, sold.revision + 1n);
  });

  it("refuses an upgrade by a non-UPGRADER and a second initialize; its links are the implementation's", async function () {
    const f = await networkHelpers.loadFixture(liveSettlementFixture);
    const { accounts, landSettlement, landRegistry, landLiens, identity, token, manager } = f;
    const v2 = await ethers.deployContract("LandSettlementV2", await linksOf(f));
    await expect(landSettlement.connect(accounts.mallory).upgradeToAndCall(await v2.getAddress(), "0x"))
      .to.be.revertedWithCustomError(landSettlement, "AccessManagedUnauthorized")
      .withArgs(accounts.mallory.address);
    await expect(landSettlement.initialize(await manager.getAddress())).to.be.revertedWithCustomError(
      landSettlement,
      "InvalidInitialization",
    );
    const links = await Promise.all([landRegistry, landLiens, identity, token].map((c) => c.getAddress()));
    expect([...(await landSettlement.links())]).to.deep.equal(links);
    expect([...(await v2.links())]).to.deep.equal(links);
    // The links live in the implementation's code: the namespace's former link slots stay empty.
    const words = await Promise.all(
      [0n, 1n, 2n, 3n].map(async (i) => ethers.provider.getStorage(await landSettlement.getAddress(), slot(i))),
    );
    expect(words).to.deep.equal(Array(4).fill(ZeroHash));
  });
});
