import { expect } from "chai";
import { network } from "hardhat";

import { OPEN_FUNCTIONS, PERMISSIONS } from "../../src/permissions.js";

const connection = await network.create();
const { ethers } = connection;

/**
 * Every state-changing function of the identity contracts is classified exactly once: restricted (with its role,
 * in PERMISSIONS) or deliberately open (with a reason, in OPEN_FUNCTIONS). A new function in neither table, or a
 * table entry the contract does not have, fails here.
 */
describe("identity permissions tables are complete", function () {
  for (const contract of ["IdentityRegistry", "IdentityClaims"] as const) {
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
});
