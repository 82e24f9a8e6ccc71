import { expect } from "chai";
import { ZeroHash } from "ethers";

import { AuditKind, HealthCategory, HealthPurpose, PHYSICIAN_TOPIC, signHealthGrant } from "../../src/health.js";
import { chainTime, recordOf } from "../identity/helpers.js";
import { DAY, deployHealthCity, deployRecordsCity, reason, report } from "./fixtures.js";
import { connection } from "../shared/network.js";

const { networkHelpers } = connection;
const { time, loadFixture } = networkHelpers;
const { Lab, Imaging } = HealthCategory;
const { Treatment, SecondOpinion, Insurance, Emergency } = HealthPurpose;

async function healthFixture() {
  return deployHealthCity(connection);
}
async function recordsFixture() {
  return deployRecordsCity(connection);
}

describe("Health records", function () {
  it("a licensed clinic or physician anchors records into the patient's paged index", async function () {
    const { healthRecords, accounts, ids, providers } = await loadFixture(healthFixture);
    const doc = report("lab");
    await expect(healthRecords.connect(accounts.shop).anchorRecord(ids.alice, Lab, doc))
      .to.emit(healthRecords, "HealthRecordAnchored")
      .withArgs(1n, ids.alice, providers.lab, Lab, 0n, (c: string) => c !== ZeroHash);
    await healthRecords.connect(accounts.doctor).anchorRecord(ids.alice, Imaging, report("xray"));
    const r = await healthRecords.record(1n);
    expect([r.patientId, r.providerId, r.category, r.previousId, r.correctedBy]).to.deep.equal([
      ids.alice,
      providers.lab,
      BigInt(Lab),
      0n,
      0n,
    ]);
    expect(await healthRecords.recordCount()).to.equal(2n);
    expect(await healthRecords.patientRecordCount(ids.alice)).to.equal(2n);
    expect(await healthRecords.patientRecords(ids.alice, 0n, 10n)).to.deep.equal([1n, 2n]);
    expect(await healthRecords.patientRecords(ids.alice, 1n, 1n)).to.deep.equal([2n]);
    expect(await healthRecords.patientRecords(ids.alice, 5n, 1n)).to.deep.equal([]);
    await expect(healthRecords.patientRecords(ids.alice, 0n, 101n))
      .to.be.revertedWithCustomError(healthRecords, "HealthPageTooLarge")
      .withArgs(101n, 100n);
    expect(await healthRecords.isLicensed(providers.doctor)).to.equal(true);
    expect(await healthRecords.isLicensed(ids.bob)).to.equal(false);
  });

  it("refuses unlicensed providers, unknown patients, unknown categories and bad documents", async function () {
    const { healthRecords, claims, accounts, ids, licences, providers } = await loadFixture(healthFixture);
    const doc = report("x");
    await expect(healthRecords.connect(accounts.mallory).anchorRecord(ids.alice, Lab, doc))
      .to.be.revertedWithCustomError(healthRecords, "HealthProviderNotLicensed")
      .withArgs(accounts.mallory.address, 0n);
    await expect(healthRecords.connect(accounts.bob).anchorRecord(ids.alice, Lab, doc))
      .to.be.revertedWithCustomError(healthRecords, "HealthProviderNotLicensed")
      .withArgs(accounts.bob.address, ids.bob);
    await expect(healthRecords.connect(accounts.doctor).anchorRecord(999n, Lab, doc))
      .to.be.revertedWithCustomError(healthRecords, "HealthPatientUnknown")
      .withArgs(999n);
    for (const category of [0, 6]) {
      await expect(healthRecords.connect(accounts.doctor).anchorRecord(ids.alice, category, doc))
        .to.be.revertedWithCustomError(healthRecords, "HealthCategoryUnknown")
        .withArgs(category);
    }
    await expect(
      healthRecords.connect(accounts.doctor).anchorRecord(ids.alice, Lab, { ...doc, contentHash: ZeroHash }),
    ).to.be.revertedWithCustomError(healthRecords, "DocumentHashEmpty");
    // A revoked licence stops the provider at once.
    await claims.connect(accounts.registrar).revokeClaim(licences.doctor, reason("struck off"));
    await expect(healthRecords.connect(accounts.doctor).anchorRecord(ids.alice, Lab, doc))
      .to.be.revertedWithCustomError(healthRecords, "HealthProviderNotLicensed")
      .withArgs(accounts.doctor.address, providers.doctor);
    expect(await healthRecords.recordCount()).to.equal(0n);
  });

  it("a correction is a new record linked to the old one, by its provider, on the latest revision only", async function () {
    const { healthRecords, accounts, ids, providers } = await loadFixture(recordsFixture);
    await expect(healthRecords.connect(accounts.doctor).correctRecord(2n, report("xray-fixed")))
      .to.emit(healthRecords, "HealthRecordAnchored")
      .withArgs(3n, ids.alice, providers.doctor, Imaging, 2n, (c: string) => c !== ZeroHash);
    expect((await healthRecords.record(2n)).correctedBy).to.equal(3n);
    expect((await healthRecords.record(3n)).previousId).to.equal(2n);
    expect(await healthRecords.patientRecords(ids.alice, 0n, 10n)).to.deep.equal([1n, 2n, 3n]);
    await expect(healthRecords.connect(accounts.doctor).correctRecord(2n, report("again")))
      .to.be.revertedWithCustomError(healthRecords, "HealthRecordAlreadyCorrected")
      .withArgs(2n, 3n);
    await expect(healthRecords.connect(accounts.specialist).correctRecord(3n, report("not mine")))
      .to.be.revertedWithCustomError(healthRecords, "HealthRecordNotProvider")
      .withArgs(3n, providers.specialist);
    await expect(healthRecords.connect(accounts.doctor).correctRecord(9n, report("none")))
      .to.be.revertedWithCustomError(healthRecords, "HealthRecordUnknown")
      .withArgs(9n);
    await expect(healthRecords.record(0n)).to.be.revertedWithCustomError(healthRecords, "HealthRecordUnknown");
  });

  it("identities publish X25519 encryption keys; zero keys and strangers are refused", async function () {
    const { healthRecords, accounts, providers } = await loadFixture(healthFixture);
    const key = "0x" + "11".repeat(32);
    await expect(healthRecords.connect(accounts.specialist).publishEncryptionKey(key))
      .to.emit(healthRecords, "HealthEncryptionKeyPublished")
      .withArgs(providers.specialist, key);
    expect(await healthRecords.encryptionKeyOf(providers.specialist)).to.equal(key);
    await expect(
      healthRecords.connect(accounts.specialist).publishEncryptionKey(ZeroHash),
    ).to.be.revertedWithCustomError(healthRecords, "HealthEncryptionKeyEmpty");
    await expect(healthRecords.connect(accounts.mallory).publishEncryptionKey(key))
      .to.be.revertedWithCustomError(healthRecords, "HealthCallerUnknown")
      .withArgs(accounts.mallory.address);
  });
});

