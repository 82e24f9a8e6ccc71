import { expect } from "chai";

import { HealthCategory, HealthPurpose } from "../../src/health.js";
import { deployBehindProxy } from "../../src/proxy.js";
import type { HealthConsentsV2, HealthRecordsV2 } from "../../typechain-types/index.js";
import { chainTime } from "../identity/helpers.js";
import { snapshotViews, upgradeService } from "../shared/upgrades.js";
import { DAY, deployRecordsCity, reason, report } from "./fixtures.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;
const { Lab, Imaging } = HealthCategory;
const { Treatment, Emergency, Insurance } = HealthPurpose;

/** Live state: two records (one corrected), a grant, a revoked grant, a pending break glass, a claim grant. */
async function liveFixture() {
  const city = await deployRecordsCity(connection);
  const { healthRecords, healthConsents, accounts, ids, providers, officialIds, claimId } = city;
  const expiresAt = (await chainTime(city)) + 30n * DAY;
  await healthRecords.connect(accounts.doctor).correctRecord(2n, report("xray-fixed"));
  await healthRecords.connect(accounts.specialist).publishEncryptionKey("0x" + "22".repeat(32));
  await healthConsents.connect(accounts.alice).grantAccess(providers.specialist, Lab, Treatment, expiresAt);
  await healthConsents.connect(accounts.alice).grantAccess(providers.doctor2, Imaging, Treatment, expiresAt);
  await healthConsents.connect(accounts.alice).revokeAccess(providers.doctor2, Imaging, Treatment);
  await healthConsents.connect(accounts.alice).grantClaimAccess(1n, officialIds.assessor, claimId);
  await healthConsents.connect(accounts.doctor).breakGlass(ids.alice, reason("pending"));
  return city;
}

describe("Health upgrade", function () {
  it("keeps records, indexes, keys, grants, proposals and trails through an upgrade; everything still works", async function () {
    const city = await networkHelpers.loadFixture(liveFixture);
    const { healthRecords, healthConsents, accounts, ids, providers, officialIds } = city;
    const views = () =>
      snapshotViews({
        record2: () => healthRecords.record(2n),
        record3: () => healthRecords.record(3n),
        index: () => healthRecords.patientRecords(ids.alice, 0n, 10n),
        key: () => healthRecords.encryptionKeyOf(providers.specialist),
        grant: () => healthConsents.grantOf(ids.alice, providers.specialist, Lab, Treatment),
        revoked: () => healthConsents.grantOf(ids.alice, providers.doctor2, Imaging, Treatment),
        claimGrant: () => healthConsents.claimGrantOf(1n, officialIds.assessor),
        proposal: () => healthConsents.proposalOf(ids.alice),
        trail: () => healthConsents.auditPage(ids.alice, 1n, 100n),
        nonce: () => healthConsents.nonceOf(ids.alice),
      });
    const before = await views();
    const records = await upgradeService<HealthRecordsV2>(connection, city, healthRecords, "HealthRecordsV2", {
      migration: (await ethers.getContractFactory("HealthRecordsV2")).interface.encodeFunctionData("initializeV2", [
        7n,
      ]),
      service: "healthRecords",
    });
    const consents = await upgradeService<HealthConsentsV2>(connection, city, healthConsents, "HealthConsentsV2", {
      migration: (await ethers.getContractFactory("HealthConsentsV2")).interface.encodeFunctionData("initializeV2", [
        8n,
      ]),
      service: "healthConsents",
    });
    expect(await views()).to.deep.equal(before);
    expect(await records.v2Field()).to.equal(7n);
    expect(await consents.version()).to.equal("2");
    expect(await consents.canAccess(providers.specialist, ids.alice, Lab, Treatment)).to.equal(true);
    expect(await consents.canAccess(providers.doctor2, ids.alice, Imaging, Treatment)).to.equal(false);
    expect(await consents.canAccessRecord(officialIds.assessor, 1n, Insurance)).to.equal(true);
    // The pending break glass completes with a second physician; records still anchor.
    await consents.connect(accounts.doctor2).breakGlass(ids.alice, reason("pending"));
    expect(await consents.canAccess(providers.doctor2, ids.alice, Lab, Emergency)).to.equal(true);
    await records.connect(accounts.doctor).anchorRecord(ids.alice, Lab, report("after"));
    expect(await records.recordCount()).to.equal(4n);
  });

  it("refuses an upgrade by a non-UPGRADER, a second initialize, and any use of the implementation", async function () {
    const city = await networkHelpers.loadFixture(liveFixture);
    const { healthRecords, healthConsents, accounts, manager, identity, claims, insurance } = city;
    for (const [proxy, name] of [
      [healthRecords, "HealthRecordsV2"],
      [healthConsents, "HealthConsentsV2"],
    ] as const) {
      const v2 = await ethers.deployContract(name);
      await expect(proxy.connect(accounts.doctor).upgradeToAndCall(await v2.getAddress(), "0x"))
        .to.be.revertedWithCustomError(proxy, "AccessManagedUnauthorized")
        .withArgs(accounts.doctor.address);
    }
    const recordArgs = [await manager.getAddress(), await identity.getAddress(), await claims.getAddress()] as const;
    await expect(healthRecords.initialize(...recordArgs)).to.be.revertedWithCustomError(
      healthRecords,
      "InvalidInitialization",
    );
    const recordsImpl = await ethers.getContractAt("HealthRecords", await healthRecords.implementation());
    await expect(recordsImpl.initialize(...recordArgs)).to.be.revertedWithCustomError(
      recordsImpl,
      "InvalidInitialization",
    );
    const consentArgs = [...recordArgs, await healthRecords.getAddress(), await insurance.getAddress()] as const;
    await expect(healthConsents.initialize(...consentArgs)).to.be.revertedWithCustomError(
      healthConsents,
      "InvalidInitialization",
    );
    const consentsImpl = await ethers.getContractAt("HealthConsents", await healthConsents.implementation());
    await expect(consentsImpl.initialize(...consentArgs)).to.be.revertedWithCustomError(
      consentsImpl,
      "InvalidInitialization",
    );
    // A fresh proxy refuses addresses without code.
    await expect(
      deployBehindProxy(connection, "HealthRecords", [recordArgs[0], accounts.mallory.address, recordArgs[2]]),
    ).to.be.revertedWithCustomError(healthRecords, "HealthContractInvalid");
    await expect(
      deployBehindProxy(connection, "HealthConsents", [...recordArgs, accounts.mallory.address, recordArgs[1]]),
    ).to.be.revertedWithCustomError(healthConsents, "HealthContractInvalid");
    await expect(
      deployBehindProxy(connection, "HealthRecords", [recordArgs[0], recordArgs[1], accounts.mallory.address]),
    ).to.be.revertedWithCustomError(healthRecords, "HealthContractInvalid");
  });
});
