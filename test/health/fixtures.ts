import { id, parseEther } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { documentRef, DocumentScheme, encryptDocument } from "../../src/documents.js";
import { CLINIC_TOPIC, HealthCategory, PHYSICIAN_TOPIC } from "../../src/health.js";
import { IdentityKind } from "../../src/identity.js";
import { claimIdOf } from "../../src/insurance.js";
import { chainTime, recordOf, registerResident } from "../identity/helpers.js";
import { DAY, HOUSE, deployInsuranceCity, evidence, incident, type InsuranceCity } from "../insurance/fixtures.js";

export { DAY };

export interface HealthCity extends InsuranceCity {
  /** doctor, doctor2, specialist: physicians; lab (the `shop` account): a clinic; board: the credential issuer. */
  providers: { doctor: bigint; doctor2: bigint; specialist: bigint; lab: bigint; board: bigint };
  /** Credential claim ids, by provider. */
  licences: { doctor: bigint; doctor2: bigint; specialist: bigint; lab: bigint };
  /** alice's open insurance claim (policy 1, submitted). */
  claimId: string;
}

/** A document reference for an encrypted medical report (random key; the blob would go off-chain). */
export function report(label: string) {
  const { blob } = encryptDocument(`report ${label}`);
  return documentRef(blob, `ipfs://health/${label}`, DocumentScheme.AES_256_GCM);
}

/**
 * The insurance city plus a medical board (the `registrar` account's identity, trusted for both topics), three
 * licensed physicians and a licensed lab, and alice's open insurance claim.
 */
export async function deployHealthCity(connection: NetworkConnection): Promise<HealthCity> {
  const city = await deployInsuranceCity(connection);
  const { accounts, claims } = city;
  const board = await registerResident(city, accounts.registrar, "BOARD-1", { kind: IdentityKind.Official });
  await claims.connect(accounts.admin).setTrustedIssuer(PHYSICIAN_TOPIC, board, true);
  await claims.connect(accounts.admin).setTrustedIssuer(CLINIC_TOPIC, board, true);
  const until = (await chainTime(city)) + 5n * 365n * DAY;
  const providers = { board } as HealthCity["providers"];
  const licences = {} as HealthCity["licences"];
  const cast = {
    doctor: accounts.doctor,
    doctor2: accounts.doctor2,
    specialist: accounts.specialist,
    lab: accounts.shop,
  };
  for (const [name, signer] of Object.entries(cast) as [keyof HealthCity["licences"], typeof accounts.doctor][]) {
    providers[name] = await registerResident(city, signer, `MED-${name}`);
    const topic = name === "lab" ? CLINIC_TOPIC : PHYSICIAN_TOPIC;
    await claims.connect(accounts.registrar).issueClaim(providers[name], topic, recordOf(`licence ${name}`), until);
    licences[name] = await claims.claimCount();
  }
  await city.insurance.connect(accounts.alice).buyPolicy(city.product1, city.parcel, HOUSE);
  await connection.networkHelpers.time.increase(8n * DAY);
  await city.insurance.connect(accounts.alice).submitClaim(1n, incident("health"), parseEther("1000"), evidence("h"));
  return { ...city, providers, licences, claimId: claimIdOf(1n, incident("health")) };
}

/** The health city with alice's lab result (record 1, by the lab) and an X-ray (record 2, by the doctor). */
export async function deployRecordsCity(connection: NetworkConnection) {
  const city = await deployHealthCity(connection);
  const { healthRecords, accounts, ids } = city;
  await healthRecords.connect(accounts.shop).anchorRecord(ids.alice, HealthCategory.Lab, report("lab-1"));
  await healthRecords.connect(accounts.doctor).anchorRecord(ids.alice, HealthCategory.Imaging, report("xray-1"));
  return city;
}

export const reason = (text: string): string => id(`reason ${text}`);
