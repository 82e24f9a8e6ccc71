import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import { expect } from "chai";
import { encodeBytes32String, ZeroAddress, ZeroHash } from "ethers";

import { AssuranceLevel, IdentityChange, IdentityKind, IdentityStatus } from "../../src/identity.js";
import { serviceId } from "../../src/services.js";
import { deployBehindProxy } from "../../src/proxy.js";
import { shouldRejectUnauthorized } from "../shared/unauthorized.js";
import {
  deployIdentityCity,
  reason,
  recordOf,
  registeredId,
  registerResident,
  subjectOf,
  YEAR,
  type IdentityCity,
} from "./helpers.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

async function identityFixture(): Promise<IdentityCity> {
  return deployIdentityCity(connection);
}

/** Everything a rejected call must leave untouched, for one identity and the global indexes. */
async function snapshot(city: IdentityCity, id: bigint, wallet: string, subject: string) {
  const record = await city.identity.identity(id);
  return {
    record: [...record],
    count: await city.identity.identityCount(),
    walletId: await city.identity.identityOf(wallet),
    subjectId: await city.identity.identityOfSubject(subject),
  };
}

describe("IdentityRegistry: registration and lifecycle", function () {
  describe("register", function () {
    it("registers an identity with a stable id, its record, both indexes and revision 1", async function () {
      const city = await networkHelpers.loadFixture(identityFixture);
      const { registrar, mallory } = city.accounts;
      const subject = subjectOf("M-999");
      const record = recordOf("M-999");
      const validUntil = city.validUntil;
      const tx = city.identity
        .connect(registrar)
        .register(IdentityKind.Business, AssuranceLevel.ONE_TIME_CODE, subject, record, validUntil, mallory.address);
      await expect(tx)
        .to.emit(city.identity, "IdentityRegistered")
        .withArgs(6n, subject, mallory.address, AssuranceLevel.ONE_TIME_CODE, validUntil, record, registrar.address);
      // The registration event is revision 1 of the record: no separate RecordRevised is emitted for it.
      await expect(tx).not.to.emit(city.identity, "RecordRevised");

      const stored = await city.identity.identity(6n);
      expect(stored.wallet).to.equal(mallory.address);
      expect(stored.validUntil).to.equal(validUntil);
      expect(stored.kind).to.equal(IdentityKind.Business);
      expect(stored.level).to.equal(AssuranceLevel.ONE_TIME_CODE);
      expect(stored.status).to.equal(IdentityStatus.Active);
      expect(stored.revision).to.equal(1n);
      expect(stored.recordCommitment).to.equal(record);
      expect(await city.identity.identityOf(mallory.address)).to.equal(6n);
      expect(await city.identity.walletOf(6n)).to.equal(mallory.address);
      expect(await city.identity.identityOfSubject(subject)).to.equal(6n);
      expect(await city.identity.identityCount()).to.equal(6n);
      expect(await city.identity.predecessorOf(6n)).to.equal(0n);
      expect(await city.identity.deviceOwnerOf(6n)).to.equal(0n);
    });

    it("returns the new id to a calling contract (static call)", async function () {
      const city = await networkHelpers.loadFixture(identityFixture);
      const id = await city.identity
        .connect(city.accounts.registrar)
        .register.staticCall(
          IdentityKind.Official,
          AssuranceLevel.BIOMETRIC,
          subjectOf("O-1"),
          recordOf("O-1"),
          city.validUntil,
          city.accounts.mallory.address,
        );
      expect(id).to.equal(6n);
    });

    it("registers residents, businesses and officials, but never a device or kind None through register", async function () {
      const city = await networkHelpers.loadFixture(identityFixture);
      const { registrar, mallory } = city.accounts;
      for (const kind of [IdentityKind.None, IdentityKind.Device]) {
        await expect(
          city.identity
            .connect(registrar)
            .register(kind, 1, subjectOf("X"), recordOf("X"), city.validUntil, mallory.address),
        )
          .to.be.revertedWithCustomError(city.identity, "IdentityKindInvalid")
          .withArgs(kind);
      }
      const official = await registerResident(city, mallory, "OFF-1", { kind: IdentityKind.Official });
      expect((await city.identity.identity(official)).kind).to.equal(IdentityKind.Official);
    });

    it("rejects every bad input with a custom error and leaves the state untouched", async function () {
      const city = await networkHelpers.loadFixture(identityFixture);
      const { registrar, mallory, alice } = city.accounts;
      const registry = city.identity.connect(registrar);
      const subject = subjectOf("M-1");
      const record = recordOf("M-1");
      const now = BigInt(await networkHelpers.time.latest());
      const before = await snapshot(city, 1n, mallory.address, subject);

      for (const level of [0, 4, 255]) {
        await expect(registry.register(IdentityKind.Resident, level, subject, record, city.validUntil, mallory.address))
          .to.be.revertedWithCustomError(city.identity, "IdentityLevelInvalid")
          .withArgs(level);
      }
      await expect(
        registry.register(IdentityKind.Resident, 1, ZeroHash, record, city.validUntil, mallory.address),
      ).to.be.revertedWithCustomError(city.identity, "IdentitySubjectEmpty");
      await expect(
        registry.register(IdentityKind.Resident, 1, subject, ZeroHash, city.validUntil, mallory.address),
      ).to.be.revertedWithCustomError(city.identity, "IdentityRecordEmpty");
      // The next block is mined at `now + 1`, so a validity ending then is already in the past for it.
      await networkHelpers.time.setNextBlockTimestamp(now + 1n);
      await expect(registry.register(IdentityKind.Resident, 1, subject, record, now + 1n, mallory.address))
        .to.be.revertedWithCustomError(city.identity, "IdentityValidityInPast")
        .withArgs(now + 1n, now + 1n);
      await expect(
        registry.register(IdentityKind.Resident, 1, subject, record, city.validUntil, ZeroAddress),
      ).to.be.revertedWithCustomError(city.identity, "IdentityWalletZero");
      await expect(registry.register(IdentityKind.Resident, 1, subject, record, city.validUntil, alice.address))
        .to.be.revertedWithCustomError(city.identity, "IdentityWalletAlreadyBound")
        .withArgs(alice.address, city.ids.alice);

      expect(await snapshot(city, 1n, mallory.address, subject)).to.deep.equal(before);
    });
  });

  describe("one person, one identity (Sybil resistance)", function () {
    it("refuses a second identity for a subject while one exists, whatever its status short of revoked", async function () {
      const city = await networkHelpers.loadFixture(identityFixture);
      const { registrar, mallory } = city.accounts;
      const subject = subjectOf("A-001"); // alice's
      const attempt = () =>
        city.identity
          .connect(registrar)
          .register(
            IdentityKind.Resident,
            3,
            subject,
            recordOf("again"),
            city.validUntil + 10n * YEAR,
            mallory.address,
          );
      const before = await snapshot(city, city.ids.alice, mallory.address, subject);

      await expect(attempt())
        .to.be.revertedWithCustomError(city.identity, "IdentitySubjectTaken")
        .withArgs(subject, city.ids.alice);
      await city.identity.connect(registrar).suspend(city.ids.alice, reason("check"));
      await expect(attempt())
        .to.be.revertedWithCustomError(city.identity, "IdentitySubjectTaken")
        .withArgs(subject, city.ids.alice);
      await city.identity.connect(registrar).reinstate(city.ids.alice);
      await networkHelpers.time.increaseTo(city.validUntil + 1n); // expired identities still exist: renew them
      await expect(attempt())
        .to.be.revertedWithCustomError(city.identity, "IdentitySubjectTaken")
        .withArgs(subject, city.ids.alice);

      const after = await snapshot(city, city.ids.alice, mallory.address, subject);
      expect(after.count).to.equal(before.count);
      expect(after.walletId).to.equal(0n);
      expect(after.subjectId).to.equal(city.ids.alice);
    });

    it("registers a revoked subject again only as a new identity linked to the old one", async function () {
      const city = await networkHelpers.loadFixture(identityFixture);
      const { registrar, alice } = city.accounts;
      const subject = subjectOf("A-001");
      await city.identity.connect(registrar).revoke(city.ids.alice, reason("fraud-check"));
      const tx = city.identity
        .connect(registrar)
        .register(IdentityKind.Resident, 2, subject, recordOf("alice v2"), city.validUntil, alice.address);
      await expect(tx)
        .to.emit(city.identity, "IdentityRegistered")
        .withArgs(6n, subject, alice.address, 2, city.validUntil, anyValue, registrar.address);
      expect(await city.identity.predecessorOf(6n)).to.equal(city.ids.alice);
      expect(await city.identity.identityOfSubject(subject)).to.equal(6n);
      expect(await city.identity.identityOf(alice.address)).to.equal(6n);
      // The old record stays readable, revoked, with its last wallet.
      const old = await city.identity.identity(city.ids.alice);
      expect(old.status).to.equal(IdentityStatus.Revoked);
      expect(old.wallet).to.equal(alice.address);
      // And the new one is itself unique: no third identity while it lives.
      await expect(
        city.identity
          .connect(registrar)
          .register(IdentityKind.Resident, 2, subject, recordOf("v3"), city.validUntil, city.accounts.mallory.address),
      )
        .to.be.revertedWithCustomError(city.identity, "IdentitySubjectTaken")
        .withArgs(subject, 6n);
    });
  });

  describe("level, renewal and record", function () {
    it("raises and lowers the level with events and a revision each time", async function () {
      const city = await networkHelpers.loadFixture(identityFixture);
      const registry = city.identity.connect(city.accounts.registrar);
      const id = city.ids.carol;
      await expect(registry.setLevel(id, 3)).to.emit(city.identity, "IdentityLevelChanged").withArgs(id, 1, 3);
      expect(await city.identity.isVerified(city.accounts.carol.address, 3)).to.equal(true);
      await expect(registry.setLevel(id, 2))
        .to.emit(city.identity, "RecordRevised")
        .withArgs(ethers.toBeHex(id, 32), 3n, IdentityChange.LEVEL_CHANGED, 2n, city.accounts.registrar.address);
      expect(await city.identity.isVerified(city.accounts.carol.address, 3)).to.equal(false);
      expect((await city.identity.identity(id)).revision).to.equal(3n);
    });

    it("rejects a level outside 1-3, an unchanged level, an unknown or a revoked identity", async function () {
      const city = await networkHelpers.loadFixture(identityFixture);
      const registry = city.identity.connect(city.accounts.registrar);
      const before = [...(await city.identity.identity(city.ids.bob))];
      await expect(registry.setLevel(city.ids.bob, 0))
        .to.be.revertedWithCustomError(city.identity, "IdentityLevelInvalid")
        .withArgs(0);
      await expect(registry.setLevel(city.ids.bob, 4))
        .to.be.revertedWithCustomError(city.identity, "IdentityLevelInvalid")
        .withArgs(4);
      await expect(registry.setLevel(city.ids.bob, 2))
        .to.be.revertedWithCustomError(city.identity, "IdentityLevelUnchanged")
        .withArgs(city.ids.bob, 2);
      expect([...(await city.identity.identity(city.ids.bob))]).to.deep.equal(before);
      await expect(registry.setLevel(99n, 1))
        .to.be.revertedWithCustomError(city.identity, "IdentityUnknown")
        .withArgs(99n);
      await registry.revoke(city.ids.bob, reason("gone"));
      await expect(registry.setLevel(city.ids.bob, 3))
        .to.be.revertedWithCustomError(city.identity, "IdentityAlreadyRevoked")
        .withArgs(city.ids.bob);
    });

    it("renews an identity, also after it expired, and refuses a date in the past", async function () {
      const city = await networkHelpers.loadFixture(identityFixture);
      const registry = city.identity.connect(city.accounts.registrar);
      const { alice } = city.accounts;
      await networkHelpers.time.increaseTo(city.validUntil + 10n);
      expect(await city.identity.isVerified(alice.address, 1)).to.equal(false);
      const now = BigInt(await networkHelpers.time.latest());
      await networkHelpers.time.setNextBlockTimestamp(now + 1n);
      await expect(registry.renew(city.ids.alice, now))
        .to.be.revertedWithCustomError(city.identity, "IdentityValidityInPast")
        .withArgs(now, now + 1n);
      const next = now + YEAR;
      await expect(registry.renew(city.ids.alice, next))
        .to.emit(city.identity, "IdentityRenewed")
        .withArgs(city.ids.alice, city.validUntil, next);
      expect(await city.identity.isVerified(alice.address, 3)).to.equal(true);
      await expect(registry.renew(77n, next)).to.be.revertedWithCustomError(city.identity, "IdentityUnknown");
    });

    it("replaces the record commitment, refusing zero and the same one", async function () {
      const city = await networkHelpers.loadFixture(identityFixture);
      const registry = city.identity.connect(city.accounts.registrar);
      const previous = recordOf("D-004");
      const next = recordOf("D-004 moved");
      await expect(registry.updateRecord(city.ids.dave, next))
        .to.emit(city.identity, "IdentityRecordUpdated")
        .withArgs(city.ids.dave, previous, next);
      expect((await city.identity.identity(city.ids.dave)).recordCommitment).to.equal(next);
      await expect(registry.updateRecord(city.ids.dave, next))
        .to.be.revertedWithCustomError(city.identity, "IdentityRecordUnchanged")
        .withArgs(city.ids.dave, next);
      await expect(registry.updateRecord(city.ids.dave, ZeroHash)).to.be.revertedWithCustomError(
        city.identity,
        "IdentityRecordEmpty",
      );
    });
  });

  describe("status state machine", function () {
    it("suspends and reinstates (reversible) with events and revisions", async function () {
      const city = await networkHelpers.loadFixture(identityFixture);
      const registry = city.identity.connect(city.accounts.registrar);
      const { bob } = city.accounts;
      await expect(registry.suspend(city.ids.bob, reason("reported-stolen")))
        .to.emit(city.identity, "IdentitySuspended")
        .withArgs(city.ids.bob, reason("reported-stolen"));
      expect((await city.identity.identity(city.ids.bob)).status).to.equal(IdentityStatus.Suspended);
      expect(await city.identity.isVerified(bob.address, 1)).to.equal(false);
      expect(await city.identity.identityOf(bob.address)).to.equal(city.ids.bob);
      await expect(registry.reinstate(city.ids.bob))
        .to.emit(city.identity, "IdentityReinstated")
        .withArgs(city.ids.bob);
      expect(await city.identity.isVerified(bob.address, 2)).to.equal(true);
      expect((await city.identity.identity(city.ids.bob)).revision).to.equal(3n);
    });

    it("revokes for good: the record stays readable, the wallets are released, no transition leaves Revoked", async function () {
      const city = await networkHelpers.loadFixture(identityFixture);
      const registry = city.identity.connect(city.accounts.registrar);
      const { erin } = city.accounts;
      await expect(registry.revoke(city.ids.erin, reason("deceased")))
        .to.emit(city.identity, "IdentityRevoked")
        .withArgs(city.ids.erin, reason("deceased"));
      const record = await city.identity.identity(city.ids.erin);
      expect(record.status).to.equal(IdentityStatus.Revoked);
      expect(record.wallet).to.equal(erin.address);
      expect(record.recordCommitment).to.equal(recordOf("E-005"));
      expect(await city.identity.identityOf(erin.address)).to.equal(0n);
      expect(await city.identity.isIdentityVerified(city.ids.erin, 1)).to.equal(false);
      const before = [...record];
      for (const [call, to] of [
        [() => registry.suspend(city.ids.erin, ZeroHash), IdentityStatus.Suspended],
        [() => registry.reinstate(city.ids.erin), IdentityStatus.Active],
        [() => registry.revoke(city.ids.erin, ZeroHash), IdentityStatus.Revoked],
      ] as const) {
        await expect(call())
          .to.be.revertedWithCustomError(city.identity, "IdentityStatusTransitionInvalid")
          .withArgs(city.ids.erin, IdentityStatus.Revoked, to);
      }
      expect([...(await city.identity.identity(city.ids.erin))]).to.deep.equal(before);
    });

    it("allows exactly the transitions of the table", async function () {
      const city = await networkHelpers.loadFixture(identityFixture);
      const registry = city.identity.connect(city.accounts.registrar);
      // Active -> Active (reinstate) and Suspended -> Suspended are not transitions.
      await expect(registry.reinstate(city.ids.alice))
        .to.be.revertedWithCustomError(city.identity, "IdentityStatusTransitionInvalid")
        .withArgs(city.ids.alice, IdentityStatus.Active, IdentityStatus.Active);
      await registry.suspend(city.ids.alice, ZeroHash);
      await expect(registry.suspend(city.ids.alice, ZeroHash))
        .to.be.revertedWithCustomError(city.identity, "IdentityStatusTransitionInvalid")
        .withArgs(city.ids.alice, IdentityStatus.Suspended, IdentityStatus.Suspended);
      // Suspended -> Revoked is allowed.
      await expect(registry.revoke(city.ids.alice, ZeroHash)).to.emit(city.identity, "IdentityRevoked");
      // Unknown ids have no status to leave.
      for (const call of [
        () => registry.suspend(42n, ZeroHash),
        () => registry.reinstate(42n),
        () => registry.revoke(42n, ZeroHash),
      ]) {
        await expect(call()).to.be.revertedWithCustomError(city.identity, "IdentityUnknown").withArgs(42n);
      }
    });
  });

  describe("queries", function () {
    it("answers isVerified by status, expiry (checked at every query) and level", async function () {
      const city = await networkHelpers.loadFixture(identityFixture);
      const { alice, bob, carol, mallory } = city.accounts;
      expect(await city.identity.isVerified(alice.address, 3)).to.equal(true);
      expect(await city.identity.isVerified(bob.address, 2)).to.equal(true);
      expect(await city.identity.isVerified(bob.address, 3)).to.equal(false);
      expect(await city.identity.isVerified(carol.address, 1)).to.equal(true);
      expect(await city.identity.isVerified(carol.address, 2)).to.equal(false);
      expect(await city.identity.isVerified(alice.address, 4)).to.equal(false);
      expect(await city.identity.isVerified(mallory.address, 0)).to.equal(false);
      expect(await city.identity.isIdentityVerified(0n, 0)).to.equal(false);
      expect(await city.identity.isIdentityVerified(city.ids.alice, 3)).to.equal(true);

      // Valid through `validUntil` inclusive, not one second more, without any transaction touching alice.
      await networkHelpers.time.increaseTo(city.validUntil);
      expect(await city.identity.isVerified(alice.address, 1)).to.equal(true);
      await networkHelpers.mine(1);
      expect(await city.identity.isVerified(alice.address, 1)).to.equal(false);
      expect(await city.identity.isIdentityVerified(city.ids.alice, 1)).to.equal(false);
      expect((await city.identity.identity(city.ids.alice)).status).to.equal(IdentityStatus.Active);
    });

    it("answers identityOf and walletOf with zero for unknown accounts and ids", async function () {
      const city = await networkHelpers.loadFixture(identityFixture);
      expect(await city.identity.identityOf(city.accounts.mallory.address)).to.equal(0n);
      expect(await city.identity.walletOf(99n)).to.equal(ZeroAddress);
      const unknown = await city.identity.identity(99n);
      expect(unknown.status).to.equal(IdentityStatus.None);
      expect(unknown.wallet).to.equal(ZeroAddress);
    });
  });

  describe("per-service minimum levels", function () {
    it("lets the admin set a service's level and answers isVerifiedFor with it", async function () {
      const city = await networkHelpers.loadFixture(identityFixture);
      const { admin, alice, bob, carol } = city.accounts;
      const land = encodeBytes32String("land");
      expect(await city.identity.isVerifiedFor(alice.address, land)).to.equal(false); // unconfigured: fail closed
      await expect(city.identity.connect(admin).setServiceMinLevel(land, 2))
        .to.emit(city.identity, "IdentityServiceMinLevelSet")
        .withArgs(land, 0, 2);
      expect(await city.identity.serviceMinLevel(land)).to.equal(2);
      expect(await city.identity.isVerifiedFor(alice.address, land)).to.equal(true);
      expect(await city.identity.isVerifiedFor(bob.address, land)).to.equal(true);
      expect(await city.identity.isVerifiedFor(carol.address, land)).to.equal(false);
      await expect(city.identity.connect(admin).setServiceMinLevel(land, 3))
        .to.emit(city.identity, "IdentityServiceMinLevelSet")
        .withArgs(land, 2, 3);
      expect(await city.identity.isVerifiedFor(bob.address, land)).to.equal(false);
    });

    it("rejects an empty service id and a level outside 1-3", async function () {
      const city = await networkHelpers.loadFixture(identityFixture);
      const admin = city.identity.connect(city.accounts.admin);
      await expect(admin.setServiceMinLevel(ZeroHash, 2)).to.be.revertedWithCustomError(
        city.identity,
        "IdentityServiceIdEmpty",
      );
      for (const level of [0, 4]) {
        await expect(admin.setServiceMinLevel(encodeBytes32String("voting"), level))
          .to.be.revertedWithCustomError(city.identity, "IdentityLevelInvalid")
          .withArgs(level);
      }
      expect(await city.identity.serviceMinLevel(encodeBytes32String("voting"))).to.equal(0);
    });

    it("is a REGISTRAR-proof city policy: the registrar cannot set it", async function () {
      const city = await networkHelpers.loadFixture(identityFixture);
      await expect(city.identity.connect(city.accounts.registrar).setServiceMinLevel(encodeBytes32String("land"), 1))
        .to.be.revertedWithCustomError(city.identity, "AccessManagedUnauthorized")
        .withArgs(city.accounts.registrar.address);
    });
  });

  describe("devices", function () {
    async function deviceFixture() {
      const city = await deployIdentityCity(connection);
      const meterKey = ethers.Wallet.createRandom().address;
      const deviceId = await registeredId(
        city,
        city.identity
          .connect(city.accounts.registrar)
          .registerDevice(city.ids.alice, 2, subjectOf("METER-7"), recordOf("METER-7"), city.validUntil, meterKey),
      );
      return { ...city, meterKey, deviceId };
    }

    it("registers a device that names its owner identity", async function () {
      const city = await networkHelpers.loadFixture(deviceFixture);
      const record = await city.identity.identity(city.deviceId);
      expect(record.kind).to.equal(IdentityKind.Device);
      expect(record.revision).to.equal(1n);
      expect(await city.identity.deviceOwnerOf(city.deviceId)).to.equal(city.ids.alice);
      expect(await city.identity.identityOf(city.meterKey)).to.equal(city.deviceId);
      expect(await city.identity.isVerified(city.meterKey, 2)).to.equal(true);
      expect(await city.identity.isVerified(city.meterKey, 3)).to.equal(false);
    });

    it("emits the owner link at registration", async function () {
      const city = await networkHelpers.loadFixture(identityFixture);
      await expect(
        city.identity
          .connect(city.accounts.registrar)
          .registerDevice(
            city.ids.bob,
            1,
            subjectOf("M-1"),
            recordOf("M-1"),
            city.validUntil,
            ethers.Wallet.createRandom().address,
          ),
      )
        .to.emit(city.identity, "IdentityDeviceOwnerChanged")
        .withArgs(6n, 0n, city.ids.bob);
    });

    it("is verified only while its owner identity is Active and unexpired", async function () {
      const city = await networkHelpers.loadFixture(deviceFixture);
      const registry = city.identity.connect(city.accounts.registrar);
      await registry.suspend(city.ids.alice, ZeroHash);
      expect(await city.identity.isVerified(city.meterKey, 1)).to.equal(false);
      await registry.reinstate(city.ids.alice);
      expect(await city.identity.isVerified(city.meterKey, 1)).to.equal(true);
      // The owner expires before the device does.
      await registry.renew(city.deviceId, city.validUntil + YEAR);
      await networkHelpers.time.increaseTo(city.validUntil + 1n);
      expect(await city.identity.isIdentityVerified(city.deviceId, 1)).to.equal(false);
      await registry.renew(city.ids.alice, city.validUntil + YEAR);
      expect(await city.identity.isIdentityVerified(city.deviceId, 1)).to.equal(true);
      await registry.revoke(city.ids.alice, ZeroHash);
      expect(await city.identity.isVerified(city.meterKey, 1)).to.equal(false);
    });

    it("moves to a new owner (e.g. the house was sold) with an event and a revision", async function () {
      const city = await networkHelpers.loadFixture(deviceFixture);
      const registry = city.identity.connect(city.accounts.registrar);
      await registry.revoke(city.ids.alice, ZeroHash);
      await expect(registry.changeDeviceOwner(city.deviceId, city.ids.bob))
        .to.emit(city.identity, "IdentityDeviceOwnerChanged")
        .withArgs(city.deviceId, city.ids.alice, city.ids.bob)
        .and.to.emit(city.identity, "RecordRevised")
        .withArgs(
          ethers.toBeHex(city.deviceId, 32),
          2n,
          IdentityChange.DEVICE_OWNER_CHANGED,
          city.ids.bob,
          city.accounts.registrar.address,
        );
      expect(await city.identity.deviceOwnerOf(city.deviceId)).to.equal(city.ids.bob);
      expect(await city.identity.isVerified(city.meterKey, 2)).to.equal(true);
    });

    it("rejects an owner that is unknown, not Active, or itself a device, and non-devices in changeDeviceOwner", async function () {
      const city = await networkHelpers.loadFixture(deviceFixture);
      const registry = city.identity.connect(city.accounts.registrar);
      const register = (ownerId: bigint) =>
        registry.registerDevice(
          ownerId,
          1,
          subjectOf("M-2"),
          recordOf("M-2"),
          city.validUntil,
          city.accounts.mallory.address,
        );
      await expect(register(99n))
        .to.be.revertedWithCustomError(city.identity, "IdentityDeviceOwnerInvalid")
        .withArgs(99n);
      await expect(register(city.deviceId))
        .to.be.revertedWithCustomError(city.identity, "IdentityDeviceOwnerInvalid")
        .withArgs(city.deviceId);
      await registry.suspend(city.ids.bob, ZeroHash);
      await expect(register(city.ids.bob))
        .to.be.revertedWithCustomError(city.identity, "IdentityDeviceOwnerInvalid")
        .withArgs(city.ids.bob);
      expect(await city.identity.identityOf(city.accounts.mallory.address)).to.equal(0n);
      await expect(registry.changeDeviceOwner(city.ids.carol, city.ids.alice))
        .to.be.revertedWithCustomError(city.identity, "IdentityNotDevice")
        .withArgs(city.ids.carol);
      await expect(registry.changeDeviceOwner(city.deviceId, city.ids.bob))
        .to.be.revertedWithCustomError(city.identity, "IdentityDeviceOwnerInvalid")
        .withArgs(city.ids.bob);
      await expect(registry.changeDeviceOwner(city.deviceId, city.deviceId))
        .to.be.revertedWithCustomError(city.identity, "IdentityDeviceOwnerInvalid")
        .withArgs(city.deviceId);
    });
  });

  describe("deployment", function () {
    it("is listed in the service directory as `identity` and `claims`, governed by the city's authority", async function () {
      const city = await networkHelpers.loadFixture(identityFixture);
      expect(await city.directory.resolve(serviceId("identity"))).to.equal(await city.identity.getAddress());
      expect(await city.directory.resolve(serviceId("claims"))).to.equal(await city.claims.getAddress());
      expect(await city.identity.authority()).to.equal(await city.manager.getAddress());
      expect(await city.claims.registry()).to.equal(await city.identity.getAddress());
      expect(await city.identity.recoveryDelay()).to.equal(3n * 86_400n);
    });

    it("refuses a recovery delay outside 1 to 30 days", async function () {
      const city = await networkHelpers.loadFixture(identityFixture);
      const manager = await city.manager.getAddress();
      for (const delay of [0n, 86_399n, 30n * 86_400n + 1n]) {
        await expect(deployBehindProxy(connection, "IdentityRegistry", [manager, delay]))
          .to.be.revertedWithCustomError(city.identity, "IdentityRecoveryDelayInvalid")
          .withArgs(delay, 86_400n, 30n * 86_400n);
      }
    });
  });

  shouldRejectUnauthorized(
    async function restrictedFixture() {
      const city = await networkHelpers.loadFixture(identityFixture);
      return {
        contracts: { IdentityRegistry: city.identity, IdentityClaims: city.claims },
        manager: city.manager,
        stranger: city.accounts.mallory,
      };
    },
    ["IdentityRegistry", "IdentityClaims"],
  );

  it("a registrar is refused every ADMIN function and an admin-less resident every REGISTRAR function", async function () {
    const city = await networkHelpers.loadFixture(identityFixture);
    const { registrar, alice } = city.accounts;
    await expect(city.claims.connect(registrar).setTrustedIssuer(encodeBytes32String("t"), city.ids.bob, true))
      .to.be.revertedWithCustomError(city.claims, "AccessManagedUnauthorized")
      .withArgs(registrar.address);
    await expect(city.identity.connect(alice).suspend(city.ids.bob, ZeroHash))
      .to.be.revertedWithCustomError(city.identity, "AccessManagedUnauthorized")
      .withArgs(alice.address);
  });
});