describe("Health consents", function () {
  it("a patient grants a category for a purpose until an expiry; canAccess checks expiry every time", async function () {
    const city = await loadFixture(recordsFixture);
    const { healthConsents, accounts, ids, providers } = city;
    const expiresAt = (await chainTime(city)) + 30n * DAY;
    await expect(healthConsents.connect(accounts.alice).grantAccess(providers.specialist, Lab, Treatment, expiresAt))
      .to.emit(healthConsents, "HealthAccessGranted")
      .withArgs(
        ids.alice,
        providers.specialist,
        1n,
        Lab,
        Treatment,
        expiresAt,
        "0x0000000000000000000000000000000000000000",
      );
    expect(await healthConsents.canAccess(providers.specialist, ids.alice, Lab, Treatment)).to.equal(true);
    expect(await healthConsents.canAccess(providers.specialist, ids.alice, Imaging, Treatment)).to.equal(false);
    expect(await healthConsents.canAccess(providers.specialist, ids.alice, Lab, SecondOpinion)).to.equal(false);
    expect(await healthConsents.canAccess(providers.doctor2, ids.alice, Lab, Treatment)).to.equal(false);
    expect(await healthConsents.canAccessRecord(providers.specialist, 1n, Treatment)).to.equal(true);
    expect(await healthConsents.canAccessRecord(providers.specialist, 2n, Treatment)).to.equal(false);
    const grant = await healthConsents.grantOf(ids.alice, providers.specialist, Lab, Treatment);
    expect([grant.grantId, grant.expiresAt, grant.revoked]).to.deep.equal([1n, expiresAt, false]);
    await time.increaseTo(expiresAt);
    expect(await healthConsents.canAccess(providers.specialist, ids.alice, Lab, Treatment)).to.equal(false);
    await expect(healthConsents.connect(accounts.specialist).declareAccess(1n, Treatment))
      .to.be.revertedWithCustomError(healthConsents, "HealthAccessDenied")
      .withArgs(providers.specialist, 1n, Treatment);
    await expect(healthConsents.connect(accounts.alice).revokeAccess(providers.specialist, Lab, Treatment))
      .to.be.revertedWithCustomError(healthConsents, "HealthGrantNotActive")
      .withArgs(ids.alice, providers.specialist, Lab, Treatment);
  });

  it("a revoked grant, or a grantee whose licence was revoked, no longer validates", async function () {
    const city = await loadFixture(recordsFixture);
    const { healthConsents, claims, accounts, ids, providers, licences } = city;
    const expiresAt = (await chainTime(city)) + 30n * DAY;
    await healthConsents.connect(accounts.alice).grantAccess(providers.specialist, Lab, Treatment, expiresAt);
    await healthConsents.connect(accounts.alice).grantAccess(providers.doctor, Lab, Treatment, expiresAt);
    await expect(healthConsents.connect(accounts.alice).revokeAccess(providers.specialist, Lab, Treatment))
      .to.emit(healthConsents, "HealthAccessRevoked")
      .withArgs(ids.alice, providers.specialist, 1n);
    expect(await healthConsents.canAccess(providers.specialist, ids.alice, Lab, Treatment)).to.equal(false);
    await expect(
      healthConsents.connect(accounts.alice).revokeAccess(providers.specialist, Lab, Treatment),
    ).to.be.revertedWithCustomError(healthConsents, "HealthGrantNotActive");
    await claims.connect(accounts.registrar).revokeClaim(licences.doctor, reason("struck off"));
    expect(await healthConsents.canAccess(providers.doctor, ids.alice, Lab, Treatment)).to.equal(false);
  });

  it("refuses foreign categories, invalid purposes, bad expiries, unlicensed grantees and strangers", async function () {
    const city = await loadFixture(healthFixture);
    const { healthConsents, accounts, ids, providers } = city;
    const now = await chainTime(city);
    const alice = healthConsents.connect(accounts.alice);
    for (const category of [0, 6]) {
      await expect(alice.grantAccess(providers.doctor, category, Treatment, now + DAY))
        .to.be.revertedWithCustomError(healthConsents, "HealthCategoryUnknown")
        .withArgs(category);
    }
    for (const purpose of [0, Emergency, 5]) {
      await expect(alice.grantAccess(providers.doctor, Lab, purpose, now + DAY))
        .to.be.revertedWithCustomError(healthConsents, "HealthPurposeInvalid")
        .withArgs(purpose);
    }
    await expect(alice.grantAccess(providers.doctor, Lab, Treatment, now)).to.be.revertedWithCustomError(
      healthConsents,
      "HealthExpiryInvalid",
    );
    await expect(alice.grantAccess(providers.doctor, Lab, Treatment, now + 367n * DAY)).to.be.revertedWithCustomError(
      healthConsents,
      "HealthExpiryInvalid",
    );
    await expect(alice.grantAccess(ids.bob, Lab, Treatment, now + DAY))
      .to.be.revertedWithCustomError(healthConsents, "HealthGranteeNotLicensed")
      .withArgs(ids.bob);
    await expect(healthConsents.connect(accounts.mallory).grantAccess(providers.doctor, Lab, Treatment, now + DAY))
      .to.be.revertedWithCustomError(healthConsents, "HealthCallerUnknown")
      .withArgs(accounts.mallory.address);
    expect(await healthConsents.auditCount(ids.alice)).to.equal(0n);
  });

  it("a relayer submits the patient's signed grant; bad, replayed and expired signatures are refused", async function () {
    const city = await loadFixture(healthFixture);
    const { healthConsents, accounts, ids, providers } = city;
    const now = await chainTime(city);
    const fields = {
      patientId: ids.alice,
      providerId: providers.specialist,
      category: Lab as number,
      purpose: Treatment as number,
      expiresAt: now + 30n * DAY,
      deadline: now + DAY,
    };
    const { signature } = await signHealthGrant(accounts.alice, healthConsents, fields);
    const submit = (sig: string, f = fields) =>
      healthConsents
        .connect(accounts.bob)
        .grantAccessBySignature(f.patientId, f.providerId, f.category, f.purpose, f.expiresAt, f.deadline, sig);
    // Tampered field, wrong signer.
    await expect(submit(signature, { ...fields, category: Imaging }))
      .to.be.revertedWithCustomError(healthConsents, "HealthSignatureInvalid")
      .withArgs(ids.alice, accounts.alice.address);
    const forged = await signHealthGrant(accounts.mallory, healthConsents, fields);
    await expect(submit(forged.signature)).to.be.revertedWithCustomError(healthConsents, "HealthSignatureInvalid");
    await expect(submit(signature))
      .to.emit(healthConsents, "HealthAccessGranted")
      .withArgs(ids.alice, providers.specialist, 1n, Lab, Treatment, fields.expiresAt, accounts.bob.address);
    expect(await healthConsents.nonceOf(ids.alice)).to.equal(1n);
    expect(await healthConsents.canAccess(providers.specialist, ids.alice, Lab, Treatment)).to.equal(true);
    await expect(submit(signature)).to.be.revertedWithCustomError(healthConsents, "HealthSignatureInvalid");
    await expect(submit(signature, { ...fields, patientId: 999n }))
      .to.be.revertedWithCustomError(healthConsents, "HealthIdentityUnknown")
      .withArgs(999n);
    const late = await signHealthGrant(accounts.alice, healthConsents, fields);
    await time.increaseTo(fields.deadline + 1n);
    await expect(submit(late.signature)).to.be.revertedWithCustomError(healthConsents, "HealthSignatureExpired");
    expect(await healthConsents.nonceOf(ids.alice)).to.equal(1n);
  });
});

