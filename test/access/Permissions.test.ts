import { expect } from "chai";
import type { BaseContract } from "ethers";

import { OPEN_FUNCTIONS, PERMISSIONS, type PermissionedContract } from "../../src/permissions.js";
import { Roles, type RoleName } from "../../src/roles.js";
import { shouldRejectUnauthorized } from "../shared/unauthorized.js";
import { cityOn, connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

async function deployCityFixture() {
  const city = await cityOn(connection);
  const contracts: Record<PermissionedContract, BaseContract> = {
    CityToken: city.token,
    ServiceDirectory: city.directory,
    IdentityRegistry: city.identity,
    IdentityClaims: city.claims,
    LandRegistry: city.landRegistry,
    PasskeyRegistry: city.passkeys,
    LandLiens: city.landLiens,
    LandDeeds: city.landDeeds,
    EnergyMeters: city.energyMeters,
    EnergyMarket: city.energyMarket,
    EnergyCertificates: city.energyCertificates,
    Elections: city.elections,
    SelfTallyBallot: city.selfTally,
    CarbonCredits: city.carbonCredits,
    EmissionsRegister: city.emissionsRegister,
    Insurance: city.insurance,
    InsuranceClaimsRelay: city.insuranceRelay,
    HealthRecords: city.healthRecords,
    HealthConsents: city.healthConsents,
    SupplyChain: city.supplyChain,
    Scope3Register: city.scope3Register,
    SupplyInspections: city.supplyInspections,
    Invoices: city.invoices,
    PayrollStreams: city.payrollStreams,
    PropertyTax: city.propertyTax,
  };
  return { city, contracts, manager: city.manager, stranger: city.accounts.mallory };
}

describe("Permissions table (src/permissions.ts)", function () {
  for (const contract of Object.keys(PERMISSIONS) as PermissionedContract[]) {
    it(`${contract}: every state-changing function is restricted or open with a reason, never both`, async function () {
      const { interface: abi } = await ethers.getContractFactory(contract);
      const stateChanging: string[] = [];
      abi.forEachFunction((fragment) => {
        if (!fragment.constant) stateChanging.push(fragment.format("sighash"));
      });
      const restricted = Object.keys(PERMISSIONS[contract]);
      const open = Object.keys(OPEN_FUNCTIONS[contract]);
      expect([...restricted, ...open].sort()).to.deep.equal([...stateChanging].sort());
      expect(restricted.filter((signature) => open.includes(signature))).to.deep.equal([]);
      expect(open).to.include("setAuthority(address)");
      for (const why of Object.values(OPEN_FUNCTIONS[contract]) as string[]) expect(why.length).to.be.greaterThan(10);
    });
  }

  it("the deployed city is wired exactly as the table says, and setAuthority answers only to the authority", async function () {
    const { contracts, manager, stranger } = await networkHelpers.loadFixture(deployCityFixture);
    const authority = await ethers.getContractAt("CityAccessManager", await manager.getAddress());
    for (const [name, instance] of Object.entries(contracts) as [PermissionedContract, BaseContract][]) {
      const target = await instance.getAddress();
      for (const [signature, role] of Object.entries(PERMISSIONS[name]) as [string, RoleName][]) {
        const selector = instance.interface.getFunction(signature)!.selector;
        expect(await authority.getTargetFunctionRole(target, selector)).to.equal(Roles[role], `${name}.${signature}`);
      }
      const managed = instance as unknown as { connect(s: unknown): { setAuthority(a: string): Promise<unknown> } };
      await expect(managed.connect(stranger).setAuthority(await stranger.getAddress()))
        .to.be.revertedWithCustomError(instance, "AccessManagedUnauthorized")
        .withArgs(await stranger.getAddress());
    }
  });

  // Each service's own test file runs the shared suite for its contracts; the core's contracts run here.
  shouldRejectUnauthorized(
    async () => networkHelpers.loadFixture(deployCityFixture),
    ["CityToken", "ServiceDirectory"],
  );
});
