import { expect } from "chai";
import { encodeBytes32String, id } from "ethers";

import { documentCommitment } from "../../src/documents.js";
import { checkLandHistory, LandRevision, nextLandHistoryHead, parcelSpec } from "../../src/land.js";
import { Roles } from "../../src/roles.js";
import { deployLandCity, historyOf } from "./fixtures.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

async function landFixture() {
  return deployLandCity(connection);
}

const { REGISTERED, FROZEN, UNFROZEN, SUBDIVIDED, CREATED_BY_SUBDIVISION, MERGED, CREATED_BY_MERGER } = LandRevision;

describe("LandRegistry", function () {
  describe("registration", function () {
    it("registers a parcel with its owners, documents, history and an ERC-721 title", async function () {
      const { landRegistry, accounts, ids } = await networkHelpers.loadFixture(landFixture);
      const s = parcelSpec("LOT-0003", 500n);
      const owners = [{ identityId: ids.bob, bps: 10_000 }];
      await expect(landRegistry.connect(accounts.landRegistrar).registerParcel(s, owners))
        .to.emit(landRegistry, "ParcelRegistered")
        .withArgs(3n, s.cadastralId, 500n, documentCommitment(s.survey), documentCommitment(s.deedDocuments), [
          [ids.bob, 10_000n],
        ])
        .and.to.emit(landRegistry, "Transfer")
        .withArgs(ethers.ZeroAddress, accounts.bob.address, 3n)
        .and.to.emit(landRegistry, "DocumentAnchored");
      const parcel = await landRegistry.parcel(3n);
      expect(parcel.areaM2).to.equal(500n);
      expect(parcel.status).to.equal(1n);
      expect(parcel.documents).to.equal(
        ethers.keccak256(
          ethers.AbiCoder.defaultAbiCoder().encode(
            ["bytes32", "bytes32"],
            [documentCommitment(s.survey), documentCommitment(s.deedDocuments)],
          ),
        ),
      );
      expect(await landRegistry.parcelOfCadastralId(s.cadastralId)).to.equal(3n);
      expect(await landRegistry.ownerOf(3n)).to.equal(accounts.bob.address);
      expect(await landRegistry.balanceOf(accounts.bob.address)).to.equal(1n);
      expect(await landRegistry.titleCountOf(ids.bob)).to.equal(1n);
      const [entry] = await historyOf(connection, landRegistry, 3n);
      expect(entry.kind).to.equal(REGISTERED);
    });

    it("holds a co-owned title in trust and lists the co-owners' shares", async function () {
      const { landRegistry, ids, sharedParcel } = await networkHelpers.loadFixture(landFixture);
      const registry = await landRegistry.getAddress();
      expect(await landRegistry.ownerOf(sharedParcel)).to.equal(registry);
      expect(await landRegistry.balanceOf(registry)).to.equal(1n);
      const owners = await landRegistry.ownersOf(sharedParcel);
      expect(owners.map((o) => [o.identityId, o.bps])).to.deep.equal([
        [ids.alice, 6_000n],
        [ids.dave, 4_000n],
      ]);
      // isActiveOwner: any share of a live title; nobody owns an unknown parcel.
      expect(await landRegistry.isActiveOwner(sharedParcel, ids.alice)).to.equal(true);
      expect(await landRegistry.isActiveOwner(sharedParcel, ids.dave)).to.equal(true);
      expect(await landRegistry.isActiveOwner(sharedParcel, ids.bob)).to.equal(false);
      expect(await landRegistry.isActiveOwner(999n, ids.alice)).to.equal(false);
    });

    it("rejects bad registrations, leaving no parcel behind", async function () {
      const { landRegistry, accounts, ids, identity } = await networkHelpers.loadFixture(landFixture);
      const registrar = landRegistry.connect(accounts.landRegistrar);
      const bob = (bps: number) => ({ identityId: ids.bob, bps });
      await expect(registrar.registerParcel(parcelSpec("LOT-0001", 10n), [bob(10_000)]))
        .to.be.revertedWithCustomError(landRegistry, "LandDuplicateCadastralId")
        .withArgs(encodeBytes32String("LOT-0001"), 1n);
      await expect(
        registrar.registerParcel({ ...parcelSpec("X", 10n), cadastralId: ethers.ZeroHash }, [bob(10_000)]),
      ).to.be.revertedWithCustomError(landRegistry, "LandCadastralIdEmpty");
      await expect(registrar.registerParcel(parcelSpec("X", 0n), [bob(10_000)])).to.be.revertedWithCustomError(
        landRegistry,
        "LandAreaZero",
      );
      await expect(registrar.registerParcel(parcelSpec("X", 10n), [bob(6_000), { identityId: ids.dave, bps: 3_000 }]))
        .to.be.revertedWithCustomError(landRegistry, "LandSharesInvalid")
        .withArgs(9_000n);
      await expect(registrar.registerParcel(parcelSpec("X", 10n), [bob(0), { identityId: ids.dave, bps: 10_000 }]))
        .to.be.revertedWithCustomError(landRegistry, "LandShareZero")
        .withArgs(ids.bob);
      await expect(registrar.registerParcel(parcelSpec("X", 10n), [bob(5_000), bob(5_000)]))
        .to.be.revertedWithCustomError(landRegistry, "LandDuplicateOwner")
        .withArgs(ids.bob);
      await expect(registrar.registerParcel(parcelSpec("X", 10n), []))
        .to.be.revertedWithCustomError(landRegistry, "LandOwnerCountInvalid")
        .withArgs(0n, 16n);
      const seventeen = Array.from({ length: 17 }, (_, i) => ({ identityId: BigInt(i + 1), bps: 1 }));
      await expect(registrar.registerParcel(parcelSpec("X", 10n), seventeen))
        .to.be.revertedWithCustomError(landRegistry, "LandOwnerCountInvalid")
        .withArgs(17n, 16n);
      await expect(registrar.registerParcel(parcelSpec("X", 10n), [{ identityId: 999n, bps: 10_000 }]))
        .to.be.revertedWithCustomError(landRegistry, "LandOwnerNotVerified")
        .withArgs(999n);
      // The city raises the land service's minimum level to 2: carol (level 1) can no longer own land.
      await identity.connect(accounts.admin).setServiceMinLevel(encodeBytes32String("land"), 2);
      await expect(registrar.registerParcel(parcelSpec("X", 10n), [{ identityId: ids.carol, bps: 10_000 }]))
        .to.be.revertedWithCustomError(landRegistry, "LandOwnerNotVerified")
        .withArgs(ids.carol);
      expect(await landRegistry.parcelOfCadastralId(encodeBytes32String("X"))).to.equal(0n);
      expect((await landRegistry.parcel(3n)).status).to.equal(0n);
    });
  });

  describe("ERC-721 face", function () {
    it("answers every ERC-721 view, supports ERC-165 and refuses transfers and approvals", async function () {
      const { landRegistry, accounts, soleParcel } = await networkHelpers.loadFixture(landFixture);
      const { alice, bob } = accounts;
      expect(await landRegistry.name()).to.equal("City Land Title");
      expect(await landRegistry.symbol()).to.equal("TITLE");
      expect(await landRegistry.tokenURI(soleParcel)).to.equal("citychain:land/title/1");
      expect(await landRegistry.getApproved(soleParcel)).to.equal(ethers.ZeroAddress);
      expect(await landRegistry.isApprovedForAll(alice.address, bob.address)).to.equal(false);
      expect(await landRegistry.supportsInterface("0x80ac58cd")).to.equal(true); // IERC721
      expect(await landRegistry.supportsInterface("0x5b5e139f")).to.equal(true); // IERC721Metadata
      expect(await landRegistry.supportsInterface("0x01ffc9a7")).to.equal(true); // IERC165
      expect(await landRegistry.supportsInterface("0xffffffff")).to.equal(false);
      await expect(landRegistry.balanceOf(ethers.ZeroAddress))
        .to.be.revertedWithCustomError(landRegistry, "ERC721InvalidOwner")
        .withArgs(ethers.ZeroAddress);
      expect(await landRegistry.balanceOf(accounts.mallory.address)).to.equal(0n);
      await expect(landRegistry.ownerOf(99n))
        .to.be.revertedWithCustomError(landRegistry, "ERC721NonexistentToken")
        .withArgs(99n);
      await expect(landRegistry.tokenURI(99n)).to.be.revertedWithCustomError(landRegistry, "ERC721NonexistentToken");
      await expect(landRegistry.getApproved(99n)).to.be.revertedWithCustomError(landRegistry, "ERC721NonexistentToken");

      const attempts = [
        landRegistry.connect(alice).transferFrom(alice.address, bob.address, soleParcel),
        landRegistry
          .connect(alice)
          ["safeTransferFrom(address,address,uint256)"](alice.address, bob.address, soleParcel),
        landRegistry
          .connect(alice)
          ["safeTransferFrom(address,address,uint256,bytes)"](alice.address, bob.address, soleParcel, "0x"),
        landRegistry.connect(alice).approve(bob.address, soleParcel),
      ];
      for (const attempt of attempts) {
        await expect(attempt)
          .to.be.revertedWithCustomError(landRegistry, "LandTransferRequiresDeed")
          .withArgs(soleParcel);
      }
      await expect(landRegistry.connect(alice).setApprovalForAll(bob.address, true))
        .to.be.revertedWithCustomError(landRegistry, "LandTransferRequiresDeed")
        .withArgs(0n);
      expect(await landRegistry.ownerOf(soleParcel)).to.equal(alice.address);
    });
  });

  describe("court freezes", function () {
    it("lets a court freeze and unfreeze a parcel with a reason, each a revision", async function () {
      const { landRegistry, accounts, soleParcel } = await networkHelpers.loadFixture(landFixture);
      const court = landRegistry.connect(accounts.court);
      const reason = id("case 2026/117: boundary dispute");
      await expect(court.freeze(soleParcel, reason)).to.emit(landRegistry, "ParcelFrozen").withArgs(soleParcel, reason);
      expect((await landRegistry.parcel(soleParcel)).frozen).to.equal(true);
      await expect(court.freeze(soleParcel, reason))
        .to.be.revertedWithCustomError(landRegistry, "LandParcelFrozen")
        .withArgs(soleParcel);
      await expect(court.unfreeze(soleParcel, reason)).to.emit(landRegistry, "ParcelUnfrozen");
      await expect(court.unfreeze(soleParcel, reason))
        .to.be.revertedWithCustomError(landRegistry, "LandParcelNotFrozen")
        .withArgs(soleParcel);
      const kinds = (await historyOf(connection, landRegistry, soleParcel)).map((e) => e.kind);
      expect(kinds).to.deep.equal([REGISTERED, FROZEN, UNFROZEN]);
      await expect(court.freeze(42n, reason))
        .to.be.revertedWithCustomError(landRegistry, "LandParcelUnknown")
        .withArgs(42n);
    });
  });

  describe("subdivision and merger", function () {
    it("subdivides: children inherit owners and record their parent; the parent is retired, not deleted", async function () {
      const { landRegistry, accounts, ids, sharedParcel } = await networkHelpers.loadFixture(landFixture);
      const registrar = landRegistry.connect(accounts.landRegistrar);
      const children = [parcelSpec("LOT-0002-A", 1_000n), parcelSpec("LOT-0002-B", 1_400n)];
      await expect(registrar.subdivide(sharedParcel, children))
        .to.emit(landRegistry, "ParcelSubdivided")
        .withArgs(sharedParcel, [3n, 4n])
        .and.to.emit(landRegistry, "Transfer")
        .withArgs(await landRegistry.getAddress(), ethers.ZeroAddress, sharedParcel);
      expect((await landRegistry.parcel(sharedParcel)).status).to.equal(2n); // Retired
      expect(await landRegistry.childrenOf(sharedParcel)).to.deep.equal([3n, 4n]);
      expect(await landRegistry.parentsOf(4n)).to.deep.equal([sharedParcel]);
      expect((await landRegistry.ownersOf(4n)).map((o) => o.identityId)).to.deep.equal([ids.alice, ids.dave]);
      expect(await landRegistry.isActiveOwner(sharedParcel, ids.alice)).to.equal(false); // retired: no live owner
      expect(await landRegistry.isActiveOwner(4n, ids.alice)).to.equal(true);
      await expect(landRegistry.ownerOf(sharedParcel)).to.be.revertedWithCustomError(
        landRegistry,
        "ERC721NonexistentToken",
      );
      const parentHistory = await historyOf(connection, landRegistry, sharedParcel);
      expect(parentHistory.map((e) => e.kind)).to.deep.equal([REGISTERED, SUBDIVIDED]);
      const [childEntry] = await historyOf(connection, landRegistry, 3n);
      expect([childEntry.kind, childEntry.ref]).to.deep.equal([CREATED_BY_SUBDIVISION, sharedParcel]);
      await expect(registrar.subdivide(sharedParcel, children))
        .to.be.revertedWithCustomError(landRegistry, "LandParcelRetired")
        .withArgs(sharedParcel);
    });

    it("rejects a subdivision whose areas do not add up, or with too few children", async function () {
      const { landRegistry, accounts, soleParcel } = await networkHelpers.loadFixture(landFixture);
      const registrar = landRegistry.connect(accounts.landRegistrar);
      await expect(registrar.subdivide(soleParcel, [parcelSpec("A", 400n), parcelSpec("B", 500n)]))
        .to.be.revertedWithCustomError(landRegistry, "LandAreaMismatch")
        .withArgs(1_000n, 900n);
      await expect(registrar.subdivide(soleParcel, [parcelSpec("A", 1_000n)]))
        .to.be.revertedWithCustomError(landRegistry, "LandLineageSizeInvalid")
        .withArgs(1n, 16n);
      await expect(registrar.subdivide(soleParcel, [parcelSpec("A", 500n), parcelSpec("LOT-0002", 500n)]))
        .to.be.revertedWithCustomError(landRegistry, "LandDuplicateCadastralId")
        .withArgs(encodeBytes32String("LOT-0002"), 2n);
      expect((await landRegistry.parcel(soleParcel)).status).to.equal(1n);
    });

    it("refuses to subdivide a frozen parcel", async function () {
      const { landRegistry, accounts, soleParcel } = await networkHelpers.loadFixture(landFixture);
      await landRegistry.connect(accounts.court).freeze(soleParcel, id("order"));
      await expect(
        landRegistry
          .connect(accounts.landRegistrar)
          .subdivide(soleParcel, [parcelSpec("A", 500n), parcelSpec("B", 500n)]),
      )
        .to.be.revertedWithCustomError(landRegistry, "LandParcelFrozen")
        .withArgs(soleParcel);
    });

    it("merges parcels with the same owners into one whose area is their sum", async function () {
      const { landRegistry, accounts, ids } = await networkHelpers.loadFixture(landFixture);
      const registrar = landRegistry.connect(accounts.landRegistrar);
      await registrar.registerParcel(parcelSpec("LOT-0003", 300n), [{ identityId: ids.alice, bps: 10_000 }]);
      await expect(registrar.merge([1n, 3n], parcelSpec("LOT-0013", 1_300n)))
        .to.emit(landRegistry, "ParcelsMerged")
        .withArgs([1n, 3n], 4n);
      expect(await landRegistry.parentsOf(4n)).to.deep.equal([1n, 3n]);
      expect(await landRegistry.childrenOf(3n)).to.deep.equal([4n]);
      expect(await landRegistry.titleCountOf(ids.alice)).to.equal(1n);
      expect(await landRegistry.ownerOf(4n)).to.equal(accounts.alice.address);
      expect((await historyOf(connection, landRegistry, 1n))[1].kind).to.equal(MERGED);
      expect((await historyOf(connection, landRegistry, 4n))[0].kind).to.equal(CREATED_BY_MERGER);
    });

    it("rejects mergers of parcels with different owners, wrong areas, duplicates or one parcel", async function () {
      const { landRegistry, accounts, soleParcel, sharedParcel, ids } = await networkHelpers.loadFixture(landFixture);
      const registrar = landRegistry.connect(accounts.landRegistrar);
      await expect(registrar.merge([soleParcel, sharedParcel], parcelSpec("M", 3_400n)))
        .to.be.revertedWithCustomError(landRegistry, "LandOwnershipDiffers")
        .withArgs(soleParcel, sharedParcel);
      await registrar.registerParcel(parcelSpec("LOT-0004", 100n), [{ identityId: ids.bob, bps: 10_000 }]);
      await expect(registrar.merge([soleParcel, 3n], parcelSpec("M", 1_100n)))
        .to.be.revertedWithCustomError(landRegistry, "LandOwnershipDiffers")
        .withArgs(soleParcel, 3n);
      await registrar.registerParcel(parcelSpec("LOT-0003", 300n), [{ identityId: ids.alice, bps: 10_000 }]);
      await expect(registrar.merge([soleParcel, 4n], parcelSpec("M", 1_000n)))
        .to.be.revertedWithCustomError(landRegistry, "LandAreaMismatch")
        .withArgs(1_300n, 1_000n);
      await expect(registrar.merge([soleParcel, soleParcel], parcelSpec("M", 2_000n)))
        .to.be.revertedWithCustomError(landRegistry, "LandDuplicateParcel")
        .withArgs(soleParcel);
      await expect(registrar.merge([soleParcel], parcelSpec("M", 1_000n)))
        .to.be.revertedWithCustomError(landRegistry, "LandLineageSizeInvalid")
        .withArgs(1n, 16n);
    });
  });

  describe("land modules", function () {
    it("refuses to unlock or convey a parcel for a deed that does not hold its lock", async function () {
      const { landRegistry, manager, accounts, ids, soleParcel } = await networkHelpers.loadFixture(landFixture);
      // A module (here a test account granted LAND_MODULE) can only act on the deed that holds the lock.
      await manager.connect(accounts.admin).grantRole(Roles.LAND_MODULE, accounts.mallory.address, 0);
      const module = landRegistry.connect(accounts.mallory);
      await expect(module.unlock(soleParcel, 1n))
        .to.be.revertedWithCustomError(landRegistry, "LandParcelNotLockedBy")
        .withArgs(soleParcel, 1n);
      await module.lockForDeed(soleParcel, 7n);
      await expect(module.lockForDeed(soleParcel, 8n))
        .to.be.revertedWithCustomError(landRegistry, "LandParcelLocked")
        .withArgs(soleParcel, 7n);
      await expect(module.conveyTitle(soleParcel, 8n, ids.bob))
        .to.be.revertedWithCustomError(landRegistry, "LandParcelNotLockedBy")
        .withArgs(soleParcel, 8n);
      await expect(module.unlock(soleParcel, 0n))
        .to.be.revertedWithCustomError(landRegistry, "LandParcelNotLockedBy")
        .withArgs(soleParcel, 0n);
      await expect(module.unlock(soleParcel, 7n)).to.emit(landRegistry, "ParcelUnlocked").withArgs(soleParcel, 7n);
    });
  });

  describe("chain of title", function () {
    it("keeps the full history in events, anchored by the on-chain hash-chained head", async function () {
      const { landRegistry, accounts, soleParcel } = await networkHelpers.loadFixture(landFixture);
      const court = landRegistry.connect(accounts.court);
      for (let i = 0; i < 6; i++) {
        await court.freeze(soleParcel, id(`case ${i}`));
        await court.unfreeze(soleParcel, id(`case ${i}`));
      }
      expect(await landRegistry.revisionCount(soleParcel)).to.equal(13n);
      const entries = await historyOf(connection, landRegistry, soleParcel);
      // Revision 1 is the registration; even revisions are freezes, odd ones (from 3) unfreezes.
      expect(entries.map((e) => e.kind)).to.deep.equal([REGISTERED, ...Array(6).fill([FROZEN, UNFROZEN]).flat()]);
      expect(entries.map((e) => e.actor)).to.deep.equal([
        accounts.landRegistrar.address,
        ...Array(12).fill(accounts.court.address),
      ]);
      const [revision, head] = await landRegistry.historyHead(soleParcel);
      expect(revision).to.equal(13n);
      expect(head).to.equal(entries.reduce((h, e) => nextLandHistoryHead(h, e), ethers.ZeroHash));
      expect(await landRegistry.historyHead(42n)).to.deep.equal([0n, ethers.ZeroHash]); // unknown parcel
    });

    it("detects a missing, forged, altered or reordered event", async function () {
      const { landRegistry, accounts, soleParcel } = await networkHelpers.loadFixture(landFixture);
      await landRegistry.connect(accounts.court).freeze(soleParcel, id("case"));
      await landRegistry.connect(accounts.court).unfreeze(soleParcel, id("case"));
      const entries = await historyOf(connection, landRegistry, soleParcel);
      const [revision, head] = await landRegistry.historyHead(soleParcel);
      expect(() => checkLandHistory(entries, revision, head)).to.not.throw();
      const forgeries = {
        missing: [entries[0], { ...entries[2], revision: 2n }],
        missingLast: entries.slice(0, 2),
        gap: [entries[0], entries[2]],
        extra: [...entries, { ...entries[2], revision: 4n }],
        kind: [entries[0], { ...entries[1], kind: UNFROZEN }, entries[2]],
        ref: [entries[0], { ...entries[1], ref: 1n }, entries[2]],
        actor: [entries[0], { ...entries[1], actor: accounts.landRegistrar.address }, entries[2]],
        timestamp: [entries[0], { ...entries[1], timestamp: entries[1].timestamp + 1n }, entries[2]],
        reordered: [entries[0], { ...entries[2], revision: 2n }, { ...entries[1], revision: 3n }],
      };
      for (const [name, forged] of Object.entries(forgeries)) {
        expect(() => checkLandHistory(forged, revision, head), name).to.throw(/land history/);
      }
      // A register answering for another parcel, or a log source that dropped an event, fails the verifier too.
      const lying = { getAddress: () => landRegistry.getAddress(), historyHead: () => landRegistry.historyHead(2n) };
      const failure = await historyOf(connection, lying, soleParcel).then(
        () => "verified",
        (error: Error) => error.message,
      );
      expect(failure).to.match(/^land history: 3 revisions found, the register counts 1$/);
    });
  });

  it("keeps a document reference checkable against the anchored commitment", async function () {
    const { landRegistry } = await networkHelpers.loadFixture(landFixture);
    const events = await landRegistry.queryFilter(
      landRegistry.filters.DocumentAnchored(ethers.zeroPadValue("0x01", 32)),
    );
    expect(events.map((e) => e.args.commitment)).to.deep.equal([
      documentCommitment(parcelSpec("LOT-0001", 1_000n).survey),
      documentCommitment(parcelSpec("LOT-0001", 1_000n).deedDocuments),
    ]);
  });
});
