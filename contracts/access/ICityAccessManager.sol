// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title ICityAccessManager
 * @notice What the city's authority adds to OpenZeppelin's AccessManager: role labels that tools can read,
 * the guardian/admin relations of every city role, and an emergency stop that a guardian can pull at once
 * while only the admin (subject to the target's admin delay) can reopen a service.
 */
interface ICityAccessManager {
    /// @notice The authority cannot close itself: that would lock the city out of its own configuration.
    error CityAuthorityCannotCloseItself();
    /// @notice The target has no code, so it cannot be a city service.
    error CityTargetNotAContract(address target);
    /// @notice The target is already closed.
    error CityTargetAlreadyClosed(address target);

    /**
     * @notice A guardian closed a service: every restricted function of `target` now reverts.
     * @param target The service contract.
     * @param guardian The guardian who closed it.
     */
    event ServiceEmergencyClosed(address indexed target, address indexed guardian);

    /**
     * @notice Closes a service immediately (emergency stop). Restricted to the GUARDIAN role.
     * @dev Reopening is `setTargetClosed(target, false)`, which only the ADMIN role can call and which waits
     * for the target's admin delay. Fast to stop, deliberate to restart.
     * @param target The service contract to close.
     */
    function emergencyClose(address target) external;

    /**
     * @notice The label of a role id, the same string the constructor emitted in `RoleLabel`.
     * @param roleId A role id.
     * @return The label; empty for an id the city does not define.
     */
    function roleLabel(uint64 roleId) external pure returns (string memory);
}
