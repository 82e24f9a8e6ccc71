import { expect } from "chai";
import { ZeroHash, type Signer } from "ethers";

import { DEED_TERMS_TYPES, deedTerms, LienKind, parcelSpec, signDeedTerms, type DeedTerms } from "../../src/land.js";
import { signPermit } from "../../src/permit.js";
import { deployBehindProxy } from "../../src/proxy.js";
import type { LandRegistry } from "../../typechain-types/index.js";
import { DAY, deployLandCity, doc, inFuture, PRICE, historyOf } from "./fixtures.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

const landFixture = async () => deployLandCity(connection);
const NO_PERMIT = { deadline: 0n, v: 0, r: ZeroHash, s: ZeroHash };

type City = Awaited<ReturnType<typeof landFixture>>;

async function termsFor(
  city: City,
  parcelId: bigint,
  buyerId: bigint,
  price: bigint = PRICE,
  lifetime: bigint = DAY,
): Promise<DeedTerms> {
  return deedTerms(city.landRegistry, city.landLiens, parcelId, buyerId, price, await inFuture(connection, lifetime));
}

async function sign(city: City, terms: DeedTerms, parties: [Signer, bigint][]): Promise<string[]> {
  return Promise.all(parties.map(([signer, party]) => signDeedTerms(signer, city.landRegistry, terms, party)));
}

async function permitFor(city: City, buyer: Signer, terms: DeedTerms) {
  const p = await signPermit(buyer, city.token, await city.landRegistry.getAddress(), terms.price, terms.deadline);
  return { deadline: terms.deadline, v: p.v, r: p.r, s: p.s };
}

