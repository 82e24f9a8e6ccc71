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

    uint256 private immutable _RECOVERY_DELAY;

    uint256 private _recoveryCount;
    mapping(uint256 identityId => GuardianState) private _guardianStates;
    mapping(uint256 identityId => mapping(uint32 epoch => GuardianSet)) private _guardianSets;
    mapping(uint256 recoveryId => Recovery) private _recoveries;
    mapping(uint256 recoveryId => mapping(uint256 guardianId => bool)) private _recoveryApprovals;

    /// @param delay The veto window after the M-th approval and the delay of a guardian change, in seconds.
    constructor(uint256 delay) {
        if (delay < MIN_RECOVERY_DELAY || delay > MAX_RECOVERY_DELAY) {
            revert IdentityRecoveryDelayInvalid(delay, MIN_RECOVERY_DELAY, MAX_RECOVERY_DELAY);
        }
        _RECOVERY_DELAY = delay;
    }

    /// @inheritdoc IIdentityRecovery
    function appointGuardians(uint256 identityId, uint256[] calldata guardianIds, uint8 threshold) external {
        _ownedByCaller(identityId);
        uint256 count = guardianIds.length;
        if (count < MIN_THRESHOLD || count > MAX_GUARDIANS) {
            revert IdentityGuardianCountInvalid(count, MIN_THRESHOLD, MAX_GUARDIANS);
        }
        if (threshold < MIN_THRESHOLD || threshold > count) revert IdentityGuardianThresholdInvalid(threshold, count);

        GuardianState storage state = _guardianStates[identityId];
        uint32 epoch = state.last + 1;
        GuardianSet storage set = _guardianSets[identityId][epoch];
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

        uint32 effective = _effectiveEpoch(state);
        uint40 effectiveAt = uint40(block.timestamp);
        if (effective == 0) {
            // The first appointment takes effect at once: there is no recovery to protect yet.
            state.current = epoch;
        } else {
            if (state.pending != 0 && state.pending != effective) {
                emit IdentityGuardianChangeDiscarded(identityId, state.pending);
            }
            effectiveAt += uint40(_RECOVERY_DELAY);
            state.current = effective;
            state.pending = epoch;
            state.pendingEffectiveAt = effectiveAt;
        }
        state.last = epoch;
        emit IdentityGuardiansAppointed(identityId, epoch, guardianIds, threshold, effectiveAt);
        _revise(identityId, IdentityChanges.GUARDIANS_APPOINTED, epoch);
    }

    /// @inheritdoc IIdentityRecovery
    function initiateRecovery(uint256 identityId, address newWallet) external returns (uint256 recoveryId) {
        uint256 guardianId = _callerIdentity();
        Identity storage record = _live(identityId);
        uint32 epoch = _effectiveEpoch(_guardianStates[identityId]);
        if (epoch == 0) revert IdentityNoGuardians(identityId);
        GuardianSet storage set = _guardianSets[identityId][epoch];
        _checkGuardian(set, identityId, guardianId);
        _checkNewWallet(identityId, newWallet, record.wallet);

        recoveryId = ++_recoveryCount;
        uint8 threshold = set.threshold;
        _recoveries[recoveryId] = Recovery({
            identityId: uint64(identityId),
            guardianEpoch: epoch,
            threshold: threshold,
            approvals: 1,
            status: RecoveryStatus.Pending,
            executableAt: 0,
            newWallet: newWallet,
            previousWallet: record.wallet
        });
        _recoveryApprovals[recoveryId][guardianId] = true;
        emit IdentityRecoveryInitiated(recoveryId, identityId, guardianId, newWallet, epoch, threshold);
        emit IdentityRecoveryApproved(recoveryId, guardianId, 1, 0);
    }

    /// @inheritdoc IIdentityRecovery
    function approveRecovery(uint256 recoveryId) external {
        uint256 guardianId = _callerIdentity();
        Recovery storage request = _pendingRecovery(recoveryId);
        uint256 identityId = request.identityId;
        _live(identityId);
        _checkGuardian(_guardianSets[identityId][request.guardianEpoch], identityId, guardianId);
        if (_recoveryApprovals[recoveryId][guardianId]) revert IdentityRecoveryAlreadyApproved(recoveryId, guardianId);

        _recoveryApprovals[recoveryId][guardianId] = true;
        uint8 approvals = ++request.approvals;
        // The veto window starts when the recovery becomes executable in numbers, not when it was opened.
        if (approvals == request.threshold) request.executableAt = uint40(block.timestamp + _RECOVERY_DELAY);
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
        if (block.timestamp < request.executableAt) {
            revert IdentityRecoveryTooEarly(recoveryId, request.executableAt, block.timestamp);
        }
        uint256 identityId = request.identityId;
        Identity storage record = _live(identityId);
        if (record.wallet != request.previousWallet) {
            revert IdentityRecoveryStale(recoveryId, request.previousWallet, record.wallet);
        }
        address newWallet = request.newWallet;
        _checkNewWallet(identityId, newWallet, record.wallet);

        request.status = RecoveryStatus.Executed;
        _releaseBoundWallets(identityId);
        address previous = _setPrimaryWallet(identityId, newWallet);
        _restoreGuardians(identityId, request.guardianEpoch);
        emit IdentityRecovered(identityId, recoveryId, newWallet, previous);
        _revise(identityId, IdentityChanges.RECOVERED, uint192(recoveryId));
    }

    /// @inheritdoc IIdentityRecovery
    function recovery(uint256 recoveryId) external view returns (Recovery memory) {
        return _recoveries[recoveryId];
    }

    /// @inheritdoc IIdentityRecovery
    function hasApprovedRecovery(uint256 recoveryId, uint256 guardianId) external view returns (bool) {
        return _recoveryApprovals[recoveryId][guardianId];
    }

    /// @inheritdoc IIdentityRecovery
    function guardiansOf(
        uint256 identityId
    ) external view returns (uint256[] memory guardianIds, uint8 threshold, uint32 epoch) {
        epoch = _effectiveEpoch(_guardianStates[identityId]);
        (guardianIds, threshold) = _readSet(identityId, epoch);
    }

    /// @inheritdoc IIdentityRecovery
    function pendingGuardiansOf(
        uint256 identityId
    ) external view returns (uint256[] memory guardianIds, uint8 threshold, uint32 epoch, uint40 effectiveAt) {
        GuardianState storage state = _guardianStates[identityId];
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
        return _RECOVERY_DELAY;
    }

    /**
     * @dev After a recovery: the set the recovery was opened under applies again, and any set appointed since
     * (in effect or pending) is discarded, so a thief's guardian change cannot outlive the recovery.
     */
    function _restoreGuardians(uint256 identityId, uint32 epoch) private {
        GuardianState storage state = _guardianStates[identityId];
        uint32 effective = _effectiveEpoch(state);
        if (effective != epoch) emit IdentityGuardianChangeDiscarded(identityId, effective);
        if (state.pending != 0 && state.pending != effective) {
            emit IdentityGuardianChangeDiscarded(identityId, state.pending);
        }
        state.current = epoch;
        state.pending = 0;
        state.pendingEffectiveAt = 0;
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
        request = _recoveries[recoveryId];
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
        GuardianSet storage set = _guardianSets[identityId][epoch];
        uint256 count = set.guardianIds.length;
        ids = new uint256[](count);
        for (uint256 i = 0; i < count; ++i) ids[i] = set.guardianIds[i];
        threshold = set.threshold;
    }
}
