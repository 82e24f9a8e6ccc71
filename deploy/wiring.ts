import type {
  ArgumentType,
  CallableContractFuture,
  ContractCallFuture,
  Future,
  IgnitionModuleBuilder,
} from "@nomicfoundation/ignition-core";
import { id } from "ethers";

import { signaturesByRole, type PermissionedContract } from "../src/permissions.js";
import { Roles } from "../src/roles.js";
import { serviceId, serviceMetadata, type ServiceName } from "../src/services.js";

/** The 4-byte selector of a function signature. */
export function selectorOf(signature: string): string {
  return id(signature).slice(0, 10);
}

/**
 * Deploys a city contract behind an ERC-1967 proxy (UUPS): the implementation (whose constructor disables its
 * initializers), then the proxy, which calls `initialize(...initArgs)` in its constructor, so the proxy can
 * never be left uninitialised. Returns the contract at the proxy address, under the contract's own future id
 * (`<Module>#<Contract>` in `deployed_addresses.json` is the proxy; `<Contract>Implementation` the code).
 * `constructorArgs` are the implementation's immutables (e.g. `LandRegistry`'s signed-sale module, the
 * PasskeyRegistry's identity registry and relying party), fixed in its code until an upgrade.
 */
export function deployProxy(
  m: IgnitionModuleBuilder,
  contract: PermissionedContract,
  initArgs: ArgumentType[],
  constructorArgs: ArgumentType[] = [],
): CallableContractFuture<string> {
  const implementation = m.contract(contract, constructorArgs, { id: `${contract}Implementation` });
  const initialize = m.encodeFunctionCall(implementation, "initialize", initArgs, { id: `${contract}Initialize` });
  const proxy = m.contract("ERC1967Proxy", [implementation, initialize], { id: `${contract}Proxy` });
  return m.contractAt(contract, proxy, { id: contract });
}

/**
 * Maps every restricted function of `contract` to its role in the city's AccessManager, one
 * `setTargetFunctionRole` call per role, from the table in `src/permissions.ts`. Returns the calls, so that a
 * step that needs the wiring in place (the directory's registration) can wait for them.
 */
export function wirePermissions(
  m: IgnitionModuleBuilder,
  manager: CallableContractFuture<string>,
  contract: PermissionedContract,
  target: CallableContractFuture<string>,
): ContractCallFuture<string, string>[] {
  const calls: ContractCallFuture<string, string>[] = [];
  for (const [role, signatures] of signaturesByRole(contract)) {
    calls.push(
      m.call(manager, "setTargetFunctionRole", [target, signatures.map(selectorOf), Roles[role]], {
        id: `wire_${contract}_${role}`,
      }),
    );
  }
  return calls;
}

/**
 * Registers a service module in the ServiceDirectory with its metadata commitment. The directory refuses a
 * module whose upgrades the authority does not govern, so pass the module's wiring as `after`.
 */
export function registerService(
  m: IgnitionModuleBuilder,
  directory: CallableContractFuture<string>,
  name: ServiceName,
  module: CallableContractFuture<string>,
  after: Future[],
): void {
  m.call(directory, "register", [serviceId(name), module, serviceMetadata(name)], {
    id: `register_${name}`,
    after,
  });
}
