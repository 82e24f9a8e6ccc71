// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title ICityService
 * @notice What every stateful city contract shares: it lives behind an ERC-1967 proxy whose address and records
 * never change, and its code is upgraded (UUPS) only by the UPGRADER role through the city's AccessManager, with
 * that role's execution delay and GUARDIAN able to cancel a scheduled upgrade. A service can give up upgrades
 * for good ({freezeUpgrades}), e.g. when its ledger is final.
 * @dev Storage is ERC-7201 namespaced (one namespace per contract), so an upgrade that appends fields never
 * moves a record; `npm run upgrades:check` refuses a layout change that would.
 */
interface ICityService {
    /// @notice Upgrades of this service were given up for good; no upgrade can be scheduled or executed.
    error CityUpgradesFrozen(address service);
    /// @notice An upgrade names an implementation address without code.
    error CityUpgradeNotAContract(address implementation);

    /**
     * @notice The service gave up upgrades for good.
     * @param implementation The code that stays behind the proxy forever.
     * @param codehash Its code hash, so anyone can check the code they read is the code that runs.
     */
    event UpgradesFrozen(address indexed implementation, bytes32 codehash);

    /**
     * @notice Gives up upgrades of this service for good. Restricted (UPGRADER, with its delay and GUARDIAN's
     * veto). Irreversible: afterwards `upgradeToAndCall` reverts with {CityUpgradesFrozen} and the authority
     * refuses to schedule an upgrade.
     */
    function freezeUpgrades() external;

    /// @notice Whether upgrades were given up for good.
    function upgradesFrozen() external view returns (bool);

    /// @notice The implementation behind this proxy (ERC-1967 slot); zero when called on an implementation.
    function implementation() external view returns (address);
}
