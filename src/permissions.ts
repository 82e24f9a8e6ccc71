import type { RoleName } from "./roles.js";

/**
 * Which role may call which restricted function of which contract. This table is the single source for
 * wiring the AccessManager (Ignition modules and `deployCity`), for the admin scripts and for the
 * shared unauthorized-caller test suite, which calls every entry from an account without the role.
 *
 * Keys are contract names (artifact names); values map a function signature to the role that may call it.
 * A function missing from the table stays ADMIN-only: AccessManager's default is fail-safe.
 */
export const PERMISSIONS = {
  CityToken: {
    "mint(address,uint256)": "TREASURER",
  },
  ServiceDirectory: {
    "register(bytes32,address,(bytes32,uint8,string))": "ADMIN",
    "replace(bytes32,address,(bytes32,uint8,string))": "ADMIN",
    "retire(bytes32)": "ADMIN",
  },
} as const satisfies Record<string, Record<string, RoleName>>;

export type PermissionedContract = keyof typeof PERMISSIONS;

/** The restricted functions of one contract, grouped by role: one `setTargetFunctionRole` call per group. */
export function signaturesByRole(contract: PermissionedContract): Map<RoleName, string[]> {
  const grouped = new Map<RoleName, string[]>();
  for (const [signature, role] of Object.entries(PERMISSIONS[contract]) as [string, RoleName][]) {
    grouped.set(role, [...(grouped.get(role) ?? []), signature]);
  }
  return grouped;
}
