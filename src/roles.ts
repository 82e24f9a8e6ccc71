/**
 * Role ids of the city's AccessManager, mirroring `contracts/access/Roles.sol`.
 * `test/access/Roles.test.ts` proves every id and label here matches the deployed contract.
 */
export const Roles = {
  ADMIN: 0n,
  GUARDIAN: 1n,
  REGISTRAR: 2n,
  TREASURER: 3n,
  LAND_REGISTRAR: 4n,
  COURT: 5n,
  INSURER: 6n,
  CLAIMS_ASSESSOR: 7n,
  ORACLE: 8n,
  CARBON_VERIFIER: 9n,
  GRID_OPERATOR: 10n,
  ELECTION_OFFICIAL: 11n,
  LAND_MODULE: 12n,
  UPGRADER: 13n,
  CARBON_REGULATOR: 14n,
  TAX_OFFICE: 15n,
  FOOD_SAFETY: 16n,
  TAX_MODULE: 17n,
  INSURANCE_MODULE: 18n,
  PUBLIC: 2n ** 64n - 1n,
} as const;

export type RoleName = keyof typeof Roles;

/** Every role the city defines, ADMIN and PUBLIC included. */
export const ROLE_NAMES = Object.keys(Roles) as RoleName[];
