import { expect } from "chai";
import type { BaseContract, Signer } from "ethers";
import { Interface } from "ethers";

import { PERMISSIONS, type PermissionedContract } from "../../src/permissions.js";
import { Roles } from "../../src/roles.js";

/** What the shared suite needs from a fixture: the deployed contracts by name, the authority, a stranger. */
export interface RestrictedFixture {
  contracts: Partial<Record<PermissionedContract, BaseContract>>;
  manager: BaseContract;
  stranger: Signer;
}

/**
 * Behaviour shared by every service: each restricted function in `src/permissions.ts` rejects a caller
 * without its role with AccessManager's `AccessManagedUnauthorized(caller)`, and the table and the
 * deployed authority agree on the role of every selector. Arguments are zero values: the access check
 * runs before any argument is looked at, so a rejection proves the gate, not a validation error.
 */
export function shouldRejectUnauthorized(
  load: () => Promise<RestrictedFixture>,
  contracts: PermissionedContract[],
): void {
  describe("restricted functions (shared unauthorized-caller suite)", function () {
    for (const contract of contracts) {
      for (const [signature, role] of Object.entries(PERMISSIONS[contract]) as [string, string][]) {
        it(`${contract}.${signature} rejects a caller without ${role}`, async function () {
          const { contracts: deployed, stranger, manager } = await load();
          const instance = deployed[contract];
          if (instance === undefined) throw new Error(`fixture does not deploy ${contract}`);
          const fragment = instance.interface.getFunction(signature);
          if (fragment === null) throw new Error(`${contract} has no function ${signature}`);
          const data = instance.interface.encodeFunctionData(fragment, zeroArgs(fragment.inputs));
          const to = await instance.getAddress();
          await expect(stranger.sendTransaction({ to, data }))
            .to.be.revertedWithCustomError(instance, "AccessManagedUnauthorized")
            .withArgs(await stranger.getAddress());

          const managerApi = new Interface(["function getTargetFunctionRole(address,bytes4) view returns (uint64)"]);
          const [wired] = managerApi.decodeFunctionResult(
            "getTargetFunctionRole",
            await stranger.provider!.call({
              to: await manager.getAddress(),
              data: managerApi.encodeFunctionData("getTargetFunctionRole", [to, fragment.selector]),
            }),
          );
          expect(wired).to.equal(Roles[role as keyof typeof Roles], `${signature} is wired to the wrong role`);
        });
      }
    }
  });
}

type Param = { baseType: string; type: string; components: ReadonlyArray<Param> | null; arrayLength: number | null };

/** A zero value of each ABI type: enough to pass ABI decoding so the access check is what rejects. */
function zeroArgs(inputs: ReadonlyArray<Param>): unknown[] {
  return inputs.map(zeroOf);
}

function zeroOf(param: Param): unknown {
  switch (param.baseType) {
    case "address":
      return "0x0000000000000000000000000000000000000000";
    case "bool":
      return false;
    case "string":
      return "";
    case "bytes":
      return "0x";
    case "array":
      return param.arrayLength !== null && param.arrayLength > 0
        ? Array.from({ length: param.arrayLength }, () =>
            zeroOf((param as unknown as { arrayChildren: Param }).arrayChildren),
          )
        : [];
    case "tuple":
      return (param.components ?? []).map(zeroOf);
    default:
      if (param.type.startsWith("bytes")) return "0x" + "00".repeat(Number(param.type.slice(5)));
      return 0n;
  }
}
