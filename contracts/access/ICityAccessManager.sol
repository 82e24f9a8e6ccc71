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
     * @notice An upgrade of a city contract was scheduled: residents and auditors can read the new code (by its
     * address and code hash) during the UPGRADER's execution delay, and a GUARDIAN can cancel it.
     * @param operationId The AccessManager operation id (cancel with `cancel(caller, target, data)`).
     * @param target The proxy being upgraded.
     * @param implementation The new implementation.
     * @param codehash `implementation.codehash` when scheduled.
     * @param executableAt The earliest time the upgrade can run.
     */
    event UpgradeScheduled(
        bytes32 indexed operationId,
        address indexed target,
        address indexed implementation,
        bytes32 codehash,
        uint48 executableAt
    );

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
     * @notice AccessManager's `schedule`, which also announces upgrades: for
     * `upgradeToAndCall(implementation, data)` it refuses an implementation without code
     * (`ICityService.CityUpgradeNotAContract`) or a target whose upgrades are frozen
     * (`ICityService.CityUpgradesFrozen`), and emits {UpgradeScheduled} with the code hash.
     * @param target The contract to call.
     * @param data The calldata, selector included.
     * @param when The earliest execution time (0 for the caller's minimum delay).
     * @return operationId The operation id.
     * @return nonce The operation's nonce.
     */
    function schedule(
        address target,
        bytes calldata data,
        uint48 when
    ) external returns (bytes32 operationId, uint32 nonce);

    /**
     * @notice Whether `caller` may call `selector` on the calling contract (`msg.sender`) at once: the `immediate`
     * answer of OpenZeppelin's `canCall(caller, msg.sender, selector)`, asked with one packed word. It is what every
     * city service's `restricted` check asks first (`CityService._checkCanCall`); a service falls back to
     * OpenZeppelin's full check (delays, scheduled operations, refusals) whenever the answer is not "yes".
     * @param query The selector in the high 4 bytes (as `bytes4`) and the caller in the low 20 bytes.
     * @return immediate True when the call may proceed now, without a scheduled operation.
     */
    function canCallNow(bytes32 query) external view returns (bool immediate);

    /**
     * @notice The label of a role id, the same string the constructor emitted in `RoleLabel`.
     * @param roleId A role id.
     * @return The label; empty for an id the city does not define.
     */
    function roleLabel(uint64 roleId) external pure returns (string memory);
}
