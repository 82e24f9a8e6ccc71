// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";

import {RevisionLog} from "../common/RevisionLog.sol";
import {IIdentityRegistry} from "./IIdentityRegistry.sol";
import {IdentityChanges} from "./IdentityChanges.sol";

/**
 * @title IdentityCore
 * @notice The identity records, the wallet and subject indexes, and every O(1) query services make.
 * @dev Owns all identity storage; the lifecycle, wallet and recovery layers change it only through the internal
 * functions here, each of which emits. Storage per registration: the two-slot record, `wallet -> id` and
 * `subject -> latest id`; the id counter shares AccessManaged's slot (already warm after the `restricted` check).
 * A predecessor link is written only on re-registration, an owner link only for devices.
 */
abstract contract IdentityCore is AccessManaged, IIdentityRegistry {
    /// @notice The lowest assurance level (password).
    uint8 public constant MIN_LEVEL = 1;
    /// @notice The highest assurance level (biometric + second factor).
    uint8 public constant MAX_LEVEL = 3;

    // Declared first so it packs into AccessManaged's slot (authority + flag): the `restricted` check warms it.
    // Starts at 1 so every registration writes a non-zero slot (ids start at 1; 0 means "none").
    uint64 private _nextIdentityId = 1;
    mapping(uint256 identityId => Identity) private _identities;
    mapping(address account => uint256 identityId) private _identityOfWallet;
    mapping(bytes32 subject => uint256 identityId) private _latestOfSubject;
    mapping(uint256 identityId => uint256 predecessorId) private _predecessors;
    mapping(uint256 deviceId => uint256 ownerId) private _deviceOwners;
    mapping(bytes32 serviceId => uint8 level) private _serviceMinLevels;

    /// @inheritdoc IIdentityRegistry
    function identity(uint256 identityId) external view returns (Identity memory) {
        return _identities[identityId];
    }

    /// @inheritdoc IIdentityRegistry
    function identityOf(address account) external view returns (uint256) {
        return _identityOfWallet[account];
    }

    /// @inheritdoc IIdentityRegistry
    function walletOf(uint256 identityId) external view returns (address) {
        return _identities[identityId].wallet;
    }

    /// @inheritdoc IIdentityRegistry
    function isVerified(address account, uint8 minLevel) external view returns (bool) {
        return _isVerified(_identityOfWallet[account], minLevel);
    }

    /// @inheritdoc IIdentityRegistry
    function isIdentityVerified(uint256 identityId, uint8 minLevel) external view returns (bool) {
        return _isVerified(identityId, minLevel);
    }

    /// @inheritdoc IIdentityRegistry
    function isVerifiedFor(address account, bytes32 serviceId) external view returns (bool) {
        uint8 minLevel = _serviceMinLevels[serviceId];
        return minLevel != 0 && _isVerified(_identityOfWallet[account], minLevel);
    }

    /// @inheritdoc IIdentityRegistry
    function serviceMinLevel(bytes32 serviceId) external view returns (uint8) {
        return _serviceMinLevels[serviceId];
    }

    /// @inheritdoc IIdentityRegistry
    function identityOfSubject(bytes32 subject) external view returns (uint256) {
        return _latestOfSubject[subject];
    }

    /// @inheritdoc IIdentityRegistry
    function predecessorOf(uint256 identityId) external view returns (uint256) {
        return _predecessors[identityId];
    }

    /// @inheritdoc IIdentityRegistry
    function deviceOwnerOf(uint256 deviceId) external view returns (uint256) {
        return _deviceOwners[deviceId];
    }

    /// @inheritdoc IIdentityRegistry
    function identityCount() external view returns (uint256) {
        return _nextIdentityId - 1;
    }

    /**
     * @notice Registers an identity after validating every input; the single writer of new records.
     * @dev The caller checked the kind. Emits {IdentityRegistered} and the revision-1 `RecordRevised`.
     */
    function _register(
        IdentityKind kind,
        uint8 level,
        bytes32 subject,
        bytes32 recordCommitment,
        uint40 validUntil,
        address wallet
    ) internal returns (uint256 identityId) {
        _checkLevel(level);
        if (subject == bytes32(0)) revert IdentitySubjectEmpty();
        if (recordCommitment == bytes32(0)) revert IdentityRecordEmpty();
        _checkFuture(validUntil);
        _checkWalletFree(wallet);
        uint256 predecessorId = _latestOfSubject[subject];
        if (predecessorId != 0 && _identities[predecessorId].status != IdentityStatus.Revoked) {
            revert IdentitySubjectTaken(subject, predecessorId);
        }

        uint64 id = _nextIdentityId;
        _nextIdentityId = id + 1; // checked: reverts rather than wrap after 2^64 - 1 identities
        identityId = id;
        // Field order matters for gas: with it the optimizer writes slot 1 in two SSTOREs (see `npm run bench`).
        Identity storage record = _identities[identityId];
        record.validUntil = validUntil;
        record.level = level;
        record.status = IdentityStatus.Active;
        record.revision = 1;
        record.wallet = wallet;
        record.kind = kind;
        record.recordCommitment = recordCommitment;
        _identityOfWallet[wallet] = identityId;
        _latestOfSubject[subject] = identityId;
        if (predecessorId != 0) _predecessors[identityId] = predecessorId;
        emit IdentityRegistered(identityId, subject, wallet, kind, level, validUntil, recordCommitment);
        RevisionLog.announce(bytes32(identityId), 1, IdentityChanges.REGISTERED, uint192(predecessorId));
    }

    /// @notice Sets a new assurance level (1–3, different from the current one) on a live identity.
    function _setLevel(uint256 identityId, uint8 level) internal {
        _checkLevel(level);
        Identity storage record = _live(identityId);
        uint8 previous = record.level;
        if (previous == level) revert IdentityLevelUnchanged(identityId, level);
        record.level = level;
        emit IdentityLevelChanged(identityId, previous, level);
        _revise(identityId, IdentityChanges.LEVEL_CHANGED, level);
    }

    /// @notice Sets a new, future validity end date on a live identity.
    function _setValidUntil(uint256 identityId, uint40 validUntil) internal {
        _checkFuture(validUntil);
        Identity storage record = _live(identityId);
        uint40 previous = record.validUntil;
        record.validUntil = validUntil;
        emit IdentityRenewed(identityId, previous, validUntil);
        _revise(identityId, IdentityChanges.RENEWED, validUntil);
    }

    /// @notice Replaces a live identity's record commitment with a different, non-zero one.
    function _setRecordCommitment(uint256 identityId, bytes32 recordCommitment) internal {
        if (recordCommitment == bytes32(0)) revert IdentityRecordEmpty();
        Identity storage record = _live(identityId);
        bytes32 previous = record.recordCommitment;
        if (previous == recordCommitment) revert IdentityRecordUnchanged(identityId, recordCommitment);
        record.recordCommitment = recordCommitment;
        emit IdentityRecordUpdated(identityId, previous, recordCommitment);
        _revise(identityId, IdentityChanges.RECORD_UPDATED, 0);
    }

    /**
     * @notice Moves an identity along the status table (see {IIdentityRegistry}); the single writer of status.
     * @dev Reverts with {IdentityUnknown} or {IdentityStatusTransitionInvalid}; emits the transition's event.
     */
    function _setStatus(uint256 identityId, IdentityStatus to, bytes32 reasonCommitment) internal {
        Identity storage record = _known(identityId);
        IdentityStatus from = record.status;
        bool allowed =
            (from == IdentityStatus.Active && (to == IdentityStatus.Suspended || to == IdentityStatus.Revoked)) ||
                (from == IdentityStatus.Suspended && (to == IdentityStatus.Active || to == IdentityStatus.Revoked));
        if (!allowed) revert IdentityStatusTransitionInvalid(identityId, from, to);
        record.status = to;
        if (to == IdentityStatus.Suspended) {
            emit IdentitySuspended(identityId, reasonCommitment);
            _revise(identityId, IdentityChanges.SUSPENDED, 0);
        } else if (to == IdentityStatus.Active) {
            emit IdentityReinstated(identityId);
            _revise(identityId, IdentityChanges.REINSTATED, 0);
        } else {
            emit IdentityRevoked(identityId, reasonCommitment);
            _revise(identityId, IdentityChanges.REVOKED, 0);
        }
    }

    /// @notice Sets a device's owner: an Active identity that is not a device.
    function _setDeviceOwner(uint256 deviceId, uint256 ownerId) internal {
        Identity storage owner = _identities[ownerId];
        if (owner.status != IdentityStatus.Active || owner.kind == IdentityKind.Device) {
            revert IdentityDeviceOwnerInvalid(ownerId);
        }
        uint256 previous = _deviceOwners[deviceId];
        _deviceOwners[deviceId] = ownerId;
        emit IdentityDeviceOwnerChanged(deviceId, previous, ownerId);
        if (previous != 0) _revise(deviceId, IdentityChanges.DEVICE_OWNER_CHANGED, uint192(ownerId));
    }

    /// @notice Sets a service's minimum level (1–3).
    function _setServiceMinLevel(bytes32 serviceId, uint8 level) internal {
        if (serviceId == bytes32(0)) revert IdentityServiceIdEmpty();
        _checkLevel(level);
        uint8 previous = _serviceMinLevels[serviceId];
        _serviceMinLevels[serviceId] = level;
        emit IdentityServiceMinLevelSet(serviceId, previous, level);
    }

    /**
     * @notice Points `wallet` at `identityId` in the account index (0 releases it). Callers emit the event that
     * explains the change ({IdentityRegistered}, wallet bound/unbound, recovered, revoked).
     */
    function _setWalletIdentity(address wallet, uint256 identityId) internal {
        _identityOfWallet[wallet] = identityId;
    }

    /// @notice Replaces an identity's primary wallet (recovery only); the caller emits and revises.
    function _setPrimaryWallet(uint256 identityId, address newWallet) internal returns (address previous) {
        Identity storage record = _identities[identityId];
        previous = record.wallet;
        _identityOfWallet[previous] = 0;
        _identityOfWallet[newWallet] = identityId;
        record.wallet = newWallet;
    }

    /// @notice Bumps an identity's revision counter and emits `RecordRevised` for the change.
    function _revise(uint256 identityId, uint16 change, uint192 ref) internal {
        uint32 revision = ++_identities[identityId].revision;
        RevisionLog.announce(bytes32(identityId), revision, change, ref);
    }

    /// @notice Releases every bound (extra) wallet of an identity; implemented by the wallet layer.
    function _releaseBoundWallets(uint256 identityId) internal virtual;

    /// @notice The record of an identity, which may be zeroed (unknown id).
    function _record(uint256 identityId) internal view returns (Identity storage) {
        return _identities[identityId];
    }

    /// @notice The identity `wallet` belongs to, as primary or bound wallet (0 when none).
    function _walletIdentity(address wallet) internal view returns (uint256) {
        return _identityOfWallet[wallet];
    }

    /// @notice A registered identity's record; reverts with {IdentityUnknown}.
    function _known(uint256 identityId) internal view returns (Identity storage record) {
        record = _identities[identityId];
        if (record.status == IdentityStatus.None) revert IdentityUnknown(identityId);
    }

    /// @notice A registered, non-revoked identity's record; reverts with {IdentityUnknown} or {IdentityAlreadyRevoked}.
    function _live(uint256 identityId) internal view returns (Identity storage record) {
        record = _known(identityId);
        if (record.status == IdentityStatus.Revoked) revert IdentityAlreadyRevoked(identityId);
    }

    /**
     * @notice The record of an Active identity whose primary wallet is the caller: what self-administration
     * (binding wallets, appointing guardians, vetoing a recovery) requires.
     */
    function _ownedByCaller(uint256 identityId) internal view returns (Identity storage record) {
        record = _known(identityId);
        if (record.status != IdentityStatus.Active) revert IdentityNotActive(identityId, record.status);
        if (record.wallet != msg.sender) revert IdentityCallerNotWallet(identityId, msg.sender);
    }

    /// @notice The identity whose primary wallet is the caller; reverts with {IdentityCallerUnknown}.
    function _callerIdentity() internal view returns (uint256 identityId) {
        identityId = _identityOfWallet[msg.sender];
        if (identityId == 0 || _identities[identityId].wallet != msg.sender) revert IdentityCallerUnknown(msg.sender);
    }

    /// @notice The verification rule of {IIdentityRegistry-isVerified}; false for id 0.
    function _isVerified(uint256 identityId, uint8 minLevel) internal view returns (bool) {
        Identity storage record = _identities[identityId];
        if (!_isCurrent(record) || record.level < minLevel) return false;
        // A device is verified only while its owner identity is Active and unexpired (owners are not devices).
        return record.kind != IdentityKind.Device || _isCurrent(_identities[_deviceOwners[identityId]]);
    }

    /// @notice Reverts with {IdentityWalletZero} or {IdentityWalletAlreadyBound} unless `wallet` is free.
    function _checkWalletFree(address wallet) internal view {
        if (wallet == address(0)) revert IdentityWalletZero();
        uint256 holder = _identityOfWallet[wallet];
        if (holder != 0) revert IdentityWalletAlreadyBound(wallet, holder);
    }

    function _isCurrent(Identity storage record) private view returns (bool) {
        return record.status == IdentityStatus.Active && block.timestamp <= record.validUntil;
    }

    function _checkLevel(uint8 level) private pure {
        if (level < MIN_LEVEL || level > MAX_LEVEL) revert IdentityLevelInvalid(level);
    }

    function _checkFuture(uint40 validUntil) private view {
        if (validUntil <= block.timestamp) revert IdentityValidityInPast(validUntil, block.timestamp);
    }
}
