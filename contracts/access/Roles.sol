// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title Roles
 * @notice Every role id of the city, in one place. The TypeScript mirror is `src/roles.ts`; a test proves
 * the two agree by reading {CityAccessManager-roleLabel} for every id.
 * @dev Ids are OpenZeppelin AccessManager role ids. `ADMIN` is AccessManager's built-in `ADMIN_ROLE` (0)
 * and `PUBLIC` its `PUBLIC_ROLE`. Ids are append-only: a role id is never reused for another meaning.
 */
library Roles {
    /// @notice The city's administrator (a multisig or timelock in production): configures the authority.
    uint64 internal constant ADMIN = 0;
    /// @notice Cancels scheduled operations of every other role and closes a service in an emergency.
    uint64 internal constant GUARDIAN = 1;
    /// @notice Accredited identity registrar: registers and maintains identities (authentication layer).
    uint64 internal constant REGISTRAR = 2;
    /// @notice Mints the settlement token and manages the city's treasury.
    uint64 internal constant TREASURER = 3;
    /// @notice Registers land parcels and approves deeds.
    uint64 internal constant LAND_REGISTRAR = 4;
    /// @notice A court: freezes disputed records and imposes court-ordered encumbrances.
    uint64 internal constant COURT = 5;
    /// @notice A licensed insurer: writes policies and funds payouts.
    uint64 internal constant INSURER = 6;
    /// @notice Assesses insurance claims.
    uint64 internal constant CLAIMS_ASSESSOR = 7;
    /// @notice Reports off-chain facts (weather, meter readings, prices) to services.
    uint64 internal constant ORACLE = 8;
    /// @notice Verifies emissions reports and issues carbon credits.
    uint64 internal constant CARBON_VERIFIER = 9;
    /// @notice Operates the energy grid: registers meters and settles energy trades.
    uint64 internal constant GRID_OPERATOR = 10;
    /// @notice Runs elections: opens, closes and certifies ballots.
    uint64 internal constant ELECTION_OFFICIAL = 11;
    /// @notice Held only by the land service's own contracts (deed office, lien register) so they can lock,
    /// convey and record on the title register. Never granted to a person.
    uint64 internal constant LAND_MODULE = 12;
    /// @notice Upgrades the code behind a city contract's proxy (`upgradeToAndCall`) or freezes it for good.
    /// Held by the city's admin, with an execution delay; GUARDIAN can cancel a scheduled upgrade.
    uint64 internal constant UPGRADER = 13;
    /// @notice The city's carbon regulator: sets emission caps, allocates allowances, sets penalties.
    uint64 internal constant CARBON_REGULATOR = 14;
    /// @notice The city's tax office: sets property tax rates per zone and year, imposes tax liens.
    uint64 internal constant TAX_OFFICE = 15;
    /// @notice The food-safety authority: recalls unsafe batches of goods in the supply chain.
    uint64 internal constant FOOD_SAFETY = 16;
    /// @notice Held only by the property-tax contract so it can impose and release statutory (tax) liens on the
    /// lien register without the owners' consent. Never granted to a person.
    uint64 internal constant TAX_MODULE = 17;
    /// @notice Held only by the insurance claims relay (relayed claims signed by the holder's wallet or passkey) so
    /// it can file a claim for the holder it checked. Never granted to a person.
    uint64 internal constant INSURANCE_MODULE = 18;

    /// @notice The lowest city-defined role id (the ADMIN role is AccessManager's own).
    uint64 internal constant FIRST = GUARDIAN;
    /// @notice The highest role id defined so far.
    uint64 internal constant LAST = INSURANCE_MODULE;
    /// @notice AccessManager's public role: every address is a member.
    uint64 internal constant PUBLIC = type(uint64).max;

    /**
     * @notice The human-readable label of a role, as emitted in AccessManager's `RoleLabel` event.
     * @param role A role id.
     * @return The label, or the empty string for an id the city does not define.
     */
    function label(uint64 role) internal pure returns (string memory) {
        if (role == ADMIN) return "ADMIN";
        if (role == GUARDIAN) return "GUARDIAN";
        if (role == REGISTRAR) return "REGISTRAR";
        if (role == TREASURER) return "TREASURER";
        if (role == LAND_REGISTRAR) return "LAND_REGISTRAR";
        if (role == COURT) return "COURT";
        if (role == INSURER) return "INSURER";
        if (role == CLAIMS_ASSESSOR) return "CLAIMS_ASSESSOR";
        if (role == ORACLE) return "ORACLE";
        if (role == CARBON_VERIFIER) return "CARBON_VERIFIER";
        if (role == GRID_OPERATOR) return "GRID_OPERATOR";
        if (role == ELECTION_OFFICIAL) return "ELECTION_OFFICIAL";
        if (role == LAND_MODULE) return "LAND_MODULE";
        if (role == UPGRADER) return "UPGRADER";
        if (role == CARBON_REGULATOR) return "CARBON_REGULATOR";
        if (role == TAX_OFFICE) return "TAX_OFFICE";
        if (role == FOOD_SAFETY) return "FOOD_SAFETY";
        if (role == TAX_MODULE) return "TAX_MODULE";
        if (role == INSURANCE_MODULE) return "INSURANCE_MODULE";
        if (role == PUBLIC) return "PUBLIC";
        return "";
    }
}