describe("LandRegistry.settleSigned (LandSettlementModule): a land sale in one signed transaction", function () {
  it("sells a sole-owned parcel with the buyer's permit: seller paid, title moved, SOLD in the chain of title", async function () {
    const city = await networkHelpers.loadFixture(landFixture);
    const { landRegistry, token, accounts, ids, soleParcel } = city;
    const { alice, bob, landRegistrar } = accounts;
    const terms = await termsFor(city, soleParcel, ids.bob);
    const [sellerSig, buyerSig] = await sign(city, terms, [
      [alice, ids.alice],
      [bob, ids.bob],
    ]);
    const revisions = await landRegistry.revisionCount(soleParcel);
    const settle = landRegistry
      .connect(landRegistrar)
      .settleSigned(terms, [sellerSig], buyerSig, await permitFor(city, bob, terms));
    await expect(settle).to.changeTokenBalances(ethers, token, [bob, alice], [-PRICE, PRICE]);
    await expect(settle).to.emit(landRegistry, "Transfer").withArgs(alice.address, bob.address, soleParcel);
    expect(await landRegistry.ownerOf(soleParcel)).to.equal(bob.address);
    expect(await landRegistry.revisionCount(soleParcel)).to.equal(revisions + 1n);
    const [entry] = (await historyOf(connection, landRegistry, soleParcel)).slice(Number(revisions));
    expect(entry.kind).to.equal(15n);
    expect(entry.ref).to.equal((ids.bob << 96n) | PRICE);
    // Replaying the settled deed's signatures: the revision moved on.
    await expect(landRegistry.connect(landRegistrar).settleSigned(terms, [sellerSig], buyerSig, NO_PERMIT))
      .to.be.revertedWithCustomError(landRegistry, "LandRevisionStale")
      .withArgs(soleParcel, terms.revision, terms.revision + 1n);
  });

  it("pays co-owners pro rata (standing allowance) and refuses missing, reordered or duplicated signatures", async function () {
    const city = await networkHelpers.loadFixture(landFixture);
    const { landRegistry, token, accounts, ids, sharedParcel } = city;
    const { alice, dave, carol, landRegistrar } = accounts;
    const price = 1_000_003n;
    const terms = await termsFor(city, sharedParcel, ids.carol, price);
    const [a, d, c] = await sign(city, terms, [
      [alice, ids.alice],
      [dave, ids.dave],
      [carol, ids.carol],
    ]);
    const s = landRegistry.connect(landRegistrar);
    await expect(s.settleSigned(terms, [a], c, NO_PERMIT))
      .to.be.revertedWithCustomError(landRegistry, "SettlementSignatureCountInvalid")
      .withArgs(sharedParcel, 2n, 1n);
    await token.connect(carol).approve(await landRegistry.getAddress(), price);
    await expect(s.settleSigned(terms, [d, a], c, NO_PERMIT))
      .to.be.revertedWithCustomError(landRegistry, "SettlementSignatureInvalid")
      .withArgs(ids.alice, alice.address);
    await expect(s.settleSigned(terms, [a, a], c, NO_PERMIT))
      .to.be.revertedWithCustomError(landRegistry, "SettlementSignatureInvalid")
      .withArgs(ids.dave, dave.address);
    await expect(s.settleSigned(terms, [a, d], a, NO_PERMIT))
      .to.be.revertedWithCustomError(landRegistry, "SettlementSignatureInvalid")
      .withArgs(ids.carol, carol.address);
    expect(await landRegistry.revisionCount(sharedParcel)).to.equal(terms.revision); // state untouched
    const aliceShare = (price * 6_000n) / 10_000n;
    await expect(s.settleSigned(terms, [a, d], c, NO_PERMIT)).to.changeTokenBalances(
      ethers,
      token,
      [carol, alice, dave],
      [-price, aliceShare, price - aliceShare],
    );
    expect(await landRegistry.ownerOf(sharedParcel)).to.equal(carol.address);
  });

  it("refuses tampered terms, an expired deadline, a frozen parcel, a stale revision, a bad price and strangers", async function () {
    const city = await networkHelpers.loadFixture(landFixture);
    const { landRegistry, token, accounts, ids, soleParcel } = city;
    const { alice, bob, court, landRegistrar, mallory } = accounts;
    await token.connect(bob).approve(await landRegistry.getAddress(), PRICE * 2n);
    const terms = await termsFor(city, soleParcel, ids.bob);
    const [a, b] = await sign(city, terms, [
      [alice, ids.alice],
      [bob, ids.bob],
    ]);
    const s = landRegistry.connect(landRegistrar);
    for (const tampered of [
      { ...terms, price: PRICE - 1n },
      { ...terms, parcelId: 2n },
      { ...terms, buyerId: ids.carol },
    ]) {
      await expect(s.settleSigned(tampered, [a], b, NO_PERMIT)).to.be.revertedWithCustomError(
        landRegistry,
        "SettlementSignatureInvalid",
      );
    }
    await expect(landRegistry.connect(mallory).settleSigned(terms, [a], b, NO_PERMIT)).to.be.revertedWithCustomError(
      landRegistry,
      "AccessManagedUnauthorized",
    );
    await expect(s.settleSigned({ ...terms, price: 0n }, [a], b, NO_PERMIT))
      .to.be.revertedWithCustomError(landRegistry, "SettlementPriceInvalid")
      .withArgs(0n);
    // A buyer that is not a land party now (here an unknown identity) is refused before any signature is read.
    await expect(s.settleSigned({ ...terms, buyerId: 999n }, [a], b, NO_PERMIT))
      .to.be.revertedWithCustomError(landRegistry, "SettlementPartyNotVerified")
      .withArgs(999n);
    // A frozen parcel cannot be sold; a signature made before the freeze (or during it) is dead after it.
    await landRegistry.connect(court).freeze(soleParcel, ZeroHash);
    await expect(s.settleSigned(terms, [a], b, NO_PERMIT))
      .to.be.revertedWithCustomError(landRegistry, "LandParcelFrozen")
      .withArgs(soleParcel);
    const frozen = await termsFor(city, soleParcel, ids.bob);
    const [fa, fb] = await sign(city, frozen, [
      [alice, ids.alice],
      [bob, ids.bob],
    ]);
    await landRegistry.connect(court).unfreeze(soleParcel, ZeroHash);
    await expect(s.settleSigned(terms, [a], b, NO_PERMIT))
      .to.be.revertedWithCustomError(landRegistry, "LandRevisionStale")
      .withArgs(soleParcel, terms.revision, terms.revision + 2n);
    await expect(s.settleSigned(frozen, [fa], fb, NO_PERMIT)).to.be.revertedWithCustomError(
      landRegistry,
      "LandRevisionStale",
    );
    const current = await termsFor(city, soleParcel, ids.bob);
    const [ca, cb] = await sign(city, current, [
      [alice, ids.alice],
      [bob, ids.bob],
    ]);
    await networkHelpers.time.increaseTo(current.deadline + 1n);
    await expect(s.settleSigned(current, [ca], cb, NO_PERMIT)).to.be.revertedWithCustomError(
      landRegistry,
      "SettlementExpired",
    );
    expect(await landRegistry.ownerOf(soleParcel)).to.equal(alice.address);
  });

  it("pays a mortgage off in priority order; refuses liens the signers did not accept and a price below the payoff", async function () {
    const city = await networkHelpers.loadFixture(landFixture);
    const { landRegistry, landLiens, token, accounts, ids, soleParcel } = city;
    const { alice, bob, erin, landRegistrar } = accounts;
    const unencumbered = await termsFor(city, soleParcel, ids.bob);
    const [oa, ob] = await sign(city, unencumbered, [
      [alice, ids.alice],
      [bob, ids.bob],
    ]);
    const loan = PRICE / 4n;
    await landLiens
      .connect(erin)
      .proposeLien(soleParcel, LienKind.Mortgage, loan, doc("mortgage"), unencumbered.deadline);
    await landLiens.connect(alice).approve((await landLiens.lien(1n)).consentId);
    const s = landRegistry.connect(landRegistrar);
    await token.connect(bob).approve(await landRegistry.getAddress(), PRICE);
    // Signed before the lien: dead (stale revision), and the parcel is encumbered for "no liens" terms.
    await expect(s.settleSigned(unencumbered, [oa], ob, NO_PERMIT)).to.be.revertedWithCustomError(
      landRegistry,
      "LandRevisionStale",
    );
    const noLiens = { ...(await termsFor(city, soleParcel, ids.bob)), liens: ZeroHash };
    const [na, nb] = await sign(city, noLiens, [
      [alice, ids.alice],
      [bob, ids.bob],
    ]);
    await expect(s.settleSigned(noLiens, [na], nb, NO_PERMIT))
      .to.be.revertedWithCustomError(landRegistry, "LandParcelEncumbered")
      .withArgs(soleParcel, 1n);
    const wrong = { ...noLiens, liens: ethers.id("other liens") };
    const [wa, wb] = await sign(city, wrong, [
      [alice, ids.alice],
      [bob, ids.bob],
    ]);
    await expect(s.settleSigned(wrong, [wa], wb, NO_PERMIT)).to.be.revertedWithCustomError(
      landRegistry,
      "SettlementLiensNotAccepted",
    );
    const cheap = await termsFor(city, soleParcel, ids.bob, loan - 1n);
    const [ca, cb] = await sign(city, cheap, [
      [alice, ids.alice],
      [bob, ids.bob],
    ]);
    await expect(s.settleSigned(cheap, [ca], cb, NO_PERMIT))
      .to.be.revertedWithCustomError(landRegistry, "SettlementPriceBelowPayoff")
      .withArgs(loan - 1n, loan);
    const terms = await termsFor(city, soleParcel, ids.bob);
    const [a, b] = await sign(city, terms, [
      [alice, ids.alice],
      [bob, ids.bob],
    ]);
    await expect(s.settleSigned(terms, [a], b, NO_PERMIT)).to.changeTokenBalances(
      ethers,
      token,
      [bob, erin, alice],
      [-PRICE, loan, PRICE - loan],
    );
    expect(await landRegistry.activeLienCount(soleParcel)).to.equal(0n);
    expect(await landRegistry.ownerOf(soleParcel)).to.equal(bob.address);
  });

  it("a key recovery between signing and settlement kills the old key's signature; the new key signs again", async function () {
    const city = await networkHelpers.loadFixture(landFixture);
    const { identity, landRegistry, token, accounts, ids, soleParcel } = city;
    const { alice, bob, carol, landRegistrar } = accounts;
    const newWallet = (await ethers.getSigners())[15];
    await token.connect(bob).approve(await landRegistry.getAddress(), PRICE);
    const terms = await termsFor(city, soleParcel, ids.bob, PRICE, 30n * DAY);
    await identity.connect(alice).appointGuardians(ids.alice, [ids.bob, ids.carol, ids.dave], 2);
    await networkHelpers.time.increase(await identity.recoveryDelay());
    const [old, b] = await sign(city, terms, [
      [alice, ids.alice],
      [bob, ids.bob],
    ]);
    await identity.connect(bob).initiateRecovery(ids.alice, newWallet.address);
    await identity.connect(carol).approveRecovery(1n);
    await networkHelpers.time.increase((await identity.recoveryDelay()) + 1n);
    await identity.connect(bob).executeRecovery(1n);
    const fresh = { ...terms, deadline: await inFuture(connection, DAY) }; // new terms, same revision
    const [oldKey, newKey, buyer] = await sign(city, fresh, [
      [alice, ids.alice],
      [newWallet, ids.alice],
      [bob, ids.bob],
    ]);
    await expect(landRegistry.connect(landRegistrar).settleSigned(terms, [old], b, NO_PERMIT))
      .to.be.revertedWithCustomError(landRegistry, "SettlementSignatureInvalid")
      .withArgs(ids.alice, newWallet.address);
    await expect(
      landRegistry.connect(landRegistrar).settleSigned(fresh, [oldKey], buyer, NO_PERMIT),
    ).to.be.revertedWithCustomError(landRegistry, "SettlementSignatureInvalid");
    await expect(
      landRegistry.connect(landRegistrar).settleSigned(fresh, [newKey], buyer, NO_PERMIT),
    ).to.changeTokenBalance(ethers, token, newWallet, PRICE);
    expect(await landRegistry.ownerOf(soleParcel)).to.equal(bob.address);
  });

  it("accepts an ERC-1271 co-owner's signature and pays its wallet", async function () {
    const city = await networkHelpers.loadFixture(landFixture);
    const { identity, landRegistry, token, accounts, ids } = city;
    const { registrar, landRegistrar, erin, bob } = accounts;
    const wallet = await ethers.deployContract("ERC1271Wallet", [erin.address]);
    const walletAddress = await wallet.getAddress();
    const now = BigInt(await networkHelpers.time.latest());
    await identity
      .connect(registrar)
      .register(2, 3, ethers.id("company 7"), ethers.id("record 7"), now + 365n * DAY, walletAddress);
    const companyId = await identity.identityOf(walletAddress);
    await landRegistry.connect(landRegistrar).registerParcel(parcelSpec("LOT-0077", 500n), [
      { identityId: companyId, bps: 5_000n },
      { identityId: ids.alice, bps: 5_000n },
    ]);
    const terms = await termsFor(city, 3n, ids.bob);
    const [company, alice, buyer, wrongKey] = await sign(city, terms, [
      [erin, companyId], // the contract wallet accepts its owner's key (ERC-1271)
      [accounts.alice, ids.alice],
      [bob, ids.bob],
      [bob, companyId],
    ]);
    await token.connect(bob).approve(await landRegistry.getAddress(), PRICE);
    await expect(landRegistry.connect(landRegistrar).settleSigned(terms, [wrongKey, alice], buyer, NO_PERMIT))
      .to.be.revertedWithCustomError(landRegistry, "SettlementSignatureInvalid")
      .withArgs(companyId, walletAddress);
    await expect(
      landRegistry.connect(landRegistrar).settleSigned(terms, [company, alice], buyer, NO_PERMIT),
    ).to.changeTokenBalance(ethers, token, walletAddress, PRICE / 2n);
  });

  it("refuses a buyer who already co-owns the parcel and a parcel held by an open deed", async function () {
    const city = await networkHelpers.loadFixture(landFixture);
    const { landRegistry, landDeeds, accounts, ids, sharedParcel, soleParcel } = city;
    const { alice, dave, landRegistrar } = accounts;
    const terms = await termsFor(city, sharedParcel, ids.alice);
    const sigs = await sign(city, terms, [
      [alice, ids.alice],
      [dave, ids.dave],
    ]);
    await expect(landRegistry.connect(landRegistrar).settleSigned(terms, sigs, sigs[0], NO_PERMIT))
      .to.be.revertedWithCustomError(landRegistry, "SettlementBuyerIsOwner")
      .withArgs(ids.alice);
    await landDeeds.connect(alice).openDeed(soleParcel, ids.bob, PRICE, await inFuture(connection, DAY));
    const locked = await termsFor(city, soleParcel, ids.bob);
    const [a, b] = await sign(city, locked, [
      [alice, ids.alice],
      [accounts.bob, ids.bob],
    ]);
    await expect(landRegistry.connect(landRegistrar).settleSigned(locked, [a], b, NO_PERMIT))
      .to.be.revertedWithCustomError(landRegistry, "LandParcelLocked")
      .withArgs(soleParcel, 1n);
  });

  it("refuses a seller whose identity is suspended, though the register reads its title's holder by status", async function () {
    const city = await networkHelpers.loadFixture(landFixture);
    const { identity, landRegistry, accounts, ids, soleParcel } = city;
    const { alice, bob, landRegistrar, registrar } = accounts;
    const terms = await termsFor(city, soleParcel, ids.bob);
    const [a, b] = await sign(city, terms, [
      [alice, ids.alice],
      [bob, ids.bob],
    ]);
    await identity.connect(registrar).suspend(ids.alice, ethers.id("check"));
    await expect(landRegistry.connect(landRegistrar).settleSigned(terms, [a], b, await permitFor(city, bob, terms)))
      .to.be.revertedWithCustomError(landRegistry, "SettlementPartyNotVerified")
      .withArgs(ids.alice);
    expect(await landRegistry.ownerOf(soleParcel)).to.equal(alice.address); // state untouched
  });

  it("refuses signatures made for another EIP-712 domain (the former settlement proxy's, or version 1)", async function () {
    const city = await networkHelpers.loadFixture(landFixture);
    const { landRegistry, token, accounts, ids, soleParcel } = city;
    const { alice, bob, landRegistrar } = accounts;
    const terms = await termsFor(city, soleParcel, ids.bob);
    const { chainId } = await ethers.provider.getNetwork();
    const registry = await landRegistry.getAddress();
    const formerProxy = ethers.getCreateAddress({ from: registry, nonce: 7 }); // any other verifying contract
    const domains = [
      { name: "citychain LandSettlement", version: "1", chainId, verifyingContract: formerProxy },
      { name: "citychain LandSettlement", version: "1", chainId, verifyingContract: registry },
      { name: "citychain LandSettlement", version: "2", chainId, verifyingContract: formerProxy },
    ];
    await token.connect(bob).approve(registry, PRICE);
    const buyer = await signDeedTerms(bob, landRegistry, terms, ids.bob);
    for (const domain of domains) {
      const old = await alice.signTypedData(domain, DEED_TERMS_TYPES, { party: ids.alice, ...terms });
      await expect(landRegistry.connect(landRegistrar).settleSigned(terms, [old], buyer, NO_PERMIT))
        .to.be.revertedWithCustomError(landRegistry, "SettlementSignatureInvalid")
        .withArgs(ids.alice, alice.address);
    }
    const seller = await signDeedTerms(alice, landRegistry, terms, ids.alice);
    await landRegistry.connect(landRegistrar).settleSigned(terms, [seller], buyer, NO_PERMIT);
    expect(await landRegistry.ownerOf(soleParcel)).to.equal(bob.address);
  });

  it("the module refuses a direct call; the register's module and lien links are set once", async function () {
    const city = await networkHelpers.loadFixture(landFixture);
    const { landRegistry, landLiens, token, identity, accounts, ids, soleParcel } = city;
    const { alice, bob, landRegistrar, admin } = accounts;
    const [moduleAddress, liens] = await landRegistry.settlement();
    expect(liens).to.equal(await landLiens.getAddress());
    const module = await ethers.getContractAt("LandSettlementModule", moduleAddress);
    expect([...(await module.links())]).to.deep.equal([await identity.getAddress(), await token.getAddress()]);
    const terms = await termsFor(city, soleParcel, ids.bob);
    const [a, b] = await sign(city, terms, [
      [alice, ids.alice],
      [bob, ids.bob],
    ]);
    await expect(module.connect(landRegistrar).settleSigned(terms, [a], b, NO_PERMIT)).to.be.revertedWithCustomError(
      module,
      "SettlementModuleDirectCall",
    );
    await expect(landRegistry.connect(admin).linkSaleLiens(await token.getAddress()))
      .to.be.revertedWithCustomError(landRegistry, "LandSaleLiensLinkInvalid")
      .withArgs(liens, await token.getAddress());
    expect(await landRegistry.ownerOf(soleParcel)).to.equal(alice.address); // state untouched
  });

  it("refuses accepted liens while the register has no lien register linked (a register deployed without the link)", async function () {
    const city = await networkHelpers.loadFixture(landFixture);
    const { manager, identity, landRegistry, token, accounts, ids } = city;
    const { alice, bob, admin } = accounts;
    const [module] = await landRegistry.settlement();
    const fresh = await deployBehindProxy<LandRegistry>(
      connection,
      "LandRegistry",
      [await manager.getAddress(), await identity.getAddress(), "y/"],
      [module],
    );
    const register = fresh.connect(admin); // its functions are not wired: ADMIN holds them all
    await register.registerParcel(parcelSpec("LOT-Y", 10n), [{ identityId: ids.alice, bps: 10_000 }]);
    const terms = {
      parcelId: 1n,
      buyerId: ids.bob,
      price: PRICE,
      liens: ethers.id("a lien"),
      revision: await register.revisionCount(1n),
      deadline: await inFuture(connection, DAY),
    };
    const [a, b] = await Promise.all([
      signDeedTerms(alice, fresh, terms, ids.alice),
      signDeedTerms(bob, fresh, terms, ids.bob),
    ]);
    await token.connect(bob).approve(await fresh.getAddress(), PRICE);
    await expect(register.settleSigned(terms, [a], b, NO_PERMIT)).to.be.revertedWithCustomError(
      fresh,
      "SettlementLiensUnlinked",
    );
    await expect(register.linkSaleLiens(ethers.ZeroAddress))
      .to.be.revertedWithCustomError(fresh, "LandSaleLiensLinkInvalid")
      .withArgs(ethers.ZeroAddress, ethers.ZeroAddress);
  });
});