describe("Health break glass", function () {
  it("one physician only proposes; a second, different one opens a 24 h emergency grant", async function () {
    const city = await loadFixture(recordsFixture);
    const { healthConsents, accounts, ids, providers } = city;
    await expect(healthConsents.connect(accounts.doctor).breakGlass(ids.alice, reason("unconscious")))
      .to.emit(healthConsents, "HealthEmergencyProposed")
      .withArgs(ids.alice, providers.doctor, reason("unconscious"));
    expect((await healthConsents.proposalOf(ids.alice)).proposerId).to.equal(providers.doctor);
    expect(await healthConsents.canAccess(providers.doctor, ids.alice, Lab, Emergency)).to.equal(false);
    await expect(healthConsents.connect(accounts.doctor).breakGlass(ids.alice, reason("again")))
      .to.be.revertedWithCustomError(healthConsents, "HealthEmergencySameClinician")
      .withArgs(ids.alice, providers.doctor);
    const opened = healthConsents.connect(accounts.doctor2).breakGlass(ids.alice, reason("unconscious"));
    await expect(opened).to.emit(healthConsents, "HealthEmergencyOpened");
    const emergency = await healthConsents.emergencyOf(ids.alice);
    expect([emergency.emergencyId, emergency.firstId, emergency.secondId]).to.deep.equal([
      1n,
      providers.doctor,
      providers.doctor2,
    ]);
    expect(emergency.until).to.equal(BigInt(await time.latest()) + DAY);
    for (const who of [providers.doctor, providers.doctor2]) {
      expect(await healthConsents.canAccess(who, ids.alice, Imaging, Emergency)).to.equal(true);
      expect(await healthConsents.canAccess(who, ids.alice, Imaging, Treatment)).to.equal(false);
    }
    expect(await healthConsents.canAccess(providers.doctor, ids.alice, 0, Emergency)).to.equal(false);
    expect(await healthConsents.canAccess(providers.specialist, ids.alice, Imaging, Emergency)).to.equal(false);
    await expect(healthConsents.connect(accounts.doctor2).declareAccess(2n, Emergency))
      .to.emit(healthConsents, "HealthAccessDeclared")
      .withArgs(ids.alice, providers.doctor2, 2n, Emergency);
    // Neither participant can extend it, even with a fresh partner.
    await healthConsents.connect(accounts.specialist).breakGlass(ids.alice, reason("extend"));
    await expect(healthConsents.connect(accounts.doctor).breakGlass(ids.alice, reason("extend")))
      .to.be.revertedWithCustomError(healthConsents, "HealthEmergencyAlreadyOpen")
      .withArgs(ids.alice, providers.doctor, emergency.until);
    await time.increaseTo(emergency.until);
    expect(await healthConsents.canAccess(providers.doctor, ids.alice, Imaging, Emergency)).to.equal(false);
    const kinds = (await healthConsents.auditPage(ids.alice, 1n, 10n)).map((e) => Number(e.kind));
    expect(kinds).to.deep.equal([
      AuditKind.EmergencyProposed,
      AuditKind.EmergencyOpened,
      AuditKind.Accessed,
      AuditKind.EmergencyProposed,
    ]);
  });

  it("a new pair of physicians opens a new emergency while one is live; a stale proposal needs a new partner", async function () {
    const city = await loadFixture(recordsFixture);
    const { healthConsents, claims, accounts, ids, providers } = city;
    await claims.connect(accounts.registrar).issueClaim(ids.dave, PHYSICIAN_TOPIC, recordOf("dave"), city.validUntil);
    await healthConsents.connect(accounts.doctor).breakGlass(ids.alice, reason("a"));
    await healthConsents.connect(accounts.doctor2).breakGlass(ids.alice, reason("a"));
    await time.increase(20n * 3600n);
    await healthConsents.connect(accounts.specialist).breakGlass(ids.alice, reason("b"));
    await healthConsents.connect(accounts.dave).breakGlass(ids.alice, reason("b"));
    const second = await healthConsents.emergencyOf(ids.alice);
    expect([second.emergencyId, second.firstId, second.secondId]).to.deep.equal([2n, providers.specialist, ids.dave]);
    expect(await healthConsents.canAccess(providers.doctor, ids.alice, Lab, Emergency)).to.equal(false);
    // A proposal older than the window is replaced by the next call, which opens nothing.
    await time.increase(25n * 3600n);
    await healthConsents.connect(accounts.doctor).breakGlass(ids.alice, reason("c"));
    await time.increase(3601n);
    await expect(healthConsents.connect(accounts.doctor2).breakGlass(ids.alice, reason("c")))
      .to.emit(healthConsents, "HealthEmergencyProposed")
      .withArgs(ids.alice, providers.doctor2, reason("c"));
    expect((await healthConsents.emergencyOf(ids.alice)).emergencyId).to.equal(2n);
  });

  it("refuses clinics, unlicensed callers and unknown patients", async function () {
    const { healthConsents, accounts, ids, providers } = await loadFixture(healthFixture);
    await expect(healthConsents.connect(accounts.shop).breakGlass(ids.alice, reason("x")))
      .to.be.revertedWithCustomError(healthConsents, "HealthClinicianNotLicensed")
      .withArgs(accounts.shop.address, providers.lab);
    await expect(healthConsents.connect(accounts.mallory).breakGlass(ids.alice, reason("x")))
      .to.be.revertedWithCustomError(healthConsents, "HealthClinicianNotLicensed")
      .withArgs(accounts.mallory.address, 0n);
    await expect(healthConsents.connect(accounts.doctor).breakGlass(999n, reason("x")))
      .to.be.revertedWithCustomError(healthConsents, "HealthIdentityUnknown")
      .withArgs(999n);
  });
});

