import { id } from "ethers";

import { DocumentScheme } from "../../src/documents.js";
import { HealthCategory, HealthPurpose, PHYSICIAN_TOPIC, signHealthGrant } from "../../src/health.js";
import { AssuranceLevel, IdentityKind } from "../../src/identity.js";
import { gasOf, type BenchSuite, type Budget } from "./types.js";

const DAY = 86_400n;
/** Grants the patient gave before `health.grant_after_1000` is measured. */
const PRIOR_GRANTS = 1000;

/**
 * The health service, every figure in steady state (the counters and the patient's index, trail and nonce
 * already written by an earlier operation). `health.anchor_record`: a licensed physician anchors an encrypted lab
 * result (an IPFS CID URI) for a patient. `health.grant`: the patient grants a provider one category for one
 * purpose (a fresh grant slot and a fresh audit entry). `health.grant_after_1000`: the same grant after the same
 * patient gave 1,000 other grants (its audit trail 1,000 entries long: appends are O(1)).
 * `health.grant_by_signature`: a relayer submits the patient's EIP-712 grant. `health.can_access`: the view as a
 * call (`estimateGas`, 21,000 intrinsic included): one grant slot and two credential checks.
 */
export const healthSuite: BenchSuite = async ({ connection, city }) => {
  const { time } = connection.networkHelpers;
  const { identity, claims, healthRecords, healthConsents, accounts } = city;
  const { admin, registrar, alice, bob, doctor, doctor2, specialist } = accounts;
  const ops: Record<string, bigint> = {};
  const validUntil = BigInt(await time.latest()) + 3650n * DAY;
  const register = async (label: string, wallet: string, kind: number = IdentityKind.Resident) => {
    await (
      await identity
        .connect(registrar)
        .register(kind, AssuranceLevel.BIOMETRIC, id(`subject ${label}`), id(`record ${label}`), validUntil, wallet)
    ).wait();
    return identity.identityOf(wallet);
  };
  const board = await register("board", registrar.address, IdentityKind.Official);
  await (await claims.connect(admin).setTrustedIssuer(PHYSICIAN_TOPIC, board, true)).wait();
  const patient = await register("alice", alice.address);
  await register("bob", bob.address);
  const ids: Record<string, bigint> = {};
  for (const [name, signer] of Object.entries({ doctor, doctor2, specialist })) {
    ids[name] = await register(name, signer.address);
    await (
      await claims.connect(registrar).issueClaim(ids[name], PHYSICIAN_TOPIC, id(`licence ${name}`), validUntil)
    ).wait();
  }
  const doc = (n: number) => ({
    contentHash: id(`lab result ${n}`),
    scheme: DocumentScheme.AES_256_GCM,
    uri: `ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbz${n}`,
  });
  const records = healthRecords.connect(doctor);
  await (await records.anchorRecord(patient, HealthCategory.Lab, doc(0))).wait();
  ops["health.anchor_record"] = await gasOf(records.anchorRecord(patient, HealthCategory.Lab, doc(1)));

  const consents = healthConsents.connect(alice);
  const { Lab, Imaging, Prescription } = HealthCategory;
  const { Treatment, SecondOpinion } = HealthPurpose;
  const expiresAt = BigInt(await time.latest()) + 300n * DAY;
  await (await consents.grantAccess(ids.doctor, Prescription, Treatment, expiresAt)).wait();
  ops["health.grant"] = await gasOf(consents.grantAccess(ids.specialist, Lab, Treatment, expiresAt));

  const signed = async (providerId: bigint, category: number) => {
    const { signature } = await signHealthGrant(alice, healthConsents, {
      patientId: patient,
      providerId,
      category,
      purpose: SecondOpinion,
      expiresAt,
      deadline: expiresAt,
    });
    return healthConsents
      .connect(bob)
      .grantAccessBySignature(patient, providerId, category, SecondOpinion, expiresAt, expiresAt, signature);
  };
  await (await signed(ids.doctor, Lab)).wait();
  ops["health.grant_by_signature"] = await gasOf(signed(ids.specialist, Imaging));
  ops["health.can_access"] = await healthConsents.canAccess.estimateGas(ids.specialist, patient, Lab, Treatment);

  // 1,000 more grants by the same patient (overwriting one key: what grows is the patient's trail and the counter).
  for (let i = 0; i < PRIOR_GRANTS; i++) {
    await (await consents.grantAccess(ids.doctor, Prescription, Treatment, expiresAt + BigInt(i))).wait();
  }
  ops["health.grant_after_1000"] = await gasOf(consents.grantAccess(ids.doctor2, Lab, Treatment, expiresAt));
  return ops;
};

/**
 * Issue 15 budgets. References: an anchored record creates a new owned item (three record slots and an index
 * entry), like minting an ERC-721 token (owner + balance), plus the caller's identity and credential checks
 * (registry and claims proxies) and the document event; a grant writes one fresh grant slot and one fresh audit
 * entry (two new slots, as an ERC-721 mint) plus the same identity and credential checks, so both are compared
 * with `ref.erc721.mint`; `can_access` is a read, compared with an ERC-20 transfer as the everyday unit of cost (it
 * is a call: 21,000 intrinsic, the proxy, one grant slot and one credential lookup through the claims proxy).
 * The issue's own requirement is `health.grant_after_1000` within 2 % of `health.grant`.
 */
export const healthBudgets: Budget[] = [
  { operation: "health.anchor_record", atMost: 2.75, of: "ref.erc721.mint" },
  { operation: "health.grant", atMost: 2.25, of: "ref.erc721.mint" },
  { operation: "health.grant_by_signature", atMost: 2.5, of: "ref.erc721.mint" },
  { operation: "health.can_access", atMost: 1.6, of: "ref.erc20.transfer" },
  { operation: "health.grant_after_1000", withinPercent: 2, of: "health.grant" },
];
