import { expect } from "chai";
import type { BaseContract } from "ethers";
import { network } from "hardhat";

import { deployCity } from "../../src/deploy.js";
import { OPEN_FUNCTIONS, PERMISSIONS, type PermissionedContract } from "../../src/permissions.js";
import { shouldRejectUnauthorized } from "../shared/unauthorized.js";

const connection = await network.create();
const { networkHelpers } = connection;

async function deployCityFixture() {
  const city = await deployCity(connection);
  const contracts: Partial<Record<PermissionedContract, BaseContract>> = {
    CityToken: city.token,
    ServiceDirectory: city.directory,
  };
  return { city, contracts, manager: city.manager, stranger: city.accounts.mallory };
}

describe("Permissions table (src/permissions.ts)", function () {
  it("classifies every state-changing function of every city contract as restricted or open", async function () {
    const { contracts } = await networkHelpers.loadFixture(deployCityFixture);
    for (const name of Object.keys(PERMISSIONS) as PermissionedContract[]) {
      const instance = contracts[name];
      expect(instance, `${name} is deployed by the city`).to.not.equal(undefined);
      const classified = new Set([...Object.keys(PERMISSIONS[name]), ...Object.keys(OPEN_FUNCTIONS[name])]);
      const stateChanging: string[] = [];
      instance!.interface.forEachFunction((fn) => {
        if (fn.stateMutability !== "view" && fn.stateMutability !== "pure") stateChanging.push(fn.format("sighash"));
      });
      for (const signature of stateChanging) {
        expect(classified.has(signature), `${name}.${signature} is in neither PERMISSIONS nor OPEN_FUNCTIONS`).to.equal(
          true,
        );
      }
      for (const signature of classified) {
        expect(stateChanging, `${name}.${signature} is listed but not in the ABI`).to.include(signature);
      }
    }
  });

  it("setAuthority is callable by the authority only", async function () {
    const { contracts, stranger } = await networkHelpers.loadFixture(deployCityFixture);
    for (const instance of Object.values(contracts)) {
      const managed = instance as unknown as { connect(s: unknown): { setAuthority(a: string): Promise<unknown> } };
      await expect(managed.connect(stranger).setAuthority(await stranger.getAddress()))
        .to.be.revertedWithCustomError(instance, "AccessManagedUnauthorized")
        .withArgs(await stranger.getAddress());
    }
  });

  shouldRejectUnauthorized(
    async () => networkHelpers.loadFixture(deployCityFixture),
    Object.keys(PERMISSIONS) as PermissionedContract[],
  );
});
