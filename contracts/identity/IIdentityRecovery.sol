// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IIdentityRecovery
 * @notice Key recovery without a single point of trust. An identity's primary wallet appoints N guardians
 * (identity ids: a notary, the registrar official, a relative) and a threshold M with 2 <= M <= N <= 8. A guardian
 * opens a recovery naming a new wallet; when M guardians approved (each through its own current primary wallet),
 * a delay starts during which the identity's current wallet can veto; after it anyone may execute, and the
 * identity's primary wallet becomes the new one. Services key by identity id, so they see the new wallet at once.
 *
 * Guarantees:
 * - No single party, the registrar included, can take over an identity: M >= 2 and the registrar has no function
 *   that changes a wallet.
 * - A key thief cannot block a recovery by changing guardians: a guardian change takes effect only after the
 *   recovery delay (the first appointment is immediate: there is nothing to protect yet), a recovery keeps the
 *   guardian set it was opened under, and executing a recovery restores that set and discards any guardian change
 *   made since. A thief's veto is stopped by the registrar suspending the identity: a suspended identity's wallet
 *   cannot veto (nor manage the identity), while guardians can still recover it.
 * - A recovery or a revocation releases every bound wallet.
 *
 * Recovery status: `None -> Pending -> Executed | Vetoed`; Executed and Vetoed are final. A pending recovery whose
 * identity changed wallet since it opened (another recovery executed) is stale and can never execute.
 */
interface IIdentityRecovery {
    /// @notice Lifecycle of a recovery request.
    enum RecoveryStatus {
        None,
        Pending,
        Executed,
        Vetoed
    }

    /**
     * @notice A recovery request, in three storage slots.
     * @dev Identity ids are stored as `uint64` (the registry's id counter is a `uint64`).
     */
    struct Recovery {
        uint64 identityId; // the identity being recovered
        uint32 guardianEpoch; // the guardian set it was opened under
        uint8 threshold; // approvals it needs (M of that set)
        uint8 approvals; // approvals so far
        RecoveryStatus status;
        uint40 executableAt; // 0 until M approvals; then the end of the veto window
        address newWallet; // the wallet the identity moves to
        address previousWallet; // the primary wallet when the recovery was opened
    }

    /// @notice One appointed guardian set (storage layout; read it through {guardianSet}).
    struct GuardianSet {
        uint64[] guardianIds; // packed four per slot
        uint8 threshold;
    }

    /**
     * @notice Which guardian set of an identity applies (storage layout, one slot). The set in effect is `pending`
     * once `pendingEffectiveAt` has passed, else `current`; nothing has to happen on-chain when a change matures.
     */
    struct GuardianState {
        uint32 current; // epoch in effect (0: no guardians yet)
        uint32 pending; // epoch appointed but maybe not in effect yet (0: none)
        uint32 last; // the last epoch number handed out
        uint40 pendingEffectiveAt;
    }

    /// @notice A guardian set must have between {MIN_THRESHOLD} and {MAX_GUARDIANS} guardians.
    error IdentityGuardianCountInvalid(uint256 count, uint256 min, uint256 max);
    /// @notice The threshold must be at least {MIN_THRESHOLD} and at most the number of guardians.
    error IdentityGuardianThresholdInvalid(uint256 threshold, uint256 guardianCount);
    /// @notice A guardian must be another known, non-revoked identity that is not a device.
    error IdentityGuardianInvalid(uint256 guardianId);
    /// @notice A guardian is named twice.
    error IdentityGuardianDuplicate(uint256 guardianId);
    /// @notice The identity has no guardians, so it cannot be recovered.
    error IdentityNoGuardians(uint256 identityId);
    /// @notice The caller's identity is not a guardian of this identity (in the set that applies).
    error IdentityNotGuardian(uint256 identityId, uint256 guardianId);
    /// @notice A guardian must be Active and unexpired to approve.
    error IdentityGuardianNotVerified(uint256 guardianId);
    /// @notice No recovery has this id.
    error IdentityRecoveryUnknown(uint256 recoveryId);
    /// @notice The recovery was vetoed by the identity's wallet; it can never execute.
    error IdentityRecoveryWasVetoed(uint256 recoveryId);
    /// @notice The recovery was already executed.
    error IdentityRecoveryNotPending(uint256 recoveryId, RecoveryStatus status);
    /// @notice This guardian already approved the recovery.
    error IdentityRecoveryAlreadyApproved(uint256 recoveryId, uint256 guardianId);
    /// @notice The recovery does not have enough approvals yet.
    error IdentityRecoveryNotApproved(uint256 recoveryId, uint256 approvals, uint256 threshold);
    /// @notice The veto window has not passed yet.
    error IdentityRecoveryTooEarly(uint256 recoveryId, uint256 executableAt, uint256 currentTime);
    /// @notice The identity's wallet changed since the recovery was opened (another recovery executed).
    error IdentityRecoveryStale(uint256 recoveryId, address expectedWallet, address currentWallet);
    /// @notice The recovery delay given at deployment is outside the allowed range.
    error IdentityRecoveryDelayInvalid(uint256 delay, uint256 min, uint256 max);

