import { readFileSync } from "node:fs";
import path from "node:path";

import { encodeBytes32String, keccak256, toUtf8Bytes } from "ethers";

import { DocumentScheme, type DocumentRef } from "./documents.js";

/**
 * A service whose implementation has immutables (constructor arguments) names the views of its proxy that return
 * them, in constructor order, each as `view` or `view[index]` for one value of a multi-value view: an upgrade
 * builds the new implementation with the running one's values unless told otherwise (`npm run upgrade -- --args`).
 */
export interface ServiceEntry {
  readonly contract: string;
  readonly source: string;
  readonly immutables?: readonly string[];
}

/** The city's service modules as the ServiceDirectory lists them. */
export const SERVICES = {
  token: { contract: "CityToken", source: "contracts/token/CityToken.sol" },
  identity: { contract: "IdentityRegistry", source: "contracts/identity/IdentityRegistry.sol" },
  claims: { contract: "IdentityClaims", source: "contracts/identity/IdentityClaims.sol" },
  passkeys: {
    contract: "PasskeyRegistry",
    source: "contracts/identity/PasskeyRegistry.sol",
    immutables: ["identityRegistry", "relyingPartyIdHash"],
  },
  land: { contract: "LandRegistry", source: "contracts/land/LandRegistry.sol", immutables: ["settlement[0]"] },
  landLiens: { contract: "LandLiens", source: "contracts/land/LandLiens.sol" },
  landDeeds: { contract: "LandDeeds", source: "contracts/land/LandDeeds.sol" },
  energyMeters: { contract: "EnergyMeters", source: "contracts/energy/EnergyMeters.sol" },
  energy: { contract: "EnergyMarket", source: "contracts/energy/EnergyMarket.sol" },
  energyCertificates: { contract: "EnergyCertificates", source: "contracts/energy/EnergyCertificates.sol" },
  elections: { contract: "Elections", source: "contracts/voting/Elections.sol" },
  selftally: { contract: "SelfTallyBallot", source: "contracts/voting/SelfTallyBallot.sol" },
  carbonCredits: { contract: "CarbonCredits", source: "contracts/carbon/CarbonCredits.sol" },
  emissions: { contract: "EmissionsRegister", source: "contracts/carbon/EmissionsRegister.sol" },
  insurance: { contract: "Insurance", source: "contracts/insurance/Insurance.sol" },
  insuranceRelay: { contract: "InsuranceClaimsRelay", source: "contracts/insurance/InsuranceClaimsRelay.sol" },
  healthRecords: { contract: "HealthRecords", source: "contracts/health/HealthRecords.sol" },
  healthConsents: { contract: "HealthConsents", source: "contracts/health/HealthConsents.sol" },
  supply: { contract: "SupplyChain", source: "contracts/supply/SupplyChain.sol" },
  scope3: { contract: "Scope3Register", source: "contracts/carbon/Scope3Register.sol" },
  supplyInspections: { contract: "SupplyInspections", source: "contracts/supply/SupplyInspections.sol" },
  invoices: { contract: "Invoices", source: "contracts/payments/Invoices.sol" },
  payroll: { contract: "PayrollStreams", source: "contracts/payments/PayrollStreams.sol" },
  propertyTax: { contract: "PropertyTax", source: "contracts/payments/PropertyTax.sol" },
} as const satisfies Record<string, ServiceEntry>;

export type ServiceName = keyof typeof SERVICES;

/** The directory id of a service: its name as a `bytes32` string (readable in explorers). */
export function serviceId(name: ServiceName): string {
  return encodeBytes32String(name);
}

/**
 * The metadata document of a service module: its ABI as compiled here. The directory anchors its
 * commitment, so an auditor can check that the registered module exposes exactly this interface.
 * Reads `artifacts/`, so the project must be built (every Hardhat task builds first).
 */
export function serviceMetadata(name: ServiceName, root = process.cwd()): DocumentRef {
  const { contract, source } = SERVICES[name];
  const artifactPath = path.join(root, "artifacts", source, `${contract}.json`);
  const { abi } = JSON.parse(readFileSync(artifactPath, "utf8")) as { abi: unknown };
  return {
    contentHash: keccak256(toUtf8Bytes(JSON.stringify(abi))),
    scheme: DocumentScheme.PLAINTEXT,
    uri: `citychain:abi/${contract}.json`,
  };
}