describe("Health audit and insurance link", function () {
  it("declared accesses need access now and land in the patient's append-only trail", async function () {
    const city = await loadFixture(recordsFixture);
    const { healthConsents, accounts, ids, providers } = city;
    const expiresAt = (await chainTime(city)) + 30n * DAY;
    await healthConsents.connect(accounts.alice).grantAccess(providers.specialist, Lab, Treatment, expiresAt);
    await expect(healthConsents.connect(accounts.specialist).declareAccess(1n, Treatment))
      .to.emit(healthConsents, "HealthAccessDeclared")
      .withArgs(ids.alice, providers.specialist, 1n, Treatment);
    await expect(healthConsents.connect(accounts.specialist).declareAccess(2n, Treatment))
      .to.be.revertedWithCustomError(healthConsents, "HealthAccessDenied")
      .withArgs(providers.specialist, 2n, Treatment);
    await expect(healthConsents.connect(accounts.mallory).declareAccess(1n, Treatment))
      .to.be.revertedWithCustomError(healthConsents, "HealthCallerUnknown")
      .withArgs(accounts.mallory.address);
    await healthConsents.connect(accounts.alice).revokeAccess(providers.specialist, Lab, Treatment);
    expect(await healthConsents.auditCount(ids.alice)).to.equal(3n);
    const entries = await healthConsents.auditPage(ids.alice, 1n, 100n);
    expect(entries.map((e) => [Number(e.kind), e.ref])).to.deep.equal([
      [AuditKind.Granted, 1n],
      [AuditKind.Accessed, 1n],
      [AuditKind.Revoked, 1n],
    ]);
    expect(await healthConsents.auditPage(ids.alice, 3n, 5n)).to.have.length(1);
    await expect(healthConsents.auditPage(ids.alice, 1n, 101n)).to.be.revertedWithCustomError(
      healthConsents,
      "RevisionPageTooLarge",
    );
  });

  it("a claim grant lets the assessor see exactly one record while the claim is open", async function () {
    const city = await loadFixture(recordsFixture);
    const { healthConsents, insurance, accounts, ids, officialIds, claimId } = city;
    const assessor = officialIds.assessor;
    await expect(healthConsents.connect(accounts.alice).grantClaimAccess(1n, assessor, claimId))
      .to.emit(healthConsents, "HealthClaimAccessGranted")
      .withArgs(ids.alice, assessor, 1n, claimId, 1n);
    expect(await healthConsents.canAccessRecord(assessor, 1n, Insurance)).to.equal(true);
    expect(await healthConsents.canAccessRecord(assessor, 2n, Insurance)).to.equal(false);
    expect(await healthConsents.canAccessRecord(assessor, 1n, Treatment)).to.equal(false);
    expect(await healthConsents.canAccess(assessor, ids.alice, Lab, Insurance)).to.equal(false);
    await expect(healthConsents.connect(accounts.assessor).declareAccess(1n, Insurance))
      .to.emit(healthConsents, "HealthAccessDeclared")
      .withArgs(ids.alice, assessor, 1n, Insurance);
    await expect(healthConsents.connect(accounts.assessor).declareAccess(2n, Insurance)).to.be.revertedWithCustomError(
      healthConsents,
      "HealthAccessDenied",
    );
    // The claim's life ends: the grant is void without any call to the health service.
    await insurance.connect(accounts.alice).withdrawClaim(claimId);
    expect(await healthConsents.canAccessRecord(assessor, 1n, Insurance)).to.equal(false);
    await expect(healthConsents.connect(accounts.alice).grantClaimAccess(2n, assessor, claimId))
      .to.be.revertedWithCustomError(healthConsents, "HealthClaimNotOpen")
      .withArgs(claimId, 4);
    const grant = await healthConsents.claimGrantOf(1n, assessor);
    expect([grant.claimId, grant.claimGrantId, grant.revoked]).to.deep.equal([claimId, 1n, false]);
  });

  it("claim grants: only the record's patient, an open claim of its own policy, a known assessor; revocable", async function () {
    const city = await loadFixture(recordsFixture);
    const { healthConsents, healthRecords, accounts, ids, officialIds, claimId } = city;
    const assessor = officialIds.assessor;
    await expect(healthConsents.connect(accounts.bob).grantClaimAccess(1n, assessor, claimId))
      .to.be.revertedWithCustomError(healthConsents, "HealthNotPatient")
      .withArgs(1n, ids.bob);
    await expect(healthConsents.connect(accounts.alice).grantClaimAccess(1n, 999n, claimId))
      .to.be.revertedWithCustomError(healthConsents, "HealthIdentityUnknown")
      .withArgs(999n);
    await expect(healthConsents.connect(accounts.alice).grantClaimAccess(1n, assessor, reason("no claim")))
      .to.be.revertedWithCustomError(healthConsents, "HealthClaimNotOpen")
      .withArgs(reason("no claim"), 0);
    await healthRecords.connect(accounts.doctor).anchorRecord(ids.bob, Lab, report("bob"));
    await expect(healthConsents.connect(accounts.bob).grantClaimAccess(3n, assessor, claimId))
      .to.be.revertedWithCustomError(healthConsents, "HealthClaimNotPatients")
      .withArgs(claimId, ids.alice);
    await expect(healthConsents.connect(accounts.alice).revokeClaimAccess(1n, assessor))
      .to.be.revertedWithCustomError(healthConsents, "HealthClaimGrantNotActive")
      .withArgs(1n, assessor);
    await healthConsents.connect(accounts.alice).grantClaimAccess(1n, assessor, claimId);
    await expect(healthConsents.connect(accounts.bob).revokeClaimAccess(1n, assessor)).to.be.revertedWithCustomError(
      healthConsents,
      "HealthNotPatient",
    );
    await expect(healthConsents.connect(accounts.alice).revokeClaimAccess(1n, assessor))
      .to.emit(healthConsents, "HealthClaimAccessRevoked")
      .withArgs(ids.alice, assessor, 1n);
    expect(await healthConsents.canAccessRecord(assessor, 1n, Insurance)).to.equal(false);
    await expect(healthConsents.connect(accounts.alice).revokeClaimAccess(1n, assessor)).to.be.revertedWithCustomError(
      healthConsents,
      "HealthClaimGrantNotActive",
    );
    const kinds = (await healthConsents.auditPage(ids.alice, 1n, 10n)).map((e) => Number(e.kind));
    expect(kinds).to.deep.equal([AuditKind.ClaimGranted, AuditKind.ClaimRevoked]);
  });
});
