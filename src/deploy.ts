import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkConnection } from "hardhat/types/network";

import CityModule from "../deploy/modules/City.js";
import type {
  CarbonCredits,
  CityAccessManager,
  CityToken,
  EnergyCertificates,
  EnergyMarket,
  EnergyMeters,
  Elections,
  SelfTallyBallot,
  EmissionsRegister,
  HealthConsents,
  HealthRecords,
  IdentityClaims,
  IdentityRegistry,
  Insurance,
  InsuranceClaimsRelay,
  Invoices,
  LandDeeds,
  LandLiens,
  LandRegistry,
  PasskeyRegistry,
  PayrollStreams,
  PropertyTax,
  ServiceDirectory,
  Scope3Register,
  SupplyChain,
  SupplyInspections,
} from "../typechain-types/index.js";
import { Roles, type RoleName } from "./roles.js";

/** The named accounts of a development city, in the order of the node's unlocked accounts. */
export const CAST = [
  "admin",
  "guardian",
  "registrar",
  "treasurer",
  "landRegistrar",
  "court",
  "alice",
  "bob",
  "carol",
  "dave",
  "erin",
  "mallory",
  "insurer",
  "insurer2",
  "assessor",
  "assessor2",
  "oracle",
  "carbonVerifier",
  "regulator",
  "gridOperator",
  "electionOfficial",
  // Officials and businesses of the later services (tax, supply chain, health, payments).
  "taxOffice",
  "foodSafety",
  "doctor",
  "doctor2",
  "specialist",
  "farm",
  "mill",
  "bakery",
  "shop",
  "plumber",
  "employer",
] as const;

export type CastMember = (typeof CAST)[number];

/** The roles each official of the development cast holds. Residents hold none. */
export const CAST_ROLES: Partial<Record<CastMember, RoleName[]>> = {
  guardian: ["GUARDIAN"],
  registrar: ["REGISTRAR"],
  treasurer: ["TREASURER"],
  landRegistrar: ["LAND_REGISTRAR"],
  court: ["COURT"],
  insurer: ["INSURER"],
  insurer2: ["INSURER"],
  assessor: ["CLAIMS_ASSESSOR"],
  assessor2: ["CLAIMS_ASSESSOR"],
  oracle: ["ORACLE"],
  carbonVerifier: ["CARBON_VERIFIER"],
  regulator: ["CARBON_REGULATOR"],
  gridOperator: ["GRID_OPERATOR"],
  electionOfficial: ["ELECTION_OFFICIAL"],
  taxOffice: ["TAX_OFFICE"],
  foodSafety: ["FOOD_SAFETY"],
};

/** A deployed city and its development cast. */
export interface City {
  manager: CityAccessManager;
  token: CityToken;
  directory: ServiceDirectory;
  /** The authentication layer: identities, wallets, guardian recovery. */
  identity: IdentityRegistry;
  /** Credentials (claims) from issuers the city trusts per topic. */
  claims: IdentityClaims;
  /** Passkeys of identities (WebAuthn P-256) and the shared assertion verifier. */
  passkeys: PasskeyRegistry;
  /** Land titles (ERC-721 face; signed sales: `landRegistry.settleSigned`), liens, and the deed office. */
  landRegistry: LandRegistry;
  landLiens: LandLiens;
  landDeeds: LandDeeds;
  /** Energy trading: meters and readings, the per-feeder market, certificates of origin. */
  energyMeters: EnergyMeters;
  energyMarket: EnergyMarket;
  energyCertificates: EnergyCertificates;
  /** Elections and referendums: one identity, one vote. */
  elections: Elections;
  /** Self-tallying secret ballots (Open Vote Network on bn254). */
  selfTally: SelfTallyBallot;
  /** Carbon: offset credits and allowances held by identities (ERC-1155 face), and the emissions register. */
  carbonCredits: CarbonCredits;
  emissionsRegister: EmissionsRegister;
  /** Insurance: pools, products, policies, claims, loss events, parametric cover. */
  insurance: Insurance;
  /** Relayed claims signed by the holder's wallet or passkey (INSURANCE_MODULE on `insurance`). */
  insuranceRelay: InsuranceClaimsRelay;
  /** Health: records anchored by licensed providers, consents, break glass, audit trails. */
  healthRecords: HealthRecords;
  healthConsents: HealthConsents;
  /** Supply chain: batches, custody by acceptance, lineage with mass balance, recalls; inspections. */
  supplyChain: SupplyChain;
  /** Carbon: declared scope-3 emissions of purchased batches, read from the supply chain. */
  scope3Register: Scope3Register;
  supplyInspections: SupplyInspections;
  /** Payments: invoices with receipts (direct or relayed ERC-3009 payments), payroll streams. */
  invoices: Invoices;
  payrollStreams: PayrollStreams;
  /** Property tax: rates per zone and year, lazy tax per parcel, payments, tax liens. */
  propertyTax: PropertyTax;
  accounts: Record<CastMember, HardhatEthersSigner>;
  /** Gas used by every deployment and wiring transaction, summed. */
  deploymentGas: bigint;
}

