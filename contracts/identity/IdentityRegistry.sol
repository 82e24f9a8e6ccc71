// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IdentityRecovery} from "./IdentityRecovery.sol";
import {IdentityWallets} from "./IdentityWallets.sol";
import {IIdentityRecovery} from "./IIdentityRecovery.sol";
import {IIdentityRegistry} from "./IIdentityRegistry.sol";

/**
 * @title IdentityRegistry
 * @notice The city's identity registry: the restricted lifecycle (registrar) and city policy (admin) on top of
 * the records and queries ({IdentityCore}), wallet binding ({IdentityWallets}) and guardian recovery
 * ({IdentityRecovery}).
 * @dev No function here, and no restricted function anywhere, changes an identity's wallet: only a guardian
 * recovery does. Revocation releases wallets (it never assigns one).
 */
contract IdentityRegistry is IdentityWallets, IdentityRecovery {
    /**
     * @notice Initializes the registry behind its proxy (once, in the proxy's constructor).
     * @param authority The city's AccessManager.
     * @param recoveryDelay_ The recovery veto window and guardian-change delay, in seconds (1 to 30 days).
     */
    function initialize(address authority, uint256 recoveryDelay_) external initializer {
        __CityService_init(authority);
        __EIP712_init("CityIdentityRegistry", "1");
        __Nonces_init();
        __IdentityCore_init();
        __IdentityRecovery_init(recoveryDelay_);
    }

    /// @inheritdoc IIdentityRegistry
    function register(
        IdentityKind kind,
        uint8 level,
        bytes32 subject,
        bytes32 recordCommitment,
        uint40 validUntil,
        address wallet
    ) external restricted returns (uint256) {
        if (kind == IdentityKind.None || kind == IdentityKind.Device) revert IdentityKindInvalid(kind);
        return _register(kind, level, subject, recordCommitment, validUntil, wallet);
    }

    /// @inheritdoc IIdentityRegistry
    function registerDevice(
        uint256 ownerId,
        uint8 level,
        bytes32 subject,
        bytes32 recordCommitment,
        uint40 validUntil,
        address wallet
    ) external restricted returns (uint256 identityId) {
        identityId = _register(IdentityKind.Device, level, subject, recordCommitment, validUntil, wallet);
        _setDeviceOwner(identityId, ownerId);
    }

    /// @inheritdoc IIdentityRegistry
    function setLevel(uint256 identityId, uint8 level) external restricted {
        _setLevel(identityId, level);
    }

    /// @inheritdoc IIdentityRegistry
    function renew(uint256 identityId, uint40 validUntil) external restricted {
        _setValidUntil(identityId, validUntil);
    }

    /// @inheritdoc IIdentityRegistry
    function updateRecord(uint256 identityId, bytes32 recordCommitment) external restricted {
        _setRecordCommitment(identityId, recordCommitment);
    }

    /// @inheritdoc IIdentityRegistry
    function suspend(uint256 identityId, bytes32 reasonCommitment) external restricted {
        _setStatus(identityId, IdentityStatus.Suspended, reasonCommitment);
    }

    /// @inheritdoc IIdentityRegistry
    function reinstate(uint256 identityId) external restricted {
        _setStatus(identityId, IdentityStatus.Active, bytes32(0));
    }

    /// @inheritdoc IIdentityRegistry
    function revoke(uint256 identityId, bytes32 reasonCommitment) external restricted {
        _setStatus(identityId, IdentityStatus.Revoked, reasonCommitment);
        // Revoked identities keep their record but not their wallets, so the person (or anyone) can use them again.
        _releaseBoundWallets(identityId);
        _setWalletIdentity(_record(identityId).wallet, 0);
    }

    /// @inheritdoc IIdentityRecovery
    function resetGuardians(uint256 identityId, bool keepInEffect) external restricted {
        _resetGuardians(identityId, keepInEffect);
    }

    /// @inheritdoc IIdentityRegistry
    function changeDeviceOwner(uint256 deviceId, uint256 ownerId) external restricted {
        if (_live(deviceId).kind != IdentityKind.Device) revert IdentityNotDevice(deviceId);
        _setDeviceOwner(deviceId, ownerId);
    }

    /// @inheritdoc IIdentityRegistry
    function setServiceMinLevel(bytes32 serviceId, uint8 level) external restricted {
        _setServiceMinLevel(serviceId, level);
    }
}
