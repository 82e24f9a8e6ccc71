import { expect } from "chai";
import { parseEther, Wallet } from "ethers";

import { decryptDocument, encryptDocument } from "../../src/documents.js";
import {
  HealthCategory,
  HealthPurpose,
  generateEncryptionKeyPair,
  signHealthGrant,
  unwrapDocumentKey,
  wrapDocumentKey,
} from "../../src/health.js";
import { chainTime } from "../identity/helpers.js";
import { shouldRejectUnauthorized } from "../shared/unauthorized.js";
import { DAY, deployRecordsCity } from "./fixtures.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;
const { time, loadFixture } = networkHelpers;
const { Lab, Imaging } = HealthCategory;
const { Treatment } = HealthPurpose;

async function recordsFixture() {
  return deployRecordsCity(connection);
}

/** alice granted the specialist her lab results, then her key was recovered to a fresh wallet. */
async function recoveredFixture() {
  const city = await deployRecordsCity(connection);
  const { healthConsents, identity, accounts, ids, providers } = city;
  const expiresAt = (await chainTime(city)) + 60n * DAY;
  await healthConsents.connect(accounts.alice).grantAccess(providers.specialist, Lab, Treatment, expiresAt);
  const stale = await signHealthGrant(accounts.alice, healthConsents, {
    patientId: ids.alice,
    providerId: providers.doctor2,
    category: Lab,
    purpose: Treatment,
    expiresAt,
    deadline: expiresAt,
  });
  await identity.connect(accounts.alice).appointGuardians(ids.alice, [ids.bob, ids.dave], 2);
  await time.increase(4n * DAY);
  const fresh = Wallet.createRandom().connect(ethers.provider);
  await networkHelpers.setBalance(fresh.address, parseEther("10"));
  await identity.connect(accounts.bob).initiateRecovery(ids.alice, fresh.address);
  await identity.connect(accounts.dave).approveRecovery(1n);
  await time.increase(4n * DAY);
  await identity.connect(accounts.erin).executeRecovery(1n);
  return { ...city, fresh, stale, expiresAt };
}

describe("Health security", function () {
  it("a recovered key keeps the patient's records and grants; the old key can do nothing", async function () {
    const { healthConsents, healthRecords, accounts, ids, providers, fresh, stale, expiresAt } =
      await loadFixture(recoveredFixture);
    expect(await healthRecords.patientRecords(ids.alice, 0n, 10n)).to.deep.equal([1n, 2n]);
    expect(await healthConsents.canAccess(providers.specialist, ids.alice, Lab, Treatment)).to.equal(true);
    // The old wallet: no grant, no revocation, no relayed signature.
    await expect(healthConsents.connect(accounts.alice).revokeAccess(providers.specialist, Lab, Treatment))
      .to.be.revertedWithCustomError(healthConsents, "HealthCallerUnknown")
      .withArgs(accounts.alice.address);
    await expect(
      healthConsents.connect(accounts.alice).grantAccess(providers.doctor2, Imaging, Treatment, expiresAt),
    ).to.be.revertedWithCustomError(healthConsents, "HealthCallerUnknown");
    await expect(
      healthConsents
        .connect(accounts.bob)
        .grantAccessBySignature(ids.alice, providers.doctor2, Lab, Treatment, expiresAt, expiresAt, stale.signature),
    )
      .to.be.revertedWithCustomError(healthConsents, "HealthSignatureInvalid")
      .withArgs(ids.alice, fresh.address);
    await expect(
      healthConsents.connect(accounts.alice).grantClaimAccess(1n, ids.bob, ethers.ZeroHash),
    ).to.be.revertedWithCustomError(healthConsents, "HealthCallerUnknown");
    // The new wallet holds every right of the identity.
    await healthConsents.connect(fresh).revokeAccess(providers.specialist, Lab, Treatment);
    expect(await healthConsents.canAccess(providers.specialist, ids.alice, Lab, Treatment)).to.equal(false);
    const signed = await signHealthGrant(fresh, healthConsents, {
      patientId: ids.alice,
      providerId: providers.doctor2,
      category: Lab,
      purpose: Treatment,
      expiresAt,
      deadline: expiresAt,
    });
    await healthConsents
      .connect(accounts.bob)
      .grantAccessBySignature(ids.alice, providers.doctor2, Lab, Treatment, expiresAt, expiresAt, signed.signature);
    expect(await healthConsents.canAccess(providers.doctor2, ids.alice, Lab, Treatment)).to.equal(true);
    expect(await healthConsents.auditCount(ids.alice)).to.equal(3n);
  });

  it("a grantee decrypts a record through its published key; a non-grantee cannot", async function () {
    const { healthRecords, accounts, providers } = await loadFixture(recordsFixture);
    const specialistKeys = generateEncryptionKeyPair();
    const strangerKeys = generateEncryptionKeyPair();
    await healthRecords.connect(accounts.specialist).publishEncryptionKey(specialistKeys.publicKey);
    const recordKey = ethers.toBeHex(1n, 32);
    const { blob, key } = encryptDocument("HbA1c 5.4 %", { associatedData: recordKey });
    // The lab wraps the document key for the key the grantee published on-chain.
    const published = await healthRecords.encryptionKeyOf(providers.specialist);
    const wrapped = wrapDocumentKey(key, published, recordKey);
    const unwrapped = unwrapDocumentKey(wrapped, specialistKeys, recordKey);
    expect(ethers.toUtf8String(decryptDocument(blob, unwrapped, recordKey))).to.equal("HbA1c 5.4 %");
    expect(() => unwrapDocumentKey(wrapped, strangerKeys, recordKey)).to.throw();
    expect(() => unwrapDocumentKey(wrapped, specialistKeys, ethers.toBeHex(2n, 32))).to.throw();
    expect(() => unwrapDocumentKey(wrapped.subarray(0, 40), specialistKeys)).to.throw("truncated");
    expect(() => wrapDocumentKey(key, "0x1234")).to.throw("32 bytes");
  });

  shouldRejectUnauthorized(async () => {
    const city = await loadFixture(recordsFixture);
    return {
      contracts: { HealthRecords: city.healthRecords, HealthConsents: city.healthConsents },
      manager: city.manager,
      stranger: city.accounts.mallory,
    };
  }, ["HealthRecords", "HealthConsents"]);
});
