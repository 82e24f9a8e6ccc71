// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";
import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";

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

    /**
     * @notice Whether `account` may call `selector` on `target` at once, or after which delay (OpenZeppelin's rule).
     * @dev Every restricted call of every service asks this. The common question (an account other than this manager,
     * any selector but `setAuthority`) is answered by reading OpenZeppelin's three storage words directly (target
     * closed, the selector's role, the caller's access), with OpenZeppelin's exact rule: closed -> (false, 0);
     * PUBLIC_ROLE -> (true, 0); a member since a past or present second -> (delay == 0, delay) with the delay in
     * effect now; otherwise (false, 0). About 1,000 gas less than the generic getters. The two other branches are
     * OpenZeppelin's own. `test/access/CanCall.test.ts` compares both answers on every branch.
     */
    function canCall(
        address account,
        address target,
        bytes4 selector
    ) public view override returns (bool immediate, uint32 delay) {
        if (account == address(this) || selector == IAccessManaged.setAuthority.selector) {
            return super.canCall(account, target, selector);
        }
        // Layout of OpenZeppelin's AccessManager 5.x (slots checked by the test above): `_targets` at slot 0, a
        // TargetConfig is {allowedRoles mapping; adminDelay (bits 0..111) and closed (bit 112) in the next slot};
        // `_roles` at slot 1, a Role starts with its members mapping; an Access packs since (bits 0..47) and a Delay
        // (bits 48..159: value after 48..79, value before 80..111, effect 112..159).
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x00, and(target, 0xffffffffffffffffffffffffffffffffffffffff))
            mstore(0x20, 0)
            let config := keccak256(0x00, 0x40)
            if iszero(and(shr(112, sload(add(config, 1))), 0xff)) {
                mstore(0x00, and(selector, shl(224, 0xffffffff)))
                mstore(0x20, config)
                let roleId := and(sload(keccak256(0x00, 0x40)), 0xffffffffffffffff)
                switch eq(roleId, 0xffffffffffffffff) // PUBLIC_ROLE
                case 1 {
                    immediate := 1
                }
                default {
                    mstore(0x00, roleId)
                    mstore(0x20, 1)
                    mstore(0x20, keccak256(0x00, 0x40))
                    mstore(0x00, and(account, 0xffffffffffffffffffffffffffffffffffffffff))
                    let access := sload(keccak256(0x00, 0x40))
                    let since := and(access, 0xffffffffffff)
                    if and(iszero(iszero(since)), iszero(gt(since, timestamp()))) {
                        delay := and(shr(80, access), 0xffffffff) // value before
                        if iszero(gt(and(shr(112, access), 0xffffffffffff), timestamp())) {
                            delay := and(shr(48, access), 0xffffffff) // value after, in effect
                        }
                        immediate := iszero(delay)
                    }
                }
            }
        }
    }

    /// @inheritdoc ICityAccessManager
    function canCallNow(bytes32 query) external view returns (bool immediate) {
        (immediate, ) = canCall(address(uint160(uint256(query))), msg.sender, bytes4(query));
    }

    /// @inheritdoc ICityAccessManager
    function roleLabel(uint64 roleId) external pure returns (string memory) {
        return Roles.label(roleId);
    }
}
