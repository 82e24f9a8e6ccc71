// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";

import {UUPSUpgradeable} from "@openzeppelin/contracts/proxy/utils/UUPSUpgradeable.sol";

import {ICityService} from "../common/ICityService.sol";
import {ICityAccessManager} from "./ICityAccessManager.sol";
import {Roles} from "./Roles.sol";

/**
 * @title CityAccessManager
 * @notice The city's single authority. Every privileged function of every service is `restricted` and
 * mapped here to a role from {Roles}.
 * @dev The constructor labels every role, makes GUARDIAN the guardian of every service role (so a guardian
 * can cancel any scheduled operation) and maps {emergencyClose} to GUARDIAN. All role admins stay ADMIN.
 * Which function of which service needs which role is wired at deployment from `src/permissions.ts`.
 * Scheduling an upgrade (`upgradeToAndCall` of a city contract) is announced with the new code's hash.
 */
contract CityAccessManager is AccessManager, ICityAccessManager {
    /// @param initialAdmin The first holder of the ADMIN role (the deployer, who wires the city).
    constructor(address initialAdmin) AccessManager(initialAdmin) {
        emit RoleLabel(ADMIN_ROLE, Roles.label(ADMIN_ROLE));
        // A loop over a constant range of role ids, not over user data.
        for (uint64 role = Roles.FIRST; role <= Roles.LAST; ++role) {
            emit RoleLabel(role, Roles.label(role));
            if (role != Roles.GUARDIAN) _setRoleGuardian(role, Roles.GUARDIAN);
        }
        _setTargetFunctionRole(address(this), ICityAccessManager.emergencyClose.selector, Roles.GUARDIAN);
    }

    /// @inheritdoc ICityAccessManager
    function emergencyClose(address target) external onlyAuthorized {
        if (target == address(this)) revert CityAuthorityCannotCloseItself();
        if (target.code.length == 0) revert CityTargetNotAContract(target);
        if (isTargetClosed(target)) revert CityTargetAlreadyClosed(target);
        _setTargetClosed(target, true);
        emit ServiceEmergencyClosed(target, _msgSender());
    }

    /// @inheritdoc ICityAccessManager
    function schedule(
        address target,
        bytes calldata data,
        uint48 when
    ) public override(AccessManager, ICityAccessManager) returns (bytes32 operationId, uint32 nonce) {
        bool isUpgrade = data.length >= 4 && bytes4(data[:4]) == UUPSUpgradeable.upgradeToAndCall.selector;
        address newImplementation;
        if (isUpgrade) {
            (newImplementation, ) = abi.decode(data[4:], (address, bytes));
            if (newImplementation.code.length == 0) revert ICityService.CityUpgradeNotAContract(newImplementation);
            if (ICityService(target).upgradesFrozen()) revert ICityService.CityUpgradesFrozen(target);
        }
        (operationId, nonce) = super.schedule(target, data, when);
        if (isUpgrade) {
            emit UpgradeScheduled(
                operationId,
                target,
                newImplementation,
                newImplementation.codehash,
                getSchedule(operationId)
            );
        }
    }

    /// @inheritdoc ICityAccessManager
    function roleLabel(uint64 roleId) external pure returns (string memory) {
        return Roles.label(roleId);
    }
}
