import { id, parseEther, toUtf8String } from "ethers";

import { decryptDocument, documentRef, DocumentScheme, encryptDocument } from "../../src/documents.js";
import {
  HealthCategory,
  HealthPurpose,
  PHYSICIAN_TOPIC,
  CLINIC_TOPIC,
  generateEncryptionKeyPair,
  signHealthGrant,
  unwrapDocumentKey,
  wrapDocumentKey,
} from "../../src/health.js";
import { IdentityKind } from "../../src/identity.js";
import { claimIdOf } from "../../src/insurance.js";
import type { Chapter } from "./narrator.js";

const DAY = 86_400n;

/**
 * Health records: dave's lab result is shared with a specialist for 30 days (by a signature his clinic's front desk
 * relays), read, then revoked; two clinicians break the glass for him; the insurer's assessor sees exactly one
 * record for his claim, and nothing once the claim is closed.
 */
export const healthChapter: Chapter = async ({ connection, city, say }) => {
  const { time } = connection.networkHelpers;
  const { identity, claims, healthRecords, healthConsents, insurance, accounts } = city;
  const { admin, registrar, doctor, doctor2, specialist, shop, dave, erin, mallory, assessor } = accounts;
  const { Lab, Imaging } = HealthCategory;
  const { Treatment, Emergency, Insurance } = HealthPurpose;

  say.title("6. Health records: consent, break glass, an assessor's single record");
  say.line("The medical board (registrar's office) licenses two physicians, a specialist and a lab as identities.");
  const validUntil = BigInt(await time.latest()) + 3650n * DAY;
  // Earlier chapters may already have given some of them an identity (the registry office has one): reuse it.
  const register = async (label: string, wallet: string, kind: number) => {
    const existing = await identity.identityOf(wallet);
    if (existing !== 0n) return existing;
    await say.tx(
      `registrar: register ${label}`,
      identity.connect(registrar).register(kind, 3, id(`subject ${label}`), id(`record ${label}`), validUntil, wallet),
    );
    return identity.identityOf(wallet);
  };
  const board = await register("the medical board", registrar.address, IdentityKind.Official);
  await say.tx(
    "admin: trust the board for physician licences",
    claims.connect(admin).setTrustedIssuer(PHYSICIAN_TOPIC, board, true),
  );
  await say.tx(
    "admin: trust the board for clinic licences",
    claims.connect(admin).setTrustedIssuer(CLINIC_TOPIC, board, true),
  );
  const ids: Record<string, bigint> = {};
  for (const [name, signer, topic] of [
    ["doctor", doctor, PHYSICIAN_TOPIC],
    ["doctor2", doctor2, PHYSICIAN_TOPIC],
    ["specialist", specialist, PHYSICIAN_TOPIC],
    ["lab", shop, CLINIC_TOPIC],
  ] as const) {
    ids[name] = await register(name, signer.address, IdentityKind.Business);
    await say.tx(
      `board: licence ${name}`,
      claims.connect(registrar).issueClaim(ids[name], topic, id(`licence ${name}`), validUntil),
    );
  }
  const patient = await identity.identityOf(dave.address);

  say.line("The lab encrypts dave's result off-chain and anchors only its commitment.");
  const { blob, key } = encryptDocument("dave: HbA1c 5.4 %, LDL 2.1 mmol/L", { associatedData: id("record 1") });
  const doc = documentRef(blob, "ipfs://bafy-dave-lab-2026-11", DocumentScheme.AES_256_GCM);
  await say.tx(
    "lab: anchorRecord(dave, Lab, commitment) -> record #1",
    healthRecords.connect(shop).anchorRecord(patient, Lab, doc),
  );
  await say.tx(
    "doctor: anchorRecord(dave, Imaging) -> record #2",
    healthRecords
      .connect(doctor)
      .anchorRecord(patient, Imaging, { ...doc, contentHash: id("x-ray"), uri: "ipfs://bafy-xray" }),
  );
  await say.refused(
    "mallory (no licence): anchorRecord(dave, Lab)",
    healthRecords.connect(mallory).anchorRecord(patient, Lab, doc),
    healthRecords,
  );
  say.record(
    `health record #1 (lab) and #2 (imaging) of dave, ${await healthRecords.patientRecordCount(patient)} in his index`,
  );

  say.line("The specialist publishes an X25519 key; dave signs a 30-day consent his clinic's front desk relays.");
  const specialistKeys = generateEncryptionKeyPair();
  await say.tx(
    "specialist: publishEncryptionKey(x25519)",
    healthRecords.connect(specialist).publishEncryptionKey(specialistKeys.publicKey),
  );
  const now = BigInt(await time.latest());
  const grant = {
    patientId: patient,
    providerId: ids.specialist,
    category: Lab,
    purpose: Treatment,
    expiresAt: now + 30n * DAY,
    deadline: now + DAY,
  };
  const { signature } = await signHealthGrant(dave, healthConsents, grant);
  const relay = () =>
    healthConsents
      .connect(erin)
      .grantAccessBySignature(patient, ids.specialist, Lab, Treatment, grant.expiresAt, grant.deadline, signature);
  await say.tx("front desk (erin): grantAccessBySignature(dave -> specialist, Lab, Treatment, 30 days)", relay());
  await say.refused("front desk: the same signature again (replay)", relay(), healthConsents);
  const wrapped = wrapDocumentKey(key, await healthRecords.encryptionKeyOf(ids.specialist), id("record 1"));
  const plain = toUtf8String(
    decryptDocument(blob, unwrapDocumentKey(wrapped, specialistKeys, id("record 1")), id("record 1")),
  );
  say.line(`specialist unwraps the key sent off-chain and reads: "${plain}"`);
  await say.tx(
    "specialist: declareAccess(record #1, Treatment)",
    healthConsents.connect(specialist).declareAccess(1n, Treatment),
  );
  await say.refused(
    "specialist: declareAccess(record #2 imaging)",
    healthConsents.connect(specialist).declareAccess(2n, Treatment),
    healthConsents,
  );
  await say.tx(
    "dave: revokeAccess(specialist, Lab, Treatment)",
    healthConsents.connect(dave).revokeAccess(ids.specialist, Lab, Treatment),
  );
  say.line(
    `canAccess(specialist, dave, Lab, Treatment) = ${await healthConsents.canAccess(ids.specialist, patient, Lab, Treatment)}`,
  );

  say.line("dave is brought in unconscious: two different physicians break the glass for 24 hours.");
  await say.tx(
    "doctor: breakGlass(dave) -> proposal",
    healthConsents.connect(doctor).breakGlass(patient, id("unconscious, ER")),
  );
  await say.refused(
    "doctor: breakGlass(dave) again (alone)",
    healthConsents.connect(doctor).breakGlass(patient, id("x")),
    healthConsents,
  );
  await say.tx(
    "doctor2: breakGlass(dave) -> emergency #1, 24 h",
    healthConsents.connect(doctor2).breakGlass(patient, id("unconscious, ER")),
  );
  await say.tx(
    "doctor2: declareAccess(record #2, Emergency)",
    healthConsents.connect(doctor2).declareAccess(2n, Emergency),
  );
  await time.increase(DAY);
  say.line(
    `a day later: canAccess(doctor2, dave, Imaging, Emergency) = ${await healthConsents.canAccess(ids.doctor2, patient, Imaging, Emergency)}`,
  );

  say.line("dave claims his hospital stay; his consent lets the assessor see record #1 only, for the claim's life.");
  const assessorId = await identity.identityOf(assessor.address);
  await say.tx(
    "dave: submitClaim(policy #6, hospital stay)",
    insurance.connect(dave).submitClaim(6n, id("hospital stay"), parseEther("2000"), id("evidence")),
  );
  const claimId = claimIdOf(6n, id("hospital stay"));
  await say.tx(
    "dave: grantClaimAccess(record #1, assessor, claim)",
    healthConsents.connect(dave).grantClaimAccess(1n, assessorId, claimId),
  );
  say.line(
    `assessor: record #1 ${await healthConsents.canAccessRecord(assessorId, 1n, Insurance)}, record #2 ${await healthConsents.canAccessRecord(assessorId, 2n, Insurance)}`,
  );
  await say.tx(
    "assessor: declareAccess(record #1, Insurance)",
    healthConsents.connect(assessor).declareAccess(1n, Insurance),
  );
  await say.tx(
    "assessor: confirmClaim(2,000) -> paid, the claim closes",
    insurance.connect(assessor).confirmClaim(claimId, parseEther("2000")),
  );
  say.line(
    `after payment: assessor may read record #1 = ${await healthConsents.canAccessRecord(assessorId, 1n, Insurance)}`,
  );
  const trail = await healthConsents.auditCount(patient);
  say.record(`dave's audit trail: ${trail} entries (grant, access, revocation, break glass x2, accesses, claim grant)`);
};
