// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IIdentityRegistry} from "./IIdentityRegistry.sol";

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
 * - Every guardian appointment, the first included, takes effect only after the recovery delay, so a key thief
 *   cannot install accomplices at once; a registrar can reset the guardians of a Suspended identity
 *   ({resetGuardians}), which kills every recovery opened before.
 * - A recovery is bounded in time: its threshold must be reached within {RECOVERY_APPROVAL_PERIODS} x the delay
 *   of its initiation, and it must execute strictly after `executableAt` and at the latest
 *   {RECOVERY_EXECUTION_PERIODS} x the delay after it ({recoveryDeadlines}).
 * - Removed guardians lose their power: a recovery is superseded (never approved nor executed again) once a newer
 *   guardian set took effect before the recovery reached its threshold, or once a registrar reset the guardians.
 * - A key thief cannot block a recovery by changing guardians after it opened: executing a recovery discards every
 *   set appointed after it was opened and brings back the sets of that moment (the set in effect and the one
 *   pending then); a set the owner appointed before it opened is never discarded. A thief's veto is stopped by
 *   the registrar suspending the identity: a suspended identity's wallet cannot veto (nor manage the identity),
 *   while guardians can still recover it.
 * - Staleness is by a per-identity counter of wallet changes (recoveries executed), so a recovery chain back to an
 *   earlier wallet (A -> B -> A) never revives a recovery opened under A.
 * - A recovery or a revocation releases every bound wallet.
 *
 * Recovery status: `None -> Pending -> Executed | Vetoed`; Executed and Vetoed are final. A pending recovery that
 * expired, is superseded or is stale can never execute (its status stays Pending: nothing is rewritten).
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
        uint32 guardianEpoch; // the guardian set it was opened under (in effect then)
        uint8 threshold; // approvals it needs (M of that set)
        uint8 approvals; // approvals so far
        RecoveryStatus status;
        uint40 executableAt; // 0 until M approvals; then the end of the veto window
        uint40 openedAt; // when it was initiated
        uint32 walletChange; // the identity's wallet-change counter when it was opened ({GuardianState})
        address newWallet; // the wallet the identity moves to
        uint32 pendingEpoch; // the guardian set pending (not yet in effect) when it was opened, 0 when none
        address previousWallet; // the primary wallet when the recovery was opened
    }

    /// @notice One appointed guardian set (storage layout; read it through {guardianSet}).
    struct GuardianSet {
        uint64[] guardianIds; // packed four per slot
        uint8 threshold;
        uint40 effectiveAt; // when it takes (took) effect unless replaced before
        bool reset; // discarded by a registrar's {resetGuardians}: never brought back by a recovery
    }

    /**
     * @notice Which guardian set of an identity applies, and its recovery counters (storage layout, one slot). The
     * set in effect is `pending` once `pendingEffectiveAt` has passed, else `current`; nothing has to happen
     * on-chain when a change matures.
     */
    struct GuardianState {
        uint32 current; // epoch in effect (0: no guardians)
        uint32 pending; // epoch appointed but maybe not in effect yet (0: none)
        uint32 last; // the last epoch number handed out
        uint40 pendingEffectiveAt;
        uint32 floor; // epochs up to this one were reset by a registrar: recoveries opened under them are dead
        uint32 walletChanges; // recoveries executed on this identity (the staleness counter)
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
    /// @notice The identity's wallet changed since the recovery was opened (another recovery executed), counted by
    /// the identity's wallet-change counter (so A -> B -> A is stale too).
    error IdentityRecoveryStale(uint256 recoveryId, uint256 walletChange, uint256 currentWalletChange);
    /// @notice The recovery missed its deadline: the threshold within the approval window of its initiation, or the
    /// execution within the execution window after `executableAt` (see {recoveryDeadlines}).
    error IdentityRecoveryExpired(uint256 recoveryId, uint256 deadline, uint256 currentTime);
    /// @notice A newer guardian set took effect before the recovery reached its threshold, or a registrar reset the
    /// guardians: the set the recovery was opened under has no power any more.
    error IdentityRecoverySuperseded(uint256 recoveryId, uint32 guardianEpoch, uint32 effectiveEpoch);
    /// @notice The operation needs a Suspended identity.
    error IdentityNotSuspended(uint256 identityId, IIdentityRegistry.IdentityStatus status);
    /// @notice The recovery delay given at deployment is outside the allowed range.
    error IdentityRecoveryDelayInvalid(uint256 delay, uint256 min, uint256 max);

    /**
     * @notice The identity's wallet appointed a guardian set.
     * @param identityId The identity.
     * @param epoch The set's number (per identity, from 1).
     * @param guardianIds The guardians' identity ids.
     * @param threshold Approvals a recovery needs.
     * @param effectiveAt When the set takes effect: after the recovery delay, the first set included.
     */
    event IdentityGuardiansAppointed(
        uint256 indexed identityId,
        uint32 indexed epoch,
        uint256[] guardianIds,
        uint8 threshold,
        uint40 effectiveAt
    );
    /// @notice A guardian set was discarded: replaced before it took effect, or appointed after a recovery was
    /// opened and undone by its execution.
    event IdentityGuardianChangeDiscarded(uint256 indexed identityId, uint32 indexed epoch);
    /**
     * @notice An executed recovery brought back the guardian sets of the moment it was opened.
     * @param identityId The identity.
     * @param epoch The set in effect when the recovery was opened.
     * @param pendingEpoch The set pending then (0 when none); in effect from `pendingEffectiveAt`.
     * @param pendingEffectiveAt When the pending set takes (took) effect (0 when none).
     */
    event IdentityGuardiansRestored(
        uint256 indexed identityId,
        uint32 epoch,
        uint32 pendingEpoch,
        uint40 pendingEffectiveAt
    );
    /**
     * @notice A registrar reset the guardians of a suspended identity.
     * @param identityId The identity.
     * @param discardedPending The pending set discarded (0 when none).
     * @param discardedInEffect The set in effect discarded (0 when kept or none).
     * @param floorEpoch Recoveries opened under this epoch or an older one can never execute.
     */
    event IdentityGuardiansReset(
        uint256 indexed identityId,
        uint32 discardedPending,
        uint32 discardedInEffect,
        uint32 floorEpoch
    );
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
     * Every set, the first included, takes effect after the recovery delay (a pending set is replaced).
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
     * under, while that set is still the one in effect. The M-th approval starts the veto window.
     * @param recoveryId A pending recovery, not stale, not superseded, within its deadline.
     */
    function approveRecovery(uint256 recoveryId) external;

    /**
     * @notice Vetoes a pending recovery. Callable by the identity's current primary wallet while it is Active, up to
     * and including `executableAt` (execution is only possible strictly after it).
     * @param recoveryId A pending recovery.
     */
    function vetoRecovery(uint256 recoveryId) external;

    /**
     * @notice Executes a pending recovery with M approvals after its veto window. Callable by anyone.
     * @param recoveryId A pending, approved, not stale, not reset recovery, strictly after `executableAt` and
     * within its execution window.
     */
    function executeRecovery(uint256 recoveryId) external;

    /**
     * @notice Resets the guardians of a Suspended identity on the owner's in-person report. Restricted (REGISTRAR).
     * Always discards the set pending (not yet in effect), e.g. one a key thief appointed; with `keepInEffect`
     * false also the set in effect, and then every recovery opened so far can never execute. The registrar never
     * chooses guardians: the owner appoints new ones (with the delay) once reinstated.
     * @param identityId A Suspended identity with something to discard.
     * @param keepInEffect Keep the set in effect (and the recoveries opened under it).
     */
    function resetGuardians(uint256 identityId, bool keepInEffect) external;

    /**
     * @notice The deadlines of a recovery (0 for an unknown id).
     * @param recoveryId The recovery id.
     * @return approveBy The last second at which the threshold can be reached.
     * @return executeBy The last second at which it can execute (0 until the threshold is reached).
     */
    function recoveryDeadlines(uint256 recoveryId) external view returns (uint40 approveBy, uint40 executeBy);

    /**
     * @notice An identity's guardian state: epochs in effect and pending, the reset floor and the wallet-change
     * counter.
     * @param identityId The identity id.
     */
    function guardianState(uint256 identityId) external view returns (GuardianState memory);

    /**
     * @notice What a check of an action signed for `identityId` needs, in one call (the passkey verifier's path):
     * its current primary wallet, whether it is verified at `minLevel` (as {IIdentityRegistry-isIdentityVerified})
     * and its wallet-change counter (as `guardianState(identityId).walletChanges`).
     * @param identityId The identity id.
     * @param minLevel The assurance level required (0: any).
     * @return wallet The current primary wallet (zero for an unknown id).
     * @return verified Whether the identity is Active, unexpired and at `minLevel` or above.
     * @return walletChanges The recoveries executed on the identity.
     */
    function actorState(
        uint256 identityId,
        uint8 minLevel
    ) external view returns (address wallet, bool verified, uint32 walletChanges);

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