    /**
     * @notice The identity's wallet appointed a guardian set.
     * @param identityId The identity.
     * @param epoch The set's number (per identity, from 1).
     * @param guardianIds The guardians' identity ids.
     * @param threshold Approvals a recovery needs.
     * @param effectiveAt When the set takes effect (now for the first set, after the recovery delay otherwise).
     */
    event IdentityGuardiansAppointed(
        uint256 indexed identityId,
        uint32 indexed epoch,
        uint256[] guardianIds,
        uint8 threshold,
        uint40 effectiveAt
    );
    /// @notice A guardian set that had not taken effect yet was discarded (replaced, or undone by a recovery).
    event IdentityGuardianChangeDiscarded(uint256 indexed identityId, uint32 indexed epoch);
    /// @notice A guardian opened a recovery (counting as its approval).
    event IdentityRecoveryInitiated(
        uint256 indexed recoveryId,
        uint256 indexed identityId,
        uint256 indexed guardianId,
        address newWallet,
        uint32 guardianEpoch,
        uint8 threshold
    );
    /// @notice A guardian approved a recovery; `executableAt` is set once the threshold is reached.
    event IdentityRecoveryApproved(
        uint256 indexed recoveryId,
        uint256 indexed guardianId,
        uint8 approvals,
        uint40 executableAt
    );
    /// @notice The identity's wallet vetoed a recovery.
    event IdentityRecoveryVetoed(uint256 indexed recoveryId, uint256 indexed identityId);
    /// @notice A recovery executed: the identity's primary wallet changed.
    event IdentityRecovered(
        uint256 indexed identityId,
        uint256 indexed recoveryId,
        address indexed newWallet,
        address previousWallet
    );

    /**
     * @notice Appoints the identity's guardians. Callable by the identity's primary wallet while it is Active.
     * The first set takes effect at once; a later set after the recovery delay (a pending set is replaced).
     * @param identityId The caller's identity.
     * @param guardianIds 2 to {MAX_GUARDIANS} distinct known, non-revoked, non-device identities other than itself.
     * @param threshold Approvals a recovery needs, from {MIN_THRESHOLD} to the number of guardians.
     */
    function appointGuardians(uint256 identityId, uint256[] calldata guardianIds, uint8 threshold) external;

    /**
     * @notice Opens a recovery of `identityId` to `newWallet`, as a guardian (the caller's primary wallet); counts
     * as the caller's approval.
     * @param identityId A known, non-revoked identity with guardians.
     * @param newWallet The new primary wallet: non-zero and not bound to another identity (it may be a bound
     * wallet of this identity).
     * @return recoveryId The new request's id (ids start at 1).
     */
    function initiateRecovery(uint256 identityId, address newWallet) external returns (uint256 recoveryId);

    /**
     * @notice Approves a pending recovery as a guardian (the caller's primary wallet) of the set it was opened
     * under. The M-th approval starts the veto window.
     * @param recoveryId A pending recovery.
     */
    function approveRecovery(uint256 recoveryId) external;

    /**
     * @notice Vetoes a pending recovery. Callable by the identity's current primary wallet while it is Active.
     * @param recoveryId A pending recovery.
     */
    function vetoRecovery(uint256 recoveryId) external;

    /**
     * @notice Executes a pending recovery with M approvals after its veto window. Callable by anyone.
     * @param recoveryId A pending, approved, not stale recovery whose veto window has passed.
     */
    function executeRecovery(uint256 recoveryId) external;

    /**
     * @notice A recovery request (zeroed for an unknown id).
     * @param recoveryId The recovery id.
     */
    function recovery(uint256 recoveryId) external view returns (Recovery memory);

    /**
     * @notice Whether a guardian approved a recovery.
     * @param recoveryId The recovery id.
     * @param guardianId The guardian's identity id.
     */
    function hasApprovedRecovery(uint256 recoveryId, uint256 guardianId) external view returns (bool);

    /**
     * @notice The guardian set in effect now.
     * @param identityId The identity id.
     * @return guardianIds The guardians (empty when none).
     * @return threshold Approvals a recovery needs.
     * @return epoch The set's number (0 when none).
     */
    function guardiansOf(
        uint256 identityId
    ) external view returns (uint256[] memory guardianIds, uint8 threshold, uint32 epoch);

    /**
     * @notice A guardian set appointed but not in effect yet (epoch 0 when none).
     * @param identityId The identity id.
     * @return guardianIds The guardians.
     * @return threshold Approvals a recovery will need.
     * @return epoch The set's number.
     * @return effectiveAt When it takes effect.
     */
    function pendingGuardiansOf(
        uint256 identityId
    ) external view returns (uint256[] memory guardianIds, uint8 threshold, uint32 epoch, uint40 effectiveAt);

    /**
     * @notice Any guardian set ever appointed, by epoch (empty for an unknown epoch).
     * @param identityId The identity id.
     * @param epoch The set's number.
     */
    function guardianSet(
        uint256 identityId,
        uint32 epoch
    ) external view returns (uint256[] memory guardianIds, uint8 threshold);

    /// @notice The veto window after the M-th approval, and the delay before a guardian change takes effect.
    function recoveryDelay() external view returns (uint256);
}
