// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IdentityChanges} from "./IdentityChanges.sol";
import {IdentityCore} from "./IdentityCore.sol";
import {IIdentityRecovery} from "./IIdentityRecovery.sol";

/**
 * @title IdentityRecovery
 * @notice M-of-N guardian recovery of an identity's primary wallet, with a veto window for the current wallet.
 * @dev Guardians are identity ids, resolved to their current primary wallet at every approval, so a guardian's
 * own recovery never breaks the sets it sits in. Guardian sets are bounded by {MAX_GUARDIANS}; every loop here
 * runs over one set.
 */
abstract contract IdentityRecovery is IdentityCore, IIdentityRecovery {
    /// @notice The most guardians one set may name.
    uint256 public constant MAX_GUARDIANS = 8;
    /// @notice The lowest threshold: no single guardian, the registrar included, can recover an identity alone.
    uint256 public constant MIN_THRESHOLD = 2;
    /// @notice The shortest recovery delay a deployment may choose.
    uint256 public constant MIN_RECOVERY_DELAY = 1 days;
    /// @notice The longest recovery delay a deployment may choose.
    uint256 public constant MAX_RECOVERY_DELAY = 30 days;
    /// @notice A recovery must reach its threshold within this many recovery delays of its initiation.
    uint256 public constant RECOVERY_APPROVAL_PERIODS = 3;
    /// @notice An approved recovery must execute within this many recovery delays after `executableAt`.
    uint256 public constant RECOVERY_EXECUTION_PERIODS = 2;

    /// @custom:storage-location erc7201:citychain.storage.IdentityRecovery
    struct IdentityRecoveryStorage {
        uint256 recoveryDelay; // set once by the initializer
        uint256 recoveryCount;
        mapping(uint256 identityId => GuardianState) guardianStates;
        mapping(uint256 identityId => mapping(uint32 epoch => GuardianSet)) guardianSets;
        mapping(uint256 recoveryId => Recovery) recoveries;
        mapping(uint256 recoveryId => mapping(uint256 guardianId => bool)) recoveryApprovals;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.IdentityRecovery")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _IDENTITY_RECOVERY_STORAGE =
        0x8a8354dc974e167dde16b7197a044220f21162822f73c39bf45f052e45fcb600;

    /**
     * @notice Sets the recovery delay; call it from the registry's `initialize`.
     * @param delay The veto window after the M-th approval and the delay of a guardian change, in seconds.
     */
    // solhint-disable-next-line func-name-mixedcase
    function __IdentityRecovery_init(uint256 delay) internal onlyInitializing {
        if (delay < MIN_RECOVERY_DELAY || delay > MAX_RECOVERY_DELAY) {
            revert IdentityRecoveryDelayInvalid(delay, MIN_RECOVERY_DELAY, MAX_RECOVERY_DELAY);
        }
        _identityRecoveryStorage().recoveryDelay = delay;
    }

    /// @inheritdoc IIdentityRecovery
    function appointGuardians(uint256 identityId, uint256[] calldata guardianIds, uint8 threshold) external {
        _ownedByCaller(identityId);
        uint256 count = guardianIds.length;
        if (count < MIN_THRESHOLD || count > MAX_GUARDIANS) {
            revert IdentityGuardianCountInvalid(count, MIN_THRESHOLD, MAX_GUARDIANS);
        }
        if (threshold < MIN_THRESHOLD || threshold > count) revert IdentityGuardianThresholdInvalid(threshold, count);

        GuardianState storage state = _identityRecoveryStorage().guardianStates[identityId];
        uint32 epoch = state.last + 1;
        GuardianSet storage set = _identityRecoveryStorage().guardianSets[identityId][epoch];
        for (uint256 i = 0; i < count; ++i) {
            uint256 guardianId = guardianIds[i];
            Identity storage guardian = _record(guardianId);
            if (
                guardianId == identityId ||
                guardian.status == IdentityStatus.None ||
                guardian.status == IdentityStatus.Revoked ||
                guardian.kind == IdentityKind.Device
            ) revert IdentityGuardianInvalid(guardianId);
            for (uint256 j = 0; j < i; ++j) {
                if (guardianIds[j] == guardianId) revert IdentityGuardianDuplicate(guardianId);
            }
            // Known ids never exceed the registry's uint64 id counter, so the cast is exact.
            set.guardianIds.push(uint64(guardianId));
        }
        set.threshold = threshold;
        // Every set, the first included, waits for the recovery delay: a key thief cannot install guardians at once.
        uint40 effectiveAt = uint40(block.timestamp + _identityRecoveryStorage().recoveryDelay);
        set.effectiveAt = effectiveAt;

        uint32 effective = _effectiveEpoch(state);
        if (state.pending != 0 && state.pending != effective) {
            emit IdentityGuardianChangeDiscarded(identityId, state.pending);
        }
        state.current = effective;
        state.pending = epoch;
        state.pendingEffectiveAt = effectiveAt;
        state.last = epoch;
        emit IdentityGuardiansAppointed(identityId, epoch, guardianIds, threshold, effectiveAt);
        _revise(identityId, IdentityChanges.GUARDIANS_APPOINTED, epoch);
    }

    /// @inheritdoc IIdentityRecovery
    function initiateRecovery(uint256 identityId, address newWallet) external returns (uint256 recoveryId) {
        uint256 guardianId = _callerIdentity();
        Identity storage record = _live(identityId);
        uint32 epoch = _effectiveEpoch(_identityRecoveryStorage().guardianStates[identityId]);
        if (epoch == 0) revert IdentityNoGuardians(identityId);
        GuardianSet storage set = _identityRecoveryStorage().guardianSets[identityId][epoch];
        _checkGuardian(set, identityId, guardianId);
        _checkNewWallet(identityId, newWallet, record.wallet);

        recoveryId = ++_identityRecoveryStorage().recoveryCount;
        uint8 threshold = set.threshold;
        GuardianState storage state = _identityRecoveryStorage().guardianStates[identityId];
        uint32 pending = state.pending;
        _identityRecoveryStorage().recoveries[recoveryId] = Recovery({
            identityId: uint64(identityId),
            guardianEpoch: epoch,
            threshold: threshold,
            approvals: 1,
            status: RecoveryStatus.Pending,
            executableAt: 0,
            openedAt: uint40(block.timestamp),
            walletChange: state.walletChanges,
            newWallet: newWallet,
            pendingEpoch: pending == epoch ? 0 : pending,
            previousWallet: record.wallet
        });
        _identityRecoveryStorage().recoveryApprovals[recoveryId][guardianId] = true;
        emit IdentityRecoveryInitiated(recoveryId, identityId, guardianId, newWallet, epoch, threshold);
        emit IdentityRecoveryApproved(recoveryId, guardianId, 1, 0);
    }

    /// @inheritdoc IIdentityRecovery
    function approveRecovery(uint256 recoveryId) external {
        uint256 guardianId = _callerIdentity();
        Recovery storage request = _pendingRecovery(recoveryId);
        uint256 identityId = request.identityId;
        _live(identityId);
        uint256 deadline =
            request.executableAt == 0
                ? request.openedAt + RECOVERY_APPROVAL_PERIODS * _identityRecoveryStorage().recoveryDelay
                : request.executableAt + RECOVERY_EXECUTION_PERIODS * _identityRecoveryStorage().recoveryDelay;
        if (block.timestamp > deadline) revert IdentityRecoveryExpired(recoveryId, deadline, block.timestamp);
        GuardianState storage state = _identityRecoveryStorage().guardianStates[identityId];
        _checkNotStale(recoveryId, request, state);
        // Before the threshold, "a newer set took effect before it was reached" is "the set in effect is not the
        // recovery's". (After it, the extra approval changes nothing; the same rule keeps it simple.)
        uint32 effective = _effectiveEpoch(state);
        if (effective != request.guardianEpoch || request.guardianEpoch <= state.floor) {
            revert IdentityRecoverySuperseded(recoveryId, request.guardianEpoch, effective);
        }
        _checkGuardian(
            _identityRecoveryStorage().guardianSets[identityId][request.guardianEpoch],
            identityId,
            guardianId
        );
        if (_identityRecoveryStorage().recoveryApprovals[recoveryId][guardianId])
            revert IdentityRecoveryAlreadyApproved(recoveryId, guardianId);

        _identityRecoveryStorage().recoveryApprovals[recoveryId][guardianId] = true;
        uint8 approvals = ++request.approvals;
        // The veto window starts when the recovery becomes executable in numbers, not when it was opened.
        if (approvals == request.threshold)
            request.executableAt = uint40(block.timestamp + _identityRecoveryStorage().recoveryDelay);
        emit IdentityRecoveryApproved(recoveryId, guardianId, approvals, request.executableAt);
    }

    /// @inheritdoc IIdentityRecovery
    function vetoRecovery(uint256 recoveryId) external {
        Recovery storage request = _pendingRecovery(recoveryId);
        uint256 identityId = request.identityId;
        _ownedByCaller(identityId);
        request.status = RecoveryStatus.Vetoed;
        emit IdentityRecoveryVetoed(recoveryId, identityId);
    }

    /// @inheritdoc IIdentityRecovery
    function executeRecovery(uint256 recoveryId) external {
        Recovery storage request = _pendingRecovery(recoveryId);
        if (request.approvals < request.threshold) {
            revert IdentityRecoveryNotApproved(recoveryId, request.approvals, request.threshold);
        }
        uint256 executableAt = request.executableAt;
        // Strictly after: at `executableAt` itself only the veto is possible (no same-second race).
        if (block.timestamp <= executableAt) revert IdentityRecoveryTooEarly(recoveryId, executableAt, block.timestamp);
        uint256 deadline = executableAt + RECOVERY_EXECUTION_PERIODS * _identityRecoveryStorage().recoveryDelay;
        if (block.timestamp > deadline) revert IdentityRecoveryExpired(recoveryId, deadline, block.timestamp);
        uint256 identityId = request.identityId;
        Identity storage record = _live(identityId);
        GuardianState storage state = _identityRecoveryStorage().guardianStates[identityId];
        _checkNotStale(recoveryId, request, state);
        // A set that took effect after the threshold was reached does not stop the recovery (it is undone below
        // when appointed after the opening); a registrar reset does.
        if (request.guardianEpoch <= state.floor) {
            revert IdentityRecoverySuperseded(recoveryId, request.guardianEpoch, _effectiveEpoch(state));
        }
        address newWallet = request.newWallet;
        _checkNewWallet(identityId, newWallet, record.wallet);

        request.status = RecoveryStatus.Executed;
        ++state.walletChanges;
        _releaseBoundWallets(identityId);
        address previous = _setPrimaryWallet(identityId, newWallet);
        _restoreGuardians(identityId, state, request.guardianEpoch, request.pendingEpoch);
        emit IdentityRecovered(identityId, recoveryId, newWallet, previous);
        _revise(identityId, IdentityChanges.RECOVERED, uint192(recoveryId));
    }

    /// @inheritdoc IIdentityRecovery
    function recovery(uint256 recoveryId) external view returns (Recovery memory) {
        return _identityRecoveryStorage().recoveries[recoveryId];
    }

    /// @inheritdoc IIdentityRecovery
    function hasApprovedRecovery(uint256 recoveryId, uint256 guardianId) external view returns (bool) {
        return _identityRecoveryStorage().recoveryApprovals[recoveryId][guardianId];
    }

    /// @inheritdoc IIdentityRecovery
    function guardiansOf(
        uint256 identityId
    ) external view returns (uint256[] memory guardianIds, uint8 threshold, uint32 epoch) {
        epoch = _effectiveEpoch(_identityRecoveryStorage().guardianStates[identityId]);
        (guardianIds, threshold) = _readSet(identityId, epoch);
    }

    /// @inheritdoc IIdentityRecovery
    function pendingGuardiansOf(
        uint256 identityId
    ) external view returns (uint256[] memory guardianIds, uint8 threshold, uint32 epoch, uint40 effectiveAt) {
        GuardianState storage state = _identityRecoveryStorage().guardianStates[identityId];
        if (state.pending != 0 && block.timestamp < state.pendingEffectiveAt) {
            epoch = state.pending;
            effectiveAt = state.pendingEffectiveAt;
            (guardianIds, threshold) = _readSet(identityId, epoch);
        }
    }

    /// @inheritdoc IIdentityRecovery
    function guardianSet(
        uint256 identityId,
        uint32 epoch
    ) external view returns (uint256[] memory guardianIds, uint8 threshold) {
        return _readSet(identityId, epoch);
    }

    /// @inheritdoc IIdentityRecovery
    function recoveryDelay() external view returns (uint256) {
        return _identityRecoveryStorage().recoveryDelay;
    }

    /// @inheritdoc IIdentityRecovery
    function recoveryDeadlines(uint256 recoveryId) external view returns (uint40 approveBy, uint40 executeBy) {
        Recovery storage request = _identityRecoveryStorage().recoveries[recoveryId];
        if (request.status == RecoveryStatus.None) return (0, 0);
        approveBy = uint40(request.openedAt + RECOVERY_APPROVAL_PERIODS * _identityRecoveryStorage().recoveryDelay);
        if (request.executableAt != 0) {
            executeBy = uint40(
                request.executableAt + RECOVERY_EXECUTION_PERIODS * _identityRecoveryStorage().recoveryDelay
            );
        }
    }

    /// @inheritdoc IIdentityRecovery
    function guardianState(uint256 identityId) external view returns (GuardianState memory) {
        return _identityRecoveryStorage().guardianStates[identityId];
    }

    /// @inheritdoc IIdentityRecovery
    function actorState(
        uint256 identityId,
        uint8 minLevel
    ) external view returns (address wallet, bool verified, uint32 walletChanges) {
        return (
            _record(identityId).wallet,
            _isVerified(identityId, minLevel),
            _identityRecoveryStorage().guardianStates[identityId].walletChanges
        );
    }

    /// @notice Resets a Suspended identity's guardians (see {IIdentityRecovery-resetGuardians}); the registry
    /// exposes it to REGISTRAR.
    function _resetGuardians(uint256 identityId, bool keepInEffect) internal {
        IdentityStatus status = _known(identityId).status;
        if (status != IdentityStatus.Suspended) revert IdentityNotSuspended(identityId, status);
        GuardianState storage state = _identityRecoveryStorage().guardianStates[identityId];
        uint32 effective = _effectiveEpoch(state);
        uint32 pending = state.pending == effective ? 0 : state.pending;
        uint32 inEffect = keepInEffect ? 0 : effective;
        if (pending == 0 && inEffect == 0) revert IdentityNoGuardians(identityId);
        if (pending != 0) _identityRecoveryStorage().guardianSets[identityId][pending].reset = true;
        state.current = keepInEffect ? effective : 0;
        state.pending = 0;
        state.pendingEffectiveAt = 0;
        if (!keepInEffect) state.floor = state.last;
        emit IdentityGuardiansReset(identityId, pending, inEffect, state.floor);
        _revise(identityId, IdentityChanges.GUARDIANS_RESET, state.floor);
    }

    /**
     * @dev After a recovery: the sets of the moment it was opened apply again (the one in effect, and the one
     * pending then, which takes effect at its own time), and every set appointed since is discarded, so a thief's
     * guardian change cannot outlive the recovery while the owner's earlier change is kept. Sets in effect or
     * pending now are either those two or appointed since (another recovery's restore would have made this one
     * stale, a reset would have killed it).
     */
    function _restoreGuardians(uint256 identityId, GuardianState storage state, uint32 epoch, uint32 pending) private {
        uint32 effectiveNow = _effectiveEpoch(state);
        uint32 pendingNow = state.pending;
        if (effectiveNow != epoch && effectiveNow != pending)
            emit IdentityGuardianChangeDiscarded(identityId, effectiveNow);
        if (pendingNow != 0 && pendingNow != effectiveNow && pendingNow != pending) {
            emit IdentityGuardianChangeDiscarded(identityId, pendingNow);
        }
        // A pending set a registrar discarded is never brought back.
        if (pending != 0 && _identityRecoveryStorage().guardianSets[identityId][pending].reset) pending = 0;
        uint40 pendingEffectiveAt =
            pending == 0 ? 0 : _identityRecoveryStorage().guardianSets[identityId][pending].effectiveAt;
        state.current = epoch;
        state.pending = pending;
        state.pendingEffectiveAt = pendingEffectiveAt;
        emit IdentityGuardiansRestored(identityId, epoch, pending, pendingEffectiveAt);
    }

    /// @dev Reverts with {IdentityRecoveryStale} when a recovery executed on the identity since `request` opened.
    function _checkNotStale(uint256 recoveryId, Recovery storage request, GuardianState storage state) private view {
        uint32 current = state.walletChanges;
        if (request.walletChange != current) revert IdentityRecoveryStale(recoveryId, request.walletChange, current);
    }

    /// @dev Reverts unless `guardianId` is in `set` and verified (Active, unexpired).
    function _checkGuardian(GuardianSet storage set, uint256 identityId, uint256 guardianId) private view {
        uint64[] storage ids = set.guardianIds;
        uint256 count = ids.length;
        bool found;
        for (uint256 i = 0; i < count && !found; ++i) found = ids[i] == guardianId;
        if (!found) revert IdentityNotGuardian(identityId, guardianId);
        if (!_isVerified(guardianId, MIN_LEVEL)) revert IdentityGuardianNotVerified(guardianId);
    }

    /// @dev The new wallet must be non-zero, not the current primary, and free or bound to this same identity.
    function _checkNewWallet(uint256 identityId, address newWallet, address currentWallet) private view {
        if (newWallet == address(0)) revert IdentityWalletZero();
        uint256 holder = _walletIdentity(newWallet);
        if (holder != 0 && (holder != identityId || newWallet == currentWallet)) {
            revert IdentityWalletAlreadyBound(newWallet, holder);
        }
    }

    function _pendingRecovery(uint256 recoveryId) private view returns (Recovery storage request) {
        request = _identityRecoveryStorage().recoveries[recoveryId];
        RecoveryStatus status = request.status;
        if (status == RecoveryStatus.None) revert IdentityRecoveryUnknown(recoveryId);
        if (status == RecoveryStatus.Vetoed) revert IdentityRecoveryWasVetoed(recoveryId);
        if (status != RecoveryStatus.Pending) revert IdentityRecoveryNotPending(recoveryId, status);
    }

    function _effectiveEpoch(GuardianState storage state) private view returns (uint32) {
        uint32 pending = state.pending;
        if (pending != 0 && block.timestamp >= state.pendingEffectiveAt) return pending;
        return state.current;
    }

    function _readSet(uint256 identityId, uint32 epoch) private view returns (uint256[] memory ids, uint8 threshold) {
        GuardianSet storage set = _identityRecoveryStorage().guardianSets[identityId][epoch];
        uint256 count = set.guardianIds.length;
        ids = new uint256[](count);
        for (uint256 i = 0; i < count; ++i) ids[i] = set.guardianIds[i];
        threshold = set.threshold;
    }

    function _identityRecoveryStorage() private pure returns (IdentityRecoveryStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _IDENTITY_RECOVERY_STORAGE
        }
    }
}