/**
 * Deploys the whole city through its Ignition module (the same path admins use on real networks), then
 * grants the development cast its roles. Used by the tests (inside `loadFixture`) and by the demo.
 */
export async function deployCity(connection: NetworkConnection): Promise<City> {
  const { ethers, ignition } = connection;
  const signers = await ethers.getSigners();
  if (signers.length < CAST.length) {
    throw new Error(`a development city needs ${CAST.length} unlocked accounts, the node has ${signers.length}`);
  }
  const accounts = Object.fromEntries(CAST.map((name, i) => [name, signers[i]])) as City["accounts"];
  const startBlock = await ethers.provider.getBlockNumber();

  const deployed = await ignition.deploy(CityModule, {
    defaultSender: accounts.admin.address,
    displayUi: false,
  });
  const manager = await ethers.getContractAt("CityAccessManager", await deployed.manager.getAddress());
  const token = await ethers.getContractAt("CityToken", await deployed.token.getAddress());
  const directory = await ethers.getContractAt("ServiceDirectory", await deployed.directory.getAddress());
  const identity = await ethers.getContractAt("IdentityRegistry", await deployed.identity.getAddress());
  const claims = await ethers.getContractAt("IdentityClaims", await deployed.claims.getAddress());
  const passkeys = await ethers.getContractAt("PasskeyRegistry", await deployed.passkeys.getAddress());
  const landRegistry = await ethers.getContractAt("LandRegistry", await deployed.landRegistry.getAddress());
  const landLiens = await ethers.getContractAt("LandLiens", await deployed.landLiens.getAddress());
  const landDeeds = await ethers.getContractAt("LandDeeds", await deployed.landDeeds.getAddress());
  const energyMeters = await ethers.getContractAt("EnergyMeters", await deployed.energyMeters.getAddress());
  const energyMarket = await ethers.getContractAt("EnergyMarket", await deployed.energyMarket.getAddress());
  const energyCertificates = await ethers.getContractAt(
    "EnergyCertificates",
    await deployed.energyCertificates.getAddress(),
  );
  const elections = await ethers.getContractAt("Elections", await deployed.elections.getAddress());
  const selfTally = await ethers.getContractAt("SelfTallyBallot", await deployed.selfTally.getAddress());
  const carbonCredits = await ethers.getContractAt("CarbonCredits", await deployed.carbonCredits.getAddress());
  const emissionsRegister = await ethers.getContractAt(
    "EmissionsRegister",
    await deployed.emissionsRegister.getAddress(),
  );
  const insurance = await ethers.getContractAt("Insurance", await deployed.insurance.getAddress());
  const insuranceRelay = await ethers.getContractAt("InsuranceClaimsRelay", await deployed.insuranceRelay.getAddress());
  const healthRecords = await ethers.getContractAt("HealthRecords", await deployed.healthRecords.getAddress());
  const healthConsents = await ethers.getContractAt("HealthConsents", await deployed.healthConsents.getAddress());
  const supplyChain = await ethers.getContractAt("SupplyChain", await deployed.supplyChain.getAddress());
  const scope3Register = await ethers.getContractAt("Scope3Register", await deployed.scope3Register.getAddress());
  const supplyInspections = await ethers.getContractAt(
    "SupplyInspections",
    await deployed.supplyInspections.getAddress(),
  );
  const invoices = await ethers.getContractAt("Invoices", await deployed.invoices.getAddress());
  const payrollStreams = await ethers.getContractAt("PayrollStreams", await deployed.payrollStreams.getAddress());
  const propertyTax = await ethers.getContractAt("PropertyTax", await deployed.propertyTax.getAddress());

  for (const [member, roles] of Object.entries(CAST_ROLES) as [CastMember, RoleName[]][]) {
    for (const role of roles) {
      await (await manager.connect(accounts.admin).grantRole(Roles[role], accounts[member].address, 0)).wait();
    }
  }

  return {
    manager,
    token,
    directory,
    identity,
    claims,
    passkeys,
    landRegistry,
    landLiens,
    landDeeds,
    energyMeters,
    energyMarket,
    energyCertificates,
    elections,
    selfTally,
    carbonCredits,
    emissionsRegister,
    insurance,
    insuranceRelay,
    healthRecords,
    healthConsents,
    supplyChain,
    scope3Register,
    supplyInspections,
    invoices,
    payrollStreams,
    propertyTax,
    accounts,
    deploymentGas: await gasUsedSince(connection, startBlock),
  };
}

/** Gas used by every transaction mined after `startBlock`. */
async function gasUsedSince(connection: NetworkConnection, startBlock: number): Promise<bigint> {
  const { provider } = connection.ethers;
  let total = 0n;
  const endBlock = await provider.getBlockNumber();
  for (let n = startBlock + 1; n <= endBlock; n++) {
    const block = await provider.getBlock(n);
    if (block !== null) total += block.gasUsed;
  }
  return total;
}
