import { expect } from "chai";

import {
  allowanceId,
  carbonDocument,
  CarbonRevision,
  certificateId,
  CertificateKind,
  creditId,
  emissionsRecordKey,
  RecordStatus,
} from "../../src/carbon.js";
import { deployBehindProxy } from "../../src/proxy.js";
import { Roles } from "../../src/roles.js";
import { BATCH, DAY, deployCarbonCity, PENALTY, VINTAGE, type CarbonCity } from "./fixtures.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

async function carbonFixture() {
  return deployCarbonCity(connection);
}

/** The factory reported 10,000 t for period 1 and holds 1,500 offset credits from the solar park. */
async function reportedFixture(): Promise<CarbonCity> {
  const city = await deployCarbonCity(connection);
  const { emissionsRegister, carbonCredits, accounts, ids } = city;
  await (
    await emissionsRegister
      .connect(accounts.carbonVerifier)
      .recordEmissions(ids.factory, 1n, 10_000n, carbonDocument("MRV"))
  ).wait();
  await (
    await carbonCredits
      .connect(accounts.erin)
      .safeTransferFrom(accounts.erin.address, accounts.dave.address, BATCH, 3_000n, "0x")
  ).wait();
  return city;
}

describe("EmissionsRegister", function () {
  describe("periods", function () {
    it("opens periods with strictly later deadlines and sane terms", async function () {
      const { emissionsRegister, accounts, deadline } = await networkHelpers.loadFixture(carbonFixture);
      const regulator = emissionsRegister.connect(accounts.regulator);
      expect(await emissionsRegister.periodCount()).to.equal(1n);
      const p = await emissionsRegister.period(1n);
      expect([p.deadline, p.cap, p.maxOffsetBps, p.penaltyPerTonne]).to.deep.equal([
        deadline,
        50_000n,
        2_000n,
        PENALTY,
      ]);
      await expect(regulator.openPeriod(deadline, 1n, 0, 0n))
        .to.be.revertedWithCustomError(emissionsRegister, "CarbonPeriodDeadlineInvalid")
        .withArgs(deadline, deadline + 1n);
      await expect(regulator.openPeriod(deadline + DAY, 0n, 0, 0n)).to.be.revertedWithCustomError(
        emissionsRegister,
        "CarbonPeriodCapZero",
      );
      await expect(regulator.openPeriod(deadline + DAY, 1n, 10_001, 0n))
        .to.be.revertedWithCustomError(emissionsRegister, "CarbonOffsetShareInvalid")
        .withArgs(10_001);
      await expect(regulator.openPeriod(deadline + 365n * DAY, 40_000n, 1_000, PENALTY))
        .to.emit(emissionsRegister, "CarbonPeriodOpened")
        .withArgs(2n, deadline + 365n * DAY, 40_000n, 1_000, PENALTY);
    });
  });

  describe("verified emissions", function () {
    it("records a verifier's figure with its MRV commitment and verifier identity; corrections are new revisions", async function () {
      const { emissionsRegister, accounts, ids } = await networkHelpers.loadFixture(carbonFixture);
      const verifier = emissionsRegister.connect(accounts.carbonVerifier);
      await expect(verifier.recordEmissions(ids.factory, 1n, 10_000n, carbonDocument("MRV 1")))
        .to.emit(emissionsRegister, "EmissionsRecorded")
        .withArgs(ids.factory, 1n, ids.verifier, 10_000n, (c: string) => c.length === 66)
        .and.to.emit(emissionsRegister, "DocumentAnchored")
        .and.to.emit(emissionsRegister, "RecordRevised")
        .withArgs(
          emissionsRecordKey(ids.factory, 1n),
          1n,
          CarbonRevision.EMISSIONS_RECORDED,
          10_000n,
          accounts.carbonVerifier.address,
        );
      const first = await emissionsRegister.record(ids.factory, 1n);
      await expect(verifier.correctEmissions(ids.factory, 1n, 9_400n, carbonDocument("MRV 2"), "meter 7 recalibrated"))
        .to.emit(emissionsRegister, "EmissionsCorrected")
        .withArgs(
          ids.factory,
          1n,
          ids.verifier,
          10_000n,
          9_400n,
          (c: string) => c.length === 66,
          "meter 7 recalibrated",
        );
      const r = await emissionsRegister.record(ids.factory, 1n);
      expect([r.verified, r.revision, r.status, r.verifierId]).to.deep.equal([
        9_400n,
        2n,
        RecordStatus.Reported,
        ids.verifier,
      ]);
      expect(r.reportCommitment).to.not.equal(first.reportCommitment);
      const history = await emissionsRegister.history(ids.factory, 1n, 1n, 10n);
      expect(history.map((e) => [e.kind, e.ref])).to.deep.equal([
        [CarbonRevision.EMISSIONS_RECORDED, 10_000n],
        [CarbonRevision.EMISSIONS_CORRECTED, 9_400n],
      ]);
    });

    it("refuses an unknown emitter, a closed or unknown period, a second recording, and an unidentified verifier", async function () {
      const { emissionsRegister, manager, accounts, ids, deadline } = await networkHelpers.loadFixture(carbonFixture);
      const verifier = emissionsRegister.connect(accounts.carbonVerifier);
      const doc = carbonDocument("MRV");
      await expect(verifier.recordEmissions(ids.bob, 1n, 1n, doc))
        .to.be.revertedWithCustomError(emissionsRegister, "CarbonEmitterUnknown")
        .withArgs(ids.bob);
      await expect(verifier.recordEmissions(999n, 1n, 1n, doc))
        .to.be.revertedWithCustomError(emissionsRegister, "CarbonEmitterUnknown")
        .withArgs(999n);
      await expect(verifier.recordEmissions(ids.factory, 2n, 1n, doc))
        .to.be.revertedWithCustomError(emissionsRegister, "CarbonPeriodUnknown")
        .withArgs(2n);
      await (await verifier.recordEmissions(ids.factory, 1n, 5n, doc)).wait();
      await expect(verifier.recordEmissions(ids.factory, 1n, 5n, doc))
        .to.be.revertedWithCustomError(emissionsRegister, "CarbonEmissionsAlreadyRecorded")
        .withArgs(ids.factory, 1n);
      await expect(verifier.correctEmissions(ids.steel, 1n, 5n, doc, "x"))
        .to.be.revertedWithCustomError(emissionsRegister, "CarbonEmissionsNotRecorded")
        .withArgs(ids.steel, 1n);
      await expect(verifier.correctEmissions(ids.factory, 1n, 5n, doc, "")).to.be.revertedWithCustomError(
        emissionsRegister,
        "CarbonCorrectionReasonEmpty",
      );
      // The role alone is not enough: a verifier must sign with an accountable identity.
      await (
        await manager.connect(accounts.admin).grantRole(Roles.CARBON_VERIFIER, accounts.mallory.address, 0)
      ).wait();
      await expect(emissionsRegister.connect(accounts.mallory).recordEmissions(ids.steel, 1n, 5n, doc))
        .to.be.revertedWithCustomError(emissionsRegister, "CarbonVerifierUnidentified")
        .withArgs(accounts.mallory.address);
      await networkHelpers.time.increaseTo(deadline + 1n);
      await expect(verifier.recordEmissions(ids.steel, 1n, 5n, doc))
        .to.be.revertedWithCustomError(emissionsRegister, "CarbonPeriodClosed")
        .withArgs(1n, deadline);
      await expect(verifier.correctEmissions(ids.factory, 1n, 6n, doc, "late"))
        .to.be.revertedWithCustomError(emissionsRegister, "CarbonPeriodClosed")
        .withArgs(1n, deadline);
      expect((await emissionsRegister.record(ids.factory, 1n)).verified).to.equal(5n);
    });
  });

  describe("surrender", function () {
    it("burns allowances and offsets (with a certificate of their serials) against the obligation", async function () {
      const { emissionsRegister, carbonCredits, accounts, ids } = await networkHelpers.loadFixture(reportedFixture);
      const factory = emissionsRegister.connect(accounts.dave);
      await expect(factory.surrender(1n, allowanceId(1n), 6_000n))
        .to.emit(emissionsRegister, "ComplianceSurrendered")
        .withArgs(ids.factory, 1n, allowanceId(1n), 6_000n, 0n)
        .and.to.emit(carbonCredits, "CarbonAllowancesSurrendered")
        .withArgs(1n, ids.factory, 6_000n);
      const cert = certificateId(BATCH, 0n);
      await expect(factory.surrender(1n, BATCH, 2_000n))
        .to.emit(emissionsRegister, "ComplianceSurrendered")
        .withArgs(ids.factory, 1n, BATCH, 2_000n, cert)
        .and.to.emit(carbonCredits, "CarbonCertificateIssued")
        .withArgs(cert, BATCH, ids.factory, ids.factory, 1n, 2_000n, CertificateKind.ComplianceSurrender, "");
      const r = await emissionsRegister.record(ids.factory, 1n);
      expect([r.allowances, r.offsets]).to.deep.equal([6_000n, 2_000n]);
      expect(await carbonCredits.allowanceTotals(1n)).to.deep.equal([9_000n, 6_000n]);
      expect(await carbonCredits.batchTotals(BATCH)).to.deep.equal([10_000n, 8_000n, 2_000n, 0n]);
      const c = await emissionsRegister.compliance(ids.factory, 1n);
      expect([c.obligation, c.surrendered, c.shortfall, c.compliant]).to.deep.equal([10_000n, 8_000n, 2_000n, false]);
    });

    it("refuses offsets above the share, ineligible offsets, later-period allowances, excess, zero and strangers", async function () {
      const city = await networkHelpers.loadFixture(reportedFixture);
      const { emissionsRegister, carbonCredits, accounts, ids, deadline } = city;
      const factory = emissionsRegister.connect(accounts.dave);
      await expect(factory.surrender(1n, BATCH, 2_001n))
        .to.be.revertedWithCustomError(emissionsRegister, "CarbonOffsetShareExceeded")
        .withArgs(1n, 2_000n, 2_001n);
      await (await carbonCredits.connect(accounts.regulator).setProjectEligibility(1n, false)).wait();
      await expect(factory.surrender(1n, BATCH, 1n))
        .to.be.revertedWithCustomError(emissionsRegister, "CarbonOffsetNotEligible")
        .withArgs(BATCH);
      await (await carbonCredits.connect(accounts.regulator).setProjectEligibility(1n, true)).wait();
      await (
        await emissionsRegister.connect(accounts.regulator).openPeriod(deadline + 365n * DAY, 10_000n, 0, PENALTY)
      ).wait();
      await (await carbonCredits.connect(accounts.regulator).allocate(2n, ids.factory, 100n)).wait();
      await expect(factory.surrender(1n, allowanceId(2n), 1n))
        .to.be.revertedWithCustomError(emissionsRegister, "CarbonAllowanceFromLaterPeriod")
        .withArgs(1n, 2n);
      await expect(factory.surrender(1n, allowanceId(1n), 10_001n))
        .to.be.revertedWithCustomError(emissionsRegister, "CarbonSurrenderExceedsObligation")
        .withArgs(ids.factory, 1n, 10_000n, 10_001n);
      await expect(factory.surrender(9n, allowanceId(1n), 1n))
        .to.be.revertedWithCustomError(emissionsRegister, "CarbonPeriodUnknown")
        .withArgs(9n);
      await expect(factory.surrender(1n, allowanceId(1n), 0n)).to.be.revertedWithCustomError(
        emissionsRegister,
        "CarbonZeroAmount",
      );
      await expect(factory.surrender(1n, allowanceId(1n), 6_001n))
        .to.be.revertedWithCustomError(carbonCredits, "ERC1155InsufficientBalance")
        .withArgs(accounts.dave.address, 6_000n, 6_001n, allowanceId(1n));
      const odd = (1n << 200n) | 1n;
      await expect(factory.surrender(1n, odd, 1n))
        .to.be.revertedWithCustomError(emissionsRegister, "CarbonTokenUnknown")
        .withArgs(odd);
      await expect(factory.surrender(1n, creditId(1n, VINTAGE, 7), 1n))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonTokenUnknown")
        .withArgs(creditId(1n, VINTAGE, 7));
      await expect(emissionsRegister.connect(accounts.mallory).surrender(1n, allowanceId(1n), 1n))
        .to.be.revertedWithCustomError(emissionsRegister, "CarbonWalletNotIdentity")
        .withArgs(accounts.mallory.address);
      await expect(emissionsRegister.connect(accounts.carol).surrender(1n, allowanceId(1n), 1n))
        .to.be.revertedWithCustomError(emissionsRegister, "CarbonSurrenderExceedsObligation")
        .withArgs(ids.steel, 1n, 0n, 1n);
      await networkHelpers.time.increaseTo(deadline + 1n);
      await expect(factory.surrender(1n, allowanceId(1n), 1n))
        .to.be.revertedWithCustomError(emissionsRegister, "CarbonPeriodClosed")
        .withArgs(1n, deadline);
      const r = await emissionsRegister.record(ids.factory, 1n);
      expect([r.allowances, r.offsets, r.revision]).to.deep.equal([0n, 0n, 1n]);
    });

    it("refuses a correction below what was surrendered or leaving offsets above their share", async function () {
      const { emissionsRegister, accounts, ids } = await networkHelpers.loadFixture(reportedFixture);
      const factory = emissionsRegister.connect(accounts.dave);
      await (await factory.surrender(1n, allowanceId(1n), 5_000n)).wait();
      await (await factory.surrender(1n, BATCH, 1_500n)).wait();
      const verifier = emissionsRegister.connect(accounts.carbonVerifier);
      await expect(verifier.correctEmissions(ids.factory, 1n, 6_000n, carbonDocument("MRV 2"), "lower"))
        .to.be.revertedWithCustomError(emissionsRegister, "CarbonCorrectionBelowSurrendered")
        .withArgs(ids.factory, 1n, 6_000n, 6_500n);
      await expect(verifier.correctEmissions(ids.factory, 1n, 7_000n, carbonDocument("MRV 2"), "lower"))
        .to.be.revertedWithCustomError(emissionsRegister, "CarbonCorrectionBelowSurrendered")
        .withArgs(ids.factory, 1n, 7_000n, 6_500n);
      await (await verifier.correctEmissions(ids.factory, 1n, 7_500n, carbonDocument("MRV 2"), "lower")).wait();
    });

    it("only the bound register may burn surrendered units, and it is bound once", async function () {
      const { carbonCredits, emissionsRegister, accounts, ids } = await networkHelpers.loadFixture(carbonFixture);
      expect(await carbonCredits.register()).to.equal(await emissionsRegister.getAddress());
      expect(await emissionsRegister.credits()).to.equal(await carbonCredits.getAddress());
      await expect(
        carbonCredits.connect(accounts.dave).surrenderUnits(ids.factory, accounts.dave.address, allowanceId(1n), 1n),
      )
        .to.be.revertedWithCustomError(carbonCredits, "CarbonCallerNotRegister")
        .withArgs(accounts.dave.address);
      await expect(carbonCredits.connect(accounts.admin).bindRegister(accounts.admin.address))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonRegisterAlreadyBound")
        .withArgs(await emissionsRegister.getAddress());
    });
  });

  describe("allocation", function () {
    it("allocates allowances to business identities within the period's cap", async function () {
      const { carbonCredits, accounts, ids } = await networkHelpers.loadFixture(carbonFixture);
      const regulator = carbonCredits.connect(accounts.regulator);
      expect(await carbonCredits.balanceOf(accounts.dave.address, allowanceId(1n))).to.equal(6_000n);
      await expect(regulator.allocate(1n, ids.steel, 41_001n))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonAllocationAboveCap")
        .withArgs(1n, 50_000n, 50_001n);
      await expect(regulator.allocate(2n, ids.steel, 1n))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonPeriodUnknown")
        .withArgs(2n);
      await expect(regulator.allocate(1n, ids.bob, 1n))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonEmitterUnknown")
        .withArgs(ids.bob);
      await expect(regulator.allocate(1n, ids.steel, 0n)).to.be.revertedWithCustomError(
        carbonCredits,
        "CarbonZeroAmount",
      );
      await expect(regulator.allocate(1n, ids.steel, 41_000n))
        .to.emit(carbonCredits, "CarbonAllowancesAllocated")
        .withArgs(1n, ids.steel, 41_000n);
      // Allowances trade like any unit, identity to identity.
      await (
        await carbonCredits
          .connect(accounts.carol)
          .safeTransferFrom(accounts.carol.address, accounts.dave.address, allowanceId(1n), 500n, "0x")
      ).wait();
      expect(await carbonCredits.balanceOfIdentity(ids.factory, allowanceId(1n))).to.equal(6_500n);
    });

    it("refuses allocation before a register is bound", async function () {
      const { identity, manager, accounts } = await networkHelpers.loadFixture(carbonFixture);
      const proxy = await deployBehindProxy(connection, "CarbonCredits", [
        await manager.getAddress(),
        await identity.getAddress(),
        "x/",
      ]);
      const fresh = await ethers.getContractAt("CarbonCredits", await proxy.getAddress());
      // Not wired in the authority, so its functions are ADMIN-only: the admin passes the gate.
      await expect(fresh.connect(accounts.admin).allocate(1n, 1n, 1n)).to.be.revertedWithCustomError(
        fresh,
        "CarbonRegisterUnbound",
      );
    });
  });

  describe("settlement at the deadline", function () {
    it("fixes shortfall and penalty, carries the shortfall into the next period, and balances the record", async function () {
      const { emissionsRegister, accounts, ids, deadline } = await networkHelpers.loadFixture(reportedFixture);
      const factory = emissionsRegister.connect(accounts.dave);
      const steel = emissionsRegister.connect(accounts.carol);
      const verifier = emissionsRegister.connect(accounts.carbonVerifier);
      await (await verifier.recordEmissions(ids.steel, 1n, 3_000n, carbonDocument("MRV steel"))).wait();
      await (await factory.surrender(1n, allowanceId(1n), 6_000n)).wait();
      await (await factory.surrender(1n, BATCH, 2_000n)).wait();
      await (await steel.surrender(1n, allowanceId(1n), 3_000n)).wait();
      await (
        await emissionsRegister.connect(accounts.regulator).openPeriod(deadline + 365n * DAY, 50_000n, 2_000, PENALTY)
      ).wait();

      await expect(emissionsRegister.settle(ids.factory, 1n))
        .to.be.revertedWithCustomError(emissionsRegister, "CarbonPeriodOpen")
        .withArgs(1n, deadline);
      await networkHelpers.time.increaseTo(deadline + 1n);
      await expect(emissionsRegister.connect(accounts.mallory).settle(ids.factory, 1n))
        .to.emit(emissionsRegister, "ComplianceSettled")
        .withArgs(ids.factory, 1n, 10_000n, 8_000n, 2_000n, 2_000n * PENALTY)
        .and.to.emit(emissionsRegister, "ShortfallCarriedOver")
        .withArgs(ids.factory, 2n, 2_000n);
      await expect(emissionsRegister.settle(ids.steel, 1n))
        .to.emit(emissionsRegister, "ComplianceSettled")
        .withArgs(ids.steel, 1n, 3_000n, 3_000n, 0n, 0n);
      const f = await emissionsRegister.compliance(ids.factory, 1n);
      expect([f.status, f.shortfall, f.penalty, f.compliant]).to.deep.equal([
        RecordStatus.Settled,
        2_000n,
        2_000n * PENALTY,
        false,
      ]);
      expect((await emissionsRegister.compliance(ids.steel, 1n)).compliant).to.equal(true);
      const r = await emissionsRegister.record(ids.factory, 1n);
      expect(r.allowances + r.offsets + r.shortfall).to.equal(r.verified + r.carriedIn);
      await expect(emissionsRegister.settle(ids.factory, 1n))
        .to.be.revertedWithCustomError(emissionsRegister, "CarbonAlreadySettled")
        .withArgs(ids.factory, 1n);
      await expect(emissionsRegister.settle(ids.bob, 1n))
        .to.be.revertedWithCustomError(emissionsRegister, "CarbonNothingToSettle")
        .withArgs(ids.bob, 1n);
      await expect(emissionsRegister.settle(ids.factory, 3n))
        .to.be.revertedWithCustomError(emissionsRegister, "CarbonPeriodUnknown")
        .withArgs(3n);

      // Period 2: the carried 2,000 t join the new obligation, and can be met by banked period-1 allowances.
      const next = await emissionsRegister.record(ids.factory, 2n);
      expect([next.carriedIn, next.status]).to.deep.equal([2_000n, RecordStatus.None]);
      expect((await emissionsRegister.history(ids.factory, 2n, 1n, 5n))[0].kind).to.equal(
        CarbonRevision.SHORTFALL_CARRIED_IN,
      );
      await (await verifier.recordEmissions(ids.factory, 2n, 1_000n, carbonDocument("MRV 2027"))).wait();
      expect((await emissionsRegister.compliance(ids.factory, 2n)).obligation).to.equal(3_000n);
      await networkHelpers.time.increaseTo(deadline + 365n * DAY + 1n);
      await expect(emissionsRegister.settle(ids.factory, 2n))
        .to.emit(emissionsRegister, "ComplianceSettled")
        .withArgs(ids.factory, 2n, 3_000n, 0n, 3_000n, 3_000n * PENALTY);
    });

    it("settles periods in order, so a shortfall is always carried before the next settlement", async function () {
      const { emissionsRegister, accounts, ids, deadline } = await networkHelpers.loadFixture(reportedFixture);
      const verifier = emissionsRegister.connect(accounts.carbonVerifier);
      await (
        await emissionsRegister.connect(accounts.regulator).openPeriod(deadline + 10n * DAY, 50_000n, 2_000, PENALTY)
      ).wait();
      await (await verifier.recordEmissions(ids.factory, 2n, 100n, carbonDocument("MRV 2"))).wait();
      await networkHelpers.time.increaseTo(deadline + 10n * DAY + 1n);
      await expect(emissionsRegister.settle(ids.factory, 2n))
        .to.be.revertedWithCustomError(emissionsRegister, "CarbonPreviousPeriodUnsettled")
        .withArgs(ids.factory, 1n);
      await (await emissionsRegister.settle(ids.factory, 1n)).wait();
      await expect(emissionsRegister.settle(ids.factory, 2n))
        .to.emit(emissionsRegister, "ComplianceSettled")
        .withArgs(ids.factory, 2n, 10_100n, 0n, 10_100n, 10_100n * PENALTY);
    });
  });
});
