// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CityService} from "../common/CityService.sol";
import {RevisionLog} from "../common/RevisionLog.sol";
import {IIdentityRegistry} from "./IIdentityRegistry.sol";
import {IdentityChanges} from "./IdentityChanges.sol";

/**
 * @title IdentityCore
 * @notice The identity records, the wallet and subject indexes, and every O(1) query services make.
 * @dev Owns all identity storage, in its own ERC-7201 namespace (the wallet and recovery layers have theirs); the
 * lifecycle, wallet and recovery layers change it only through the internal functions here, each of which emits.
 * Storage per registration: the two-slot record, `wallet -> id`, `subject -> latest id`; the id counter shares
 * AccessManaged's slot (see `_ACCESS_MANAGED_STORAGE`).
 * A predecessor link is written only on re-registration, an owner link only for devices.
 */
abstract contract IdentityCore is CityService, IIdentityRegistry {
    /// @notice The lowest assurance level (password).
    uint8 public constant MIN_LEVEL = 1;
    /// @notice The highest assurance level (biometric + second factor).
    uint8 public constant MAX_LEVEL = 3;

    /// @custom:storage-location erc7201:citychain.storage.IdentityCore
    struct IdentityCoreStorage {
        mapping(uint256 identityId => Identity) identities;
        mapping(address account => uint256 identityId) identityOfWallet;
        mapping(bytes32 subject => uint256 identityId) latestOfSubject;
        mapping(uint256 identityId => uint256 predecessorId) predecessors;
        mapping(uint256 deviceId => uint256 ownerId) deviceOwners;
        mapping(bytes32 serviceId => uint8 level) serviceMinLevels;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.IdentityCore")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _IDENTITY_CORE_STORAGE =
        0xd934830f42c69c0f9754ef746cfb600fe4b9a3cafd401f78a36c5ba429024200;

    /**
     * @dev The next identity id lives in the spare bits 168..231 of OpenZeppelin's `AccessManagedStorage` slot
     * (`address _authority` is bits 0..159, `bool _consumingSchedule` bits 160..167), which the `restricted` check
     * of every registration has just read: the counter costs a warm read instead of a cold one (2,000 gas, what
     * keeps `register` within its budget behind a proxy). OpenZeppelin writes those two fields with masked
     * read-modify-writes, so the spare bits survive `setAuthority` and scheduled calls (tested); a future
     * OpenZeppelin version that added a field to that struct would be caught by the test of its layout
     * (`test/identity/IdentityStorage.test.ts`), and must never be adopted without moving the counter. Starts at
     * 1 (set by the initializer; 0 means "none").
     */
    uint256 private constant _NEXT_ID_SHIFT = 168;
    uint256 private constant _NEXT_ID_MASK = 0xffffffffffffffff;

    /// @inheritdoc IIdentityRegistry
    function identity(uint256 identityId) external view returns (Identity memory) {
        return _identityCoreStorage().identities[identityId];
    }

    /// @inheritdoc IIdentityRegistry
    function identityOf(address account) external view returns (uint256) {
        return _identityCoreStorage().identityOfWallet[account];
    }

    /// @inheritdoc IIdentityRegistry
    function walletOf(uint256 identityId) external view returns (address) {
        return _identityCoreStorage().identities[identityId].wallet;
    }

    /// @inheritdoc IIdentityRegistry
    function isVerified(address account, uint8 minLevel) external view returns (bool) {
        return _isVerified(_identityCoreStorage().identityOfWallet[account], minLevel);
    }

    /// @inheritdoc IIdentityRegistry
    function isIdentityVerified(uint256 identityId, uint8 minLevel) external view returns (bool) {
        return _isVerified(identityId, minLevel);
    }

    /// @inheritdoc IIdentityRegistry
    function isVerifiedFor(address account, bytes32 serviceId) external view returns (bool) {
        uint8 minLevel = _identityCoreStorage().serviceMinLevels[serviceId];
        return minLevel != 0 && _isVerified(_identityCoreStorage().identityOfWallet[account], minLevel);
    }

    /// @inheritdoc IIdentityRegistry
    function serviceMinLevel(bytes32 serviceId) external view returns (uint8) {
        return _identityCoreStorage().serviceMinLevels[serviceId];
    }

    /// @inheritdoc IIdentityRegistry
    function identityOfSubject(bytes32 subject) external view returns (uint256) {
        return _identityCoreStorage().latestOfSubject[subject];
    }

    /// @inheritdoc IIdentityRegistry
    function predecessorOf(uint256 identityId) external view returns (uint256) {
        return _identityCoreStorage().predecessors[identityId];
    }

    /// @inheritdoc IIdentityRegistry
    function deviceOwnerOf(uint256 deviceId) external view returns (uint256) {
        return _identityCoreStorage().deviceOwners[deviceId];
    }

    /// @inheritdoc IIdentityRegistry
    function identityCount() external view returns (uint256) {
        return _nextIdentityId() - 1;
    }

    /**
     * @notice Registers an identity after validating every input; the single writer of new records.
     * @dev The caller checked the kind. Emits {IdentityRegistered} (revision 1 of the record).
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
        if (wallet == address(0)) revert IdentityWalletZero();
        IdentityCoreStorage storage $ = _identityCoreStorage();
        (bytes32 walletSlot, bytes32 subjectSlot, uint256 predecessorId) = _indexSlots(wallet, subject);
        if (predecessorId != 0 && $.identities[predecessorId].status != IdentityStatus.Revoked) {
            revert IdentitySubjectTaken(subject, predecessorId);
        }

        identityId = _takeNextIdentityId();
        // The fresh record (status Active, revision 1), each slot written once and unread (a fresh id's slots are
        // zero), in the layout of {IIdentityRegistry-Identity}: wallet (bits 0..159), validUntil (160..199), kind
        // (200..207), level (208..215), status (216..223), revision (224..255); `identity(id)` reads it back
        // (fuzz-tested). Then both indexes.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x00, identityId)
            mstore(0x20, $.slot) // $.identities
            let record := keccak256(0x00, 0x40)
            let terms := or(
                shl(160, and(validUntil, 0xffffffffff)),
                or(shl(200, and(kind, 0xff)), shl(208, and(level, 0xff)))
            )
            // status Active (1) at bit 216, revision 1 at bit 224
            sstore(
                record,
                or(or(and(wallet, 0xffffffffffffffffffffffffffffffffffffffff), terms), or(shl(216, 1), shl(224, 1)))
            )
            sstore(add(record, 1), recordCommitment)
            sstore(walletSlot, identityId)
            sstore(subjectSlot, identityId)
        }
        if (predecessorId != 0) $.predecessors[identityId] = predecessorId;
        // Revision 1 of the record (see {IdentityRegistered}); later changes emit `RecordRevised`.
        _emitRegistered(identityId, subject, wallet, level, validUntil, recordCommitment);
    }

    /**
     * @dev The `wallet -> id` and `subject -> latest id` slots of a registration, computed once: read here for the
     * checks (reverts {IdentityWalletAlreadyBound}), written by {_register} (then warm).
     */
    function _indexSlots(
        address wallet,
        bytes32 subject
    ) private view returns (bytes32 walletSlot, bytes32 subjectSlot, uint256 predecessorId) {
        uint256 holder;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x00, and(wallet, 0xffffffffffffffffffffffffffffffffffffffff))
            mstore(0x20, add(_IDENTITY_CORE_STORAGE, 1)) // $.identityOfWallet
            walletSlot := keccak256(0x00, 0x40)
            holder := sload(walletSlot)
            mstore(0x00, subject)
            mstore(0x20, add(_IDENTITY_CORE_STORAGE, 2)) // $.latestOfSubject
            subjectSlot := keccak256(0x00, 0x40)
            predecessorId := sload(subjectSlot)
        }
        if (holder != 0) revert IdentityWalletAlreadyBound(wallet, holder);
    }

    /**
     * @dev Emits {IdentityRegistered}, ABI-encoded in scratch memory above the free memory pointer (four static
     * words, nothing kept), the registrar being `msg.sender`.
     */
    function _emitRegistered(
        uint256 identityId,
        bytes32 subject,
        address wallet,
        uint8 level,
        uint40 validUntil,
        bytes32 recordCommitment
    ) private {
        bytes32 topic = IdentityRegistered.selector;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let data := mload(0x40)
            mstore(data, and(level, 0xff))
            mstore(add(data, 0x20), and(validUntil, 0xffffffffff))
            mstore(add(data, 0x40), recordCommitment)
            mstore(add(data, 0x60), caller())
            log4(data, 0x80, topic, identityId, subject, and(wallet, 0xffffffffffffffffffffffffffffffffffffffff))
        }
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
        Identity storage owner = _identityCoreStorage().identities[ownerId];
        if (owner.status != IdentityStatus.Active || owner.kind == IdentityKind.Device) {
            revert IdentityDeviceOwnerInvalid(ownerId);
        }
        uint256 previous = _identityCoreStorage().deviceOwners[deviceId];
        _identityCoreStorage().deviceOwners[deviceId] = ownerId;
        emit IdentityDeviceOwnerChanged(deviceId, previous, ownerId);
        if (previous != 0) _revise(deviceId, IdentityChanges.DEVICE_OWNER_CHANGED, uint192(ownerId));
    }

    /// @notice Sets a service's minimum level (1–3).
    function _setServiceMinLevel(bytes32 serviceId, uint8 level) internal {
        if (serviceId == bytes32(0)) revert IdentityServiceIdEmpty();
        _checkLevel(level);
        uint8 previous = _identityCoreStorage().serviceMinLevels[serviceId];
        _identityCoreStorage().serviceMinLevels[serviceId] = level;
        emit IdentityServiceMinLevelSet(serviceId, previous, level);
    }

    /**
     * @notice Points `wallet` at `identityId` in the account index (0 releases it). Callers emit the event that
     * explains the change ({IdentityRegistered}, wallet bound/unbound, recovered, revoked).
     */
    function _setWalletIdentity(address wallet, uint256 identityId) internal {
        _identityCoreStorage().identityOfWallet[wallet] = identityId;
    }

    /// @notice Replaces an identity's primary wallet (recovery only); the caller emits and revises.
    function _setPrimaryWallet(uint256 identityId, address newWallet) internal returns (address previous) {
        Identity storage record = _identityCoreStorage().identities[identityId];
        previous = record.wallet;
        _identityCoreStorage().identityOfWallet[previous] = 0;
        _identityCoreStorage().identityOfWallet[newWallet] = identityId;
        record.wallet = newWallet;
    }

    /// @notice Bumps an identity's revision counter and emits `RecordRevised` for the change.
    function _revise(uint256 identityId, uint16 change, uint192 ref) internal {
        uint32 revision = ++_identityCoreStorage().identities[identityId].revision;
        RevisionLog.announce(bytes32(identityId), revision, change, ref);
    }

    /// @notice Releases every bound (extra) wallet of an identity; implemented by the wallet layer.
    function _releaseBoundWallets(uint256 identityId) internal virtual;

    /// @notice The record of an identity, which may be zeroed (unknown id).
    function _record(uint256 identityId) internal view returns (Identity storage) {
        return _identityCoreStorage().identities[identityId];
    }

    /// @notice The identity `wallet` belongs to, as primary or bound wallet (0 when none).
    function _walletIdentity(address wallet) internal view returns (uint256) {
        return _identityCoreStorage().identityOfWallet[wallet];
    }

    /// @notice A registered identity's record; reverts with {IdentityUnknown}.
    function _known(uint256 identityId) internal view returns (Identity storage record) {
        record = _identityCoreStorage().identities[identityId];
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
        identityId = _identityCoreStorage().identityOfWallet[msg.sender];
        if (identityId == 0 || _identityCoreStorage().identities[identityId].wallet != msg.sender)
            revert IdentityCallerUnknown(msg.sender);
    }

    /// @notice The verification rule of {IIdentityRegistry-isVerified}; false for id 0.
    function _isVerified(uint256 identityId, uint8 minLevel) internal view returns (bool) {
        Identity storage record = _identityCoreStorage().identities[identityId];
        if (!_isCurrent(record) || record.level < minLevel) return false;
        // A device is verified only while its owner identity is Active and unexpired (owners are not devices).
        return
            record.kind != IdentityKind.Device ||
            _isCurrent(_identityCoreStorage().identities[_identityCoreStorage().deviceOwners[identityId]]);
    }

    /// @notice Reverts with {IdentityWalletZero} or {IdentityWalletAlreadyBound} unless `wallet` is free.
    function _checkWalletFree(address wallet) internal view {
        if (wallet == address(0)) revert IdentityWalletZero();
        uint256 holder = _identityCoreStorage().identityOfWallet[wallet];
        if (holder != 0) revert IdentityWalletAlreadyBound(wallet, holder);
    }

    /// @notice Starts the id counter at 1; call it from the registry's `initialize`.
    // solhint-disable-next-line func-name-mixedcase
    function __IdentityCore_init() internal onlyInitializing {
        _setNextIdentityId(1);
    }

    /// @dev The id counter, read from its bits of the AccessManaged slot (see `_ACCESS_MANAGED_STORAGE`).
    function _nextIdentityId() internal view returns (uint64 next) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            next := and(shr(_NEXT_ID_SHIFT, sload(_ACCESS_MANAGED_STORAGE)), _NEXT_ID_MASK)
        }
    }

    /// @dev Writes the id counter's bits of the AccessManaged slot, keeping the authority and its flag.
    function _setNextIdentityId(uint64 next) private {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let word := sload(_ACCESS_MANAGED_STORAGE)
            word := or(and(word, not(shl(_NEXT_ID_SHIFT, _NEXT_ID_MASK))), shl(_NEXT_ID_SHIFT, next))
            sstore(_ACCESS_MANAGED_STORAGE, word)
        }
    }

    /**
     * @dev Returns the next identity id and bumps the counter, in one read-modify-write of the AccessManaged slot
     * (the authority and its flag kept). Reverts with a panic (0x11, overflow) rather than wrap after 2^64 - 1 ids.
     */
    function _takeNextIdentityId() private returns (uint256 id) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let word := sload(_ACCESS_MANAGED_STORAGE)
            id := and(shr(_NEXT_ID_SHIFT, word), _NEXT_ID_MASK)
            if eq(id, _NEXT_ID_MASK) {
                mstore(0x00, shl(224, 0x4e487b71)) // Panic(uint256)
                mstore(0x04, 0x11)
                revert(0x00, 0x24)
            }
            // The counter's bits are below 2^64 - 1 here: adding 1 << 168 cannot carry into the bits above them.
            sstore(_ACCESS_MANAGED_STORAGE, add(word, shl(_NEXT_ID_SHIFT, 1)))
        }
    }

    function _identityCoreStorage() internal pure returns (IdentityCoreStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _IDENTITY_CORE_STORAGE
        }
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
