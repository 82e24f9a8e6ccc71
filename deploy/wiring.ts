import type { CallableContractFuture, IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";
import { id } from "ethers";

import { signaturesByRole, type PermissionedContract } from "../src/permissions.js";
import { Roles } from "../src/roles.js";
import { serviceId, serviceMetadata, type ServiceName } from "../src/services.js";

/** The 4-byte selector of a function signature. */
export function selectorOf(signature: string): string {
  return id(signature).slice(0, 10);
}

/**
 * Maps every restricted function of `contract` to its role in the city's AccessManager, one
 * `setTargetFunctionRole` call per role, from the table in `src/permissions.ts`.
 */
export function wirePermissions(
  m: IgnitionModuleBuilder,
  manager: CallableContractFuture<string>,
  contract: PermissionedContract,
  target: CallableContractFuture<string>,
): void {
  for (const [role, signatures] of signaturesByRole(contract)) {
    m.call(manager, "setTargetFunctionRole", [target, signatures.map(selectorOf), Roles[role]], {
      id: `wire_${contract}_${role}`,
    });
  }
}

/** Registers a service module in the ServiceDirectory with its metadata commitment. */
export function registerService(
  m: IgnitionModuleBuilder,
  directory: CallableContractFuture<string>,
  name: ServiceName,
  module: CallableContractFuture<string>,
): void {
  m.call(directory, "register", [serviceId(name), module, serviceMetadata(name)], {
    id: `register_${name}`,
  });
}
