// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IIdentityRegistry
 * @notice The city's authentication layer. A registrar registers residents, businesses, officials and devices,
 * each under a stable identity id that services use instead of wallet addresses. The registry answers, in O(1)
 * reads, who an account is ({identityOf}) and whether it may act ({isVerified}, {isVerifiedFor}), checking
 * status, expiry and assurance level on every query.
 *
 * Identity status is an explicit state machine (expiry is not a status: it is checked against `validUntil` at
 * every query, so an Active identity past its end date is simply not verified):
 *
 * | from      | to        | by                       | function     |
 * |-----------|-----------|--------------------------|--------------|
 * | None      | Active    | REGISTRAR                | {register}, {registerDevice} |
 * | Active    | Suspended | REGISTRAR                | {suspend}    |
 * | Suspended | Active    | REGISTRAR                | {reinstate}  |
 * | Active    | Revoked   | REGISTRAR                | {revoke}     |
 * | Suspended | Revoked   | REGISTRAR                | {revoke}     |
 * | Revoked   | (none)    | final: the subject may only be registered again as a new identity | |
 *
 * Every change to an identity (status, level, validity, record, wallets, guardians, recovery) bumps its
 * revision counter and emits `RevisionLog.RecordRevised(bytes32(identityId), revision, change, ref, actor)` next
 * to the domain event; the change kinds are in {IdentityChanges}. Revision 1 (registration) is the exception:
 * {IdentityRegistered} stands for it (its `actor` is the event's registrar, its `ref` the predecessor: the previous
 * registration of the same subject, {predecessorOf}). Nothing is
 * deleted: a revoked identity stays
 * readable, and its history lives in those events.
 *
 * Device rule: a device (e.g. a smart meter) names the identity that owns it and is verified only while its
 * owner identity is Active and unexpired (at any level), in addition to its own checks. Owners cannot be devices,
 * so a device query reads at most two records.
 */
interface IIdentityRegistry {
    /// @notice What an identity stands for. `None` marks an unknown id.
    enum IdentityKind {
        None,
        Resident,
        Business,
        Official,
        Device
    }

    /// @notice Lifecycle status; see the transition table above. `None` marks an unknown id.
    enum IdentityStatus {
        None,
        Active,
        Suspended,
        Revoked
    }

    /**
     * @notice An identity record, in two storage slots.
     * @dev Slot 1 packs wallet (160) + validUntil (40) + kind (8) + level (8) + status (8) + revision (32) bits.
     */
    struct Identity {
        address wallet; // the current primary wallet; changes only through guardian recovery
        uint40 validUntil; // the last second (inclusive) at which the identity is valid
        IdentityKind kind;
        uint8 level; // assurance level: 1 password, 2 one-time code, 3 biometric + second factor
        IdentityStatus status;
        uint32 revision; // bumped by every change; 1 after registration
        bytes32 recordCommitment; // salted commitment to the off-chain record (never PII in clear)
    }

    /// @notice No identity has this id.
    error IdentityUnknown(uint256 identityId);
    /// @notice The identity was revoked; revocation is final.
    error IdentityAlreadyRevoked(uint256 identityId);
    /// @notice The operation needs an Active identity.
    error IdentityNotActive(uint256 identityId, IdentityStatus status);
    /// @notice The status change is not in the transition table.
    error IdentityStatusTransitionInvalid(uint256 identityId, IdentityStatus from, IdentityStatus to);
    /// @notice The kind cannot be registered by this function (`None`, or `Device` outside {registerDevice}).
    error IdentityKindInvalid(IdentityKind kind);
    /// @notice An assurance level outside 1–3.
    error IdentityLevelInvalid(uint8 level);
    /// @notice The identity already has this level.
    error IdentityLevelUnchanged(uint256 identityId, uint8 level);
    /// @notice The subject commitment is zero.
    error IdentitySubjectEmpty();
    /// @notice A live (not revoked) identity already exists for this subject: one person, one identity.
    error IdentitySubjectTaken(bytes32 subject, uint256 identityId);
    /// @notice The record commitment is zero.
    error IdentityRecordEmpty();
    /// @notice The record commitment is the one already stored.
    error IdentityRecordUnchanged(uint256 identityId, bytes32 recordCommitment);
    /// @notice The validity end date is not in the future.
    error IdentityValidityInPast(uint256 validUntil, uint256 currentTime);
    /// @notice The wallet is the zero address.
    error IdentityWalletZero();
    /// @notice The wallet is already the primary or a bound wallet of an identity (possibly this one).
    error IdentityWalletAlreadyBound(address wallet, uint256 identityId);
    /// @notice The caller is not the identity's current primary wallet.
    error IdentityCallerNotWallet(uint256 identityId, address caller);
    /// @notice The caller is not the primary wallet of any identity.
    error IdentityCallerUnknown(address caller);
    /// @notice The identity is not a device.
    error IdentityNotDevice(uint256 identityId);
    /// @notice A device owner must be an Active identity that is not itself a device.
    error IdentityDeviceOwnerInvalid(uint256 ownerId);
    /// @notice The service id is zero.
    error IdentityServiceIdEmpty();

    /**
     * @notice An identity was registered (status Active, revision 1).
     * @param identityId The new identity's id.
     * @param subject The subject commitment (e.g. a peppered hash of a national id).
     * @param wallet The primary wallet.
     * @param level The assurance level.
     * @param validUntil The last second of validity.
     * @param recordCommitment The commitment to the off-chain record.
     * @param registrar The account that registered it (the caller: the registrar, or the AccessManager relaying).
     * @dev This event is also revision 1 of the identity's record: it carries what the revision-1
     * `RevisionLog.RecordRevised(bytes32(identityId), 1, REGISTERED, predecessorId, registrar)` would, which is
     * therefore not emitted (one log instead of two keeps registration within its gas budget behind a proxy).
     * Two facts fixed at registration are not repeated here (a word of log data each): the kind (resident,
     * business, official or device) never changes and {identity}`(identityId).kind` answers it at any block; the
     * predecessor (the revoked identity of the same subject this one replaces, 0 when none) is the `identityId` of
     * the previous `IdentityRegistered` with the same indexed `subject` (none: 0),
     * and {predecessorOf} answers it on-chain (written in the same transaction, never changed).
     * Every later change emits `RecordRevised` with revisions 2, 3, ...; an indexer rebuilding an identity's
     * history reads this event as revision 1.
     */
    event IdentityRegistered(
        uint256 indexed identityId,
        bytes32 indexed subject,
        address indexed wallet,
        uint8 level,
        uint40 validUntil,
        bytes32 recordCommitment,
        address registrar
    );
    /// @notice The assurance level was raised or lowered.
    event IdentityLevelChanged(uint256 indexed identityId, uint8 previousLevel, uint8 level);
    /// @notice The validity end date changed.
    event IdentityRenewed(uint256 indexed identityId, uint40 previousValidUntil, uint40 validUntil);
    /// @notice The off-chain record changed; the chain keeps the new commitment.
    event IdentityRecordUpdated(uint256 indexed identityId, bytes32 previousCommitment, bytes32 recordCommitment);
    /**
     * @notice The identity was suspended (reversible).
     * @param reasonCommitment A salted commitment to the registrar's reason (SDK `reasonCommitment(text)`), never
     * the reason in clear: the chain is public and permanent, a reason is personal data.
     */
    event IdentitySuspended(uint256 indexed identityId, bytes32 reasonCommitment);
    /// @notice A suspended identity was reinstated.
    event IdentityReinstated(uint256 indexed identityId);
    /// @notice The identity was revoked (final); its wallets were released. `reasonCommitment` as in
    /// {IdentitySuspended}.
    event IdentityRevoked(uint256 indexed identityId, bytes32 reasonCommitment);
    /// @notice A device's owner identity was set (`previousOwnerId` 0 at registration).
    event IdentityDeviceOwnerChanged(
        uint256 indexed deviceId,
        uint256 indexed previousOwnerId,
        uint256 indexed ownerId
    );
    /// @notice The city set the minimum assurance level a service requires.
    event IdentityServiceMinLevelSet(bytes32 indexed serviceId, uint8 previousLevel, uint8 level);

    /**
     * @notice Registers a resident, business or official. Restricted (REGISTRAR).
     * @dev The registrar checked the assurance factors off-chain. Reverts when the subject already has a live
     * identity; a subject whose latest identity was revoked gets a new id linked to it ({predecessorOf}).
     * @param kind Resident, Business or Official.
     * @param level Assurance level 1–3.
     * @param subject Unique subject commitment (Sybil resistance), non-zero.
     * @param recordCommitment Salted commitment to the off-chain record, non-zero.
     * @param validUntil The last second of validity, in the future.
     * @param wallet The primary wallet, not bound to any identity.
     * @return identityId The new identity's id (ids start at 1).
     */
    function register(
        IdentityKind kind,
        uint8 level,
        bytes32 subject,
        bytes32 recordCommitment,
        uint40 validUntil,
        address wallet
    ) external returns (uint256 identityId);

    /**
     * @notice Registers a device (e.g. a smart meter) owned by an identity. Restricted (REGISTRAR).
     * @param ownerId An Active identity that is not a device.
     * @param level Assurance level 1–3 of the device's attestation.
     * @param subject Unique device subject commitment (e.g. a hash of the serial number), non-zero.
     * @param recordCommitment Commitment to the device's off-chain record, non-zero.
     * @param validUntil The last second of validity, in the future.
     * @param wallet The device's key, not bound to any identity.
     * @return identityId The device's identity id.
     */
    function registerDevice(
        uint256 ownerId,
        uint8 level,
        bytes32 subject,
        bytes32 recordCommitment,
        uint40 validUntil,
        address wallet
    ) external returns (uint256 identityId);

    /**
     * @notice Raises or lowers an identity's assurance level. Restricted (REGISTRAR).
     * @param identityId A known, non-revoked identity.
     * @param level The new level, 1–3, different from the current one.
     */
    function setLevel(uint256 identityId, uint8 level) external;

    /**
     * @notice Sets a new validity end date (renewal; also works on an expired identity). Restricted (REGISTRAR).
     * @param identityId A known, non-revoked identity.
     * @param validUntil The new last second of validity, in the future.
     */
    function renew(uint256 identityId, uint40 validUntil) external;

    /**
     * @notice Replaces the commitment to the identity's off-chain record. Restricted (REGISTRAR).
     * @param identityId A known, non-revoked identity.
     * @param recordCommitment The new commitment, non-zero and different from the current one.
     */
    function updateRecord(uint256 identityId, bytes32 recordCommitment) external;

    /**
     * @notice Suspends an Active identity (reversible): it stops being verified and its wallet can neither
     * manage it nor veto a recovery. Restricted (REGISTRAR).
     * @param identityId An Active identity.
     * @param reasonCommitment A salted commitment to the reason (e.g. to "reported-stolen"); the registrar keeps the
     * text and salt in the off-chain file. Not checked on-chain.
     */
    function suspend(uint256 identityId, bytes32 reasonCommitment) external;

    /**
     * @notice Reinstates a suspended identity. Restricted (REGISTRAR).
     * @param identityId A Suspended identity.
     */
    function reinstate(uint256 identityId) external;

    /**
     * @notice Revokes an identity for good and releases its wallets; the record stays readable and the
     * subject may be registered again as a new identity. Restricted (REGISTRAR).
     * @param identityId An Active or Suspended identity.
     * @param reasonCommitment A salted commitment to the reason, as for {suspend}.
     */
    function revoke(uint256 identityId, bytes32 reasonCommitment) external;

    /**
     * @notice Moves a device to another owner identity (e.g. the house was sold). Restricted (REGISTRAR).
     * @param deviceId A known, non-revoked device identity.
     * @param ownerId The new owner: an Active identity that is not a device.
     */
    function changeDeviceOwner(uint256 deviceId, uint256 ownerId) external;

    /**
     * @notice Sets the minimum assurance level a service requires, read by {isVerifiedFor}. Restricted (ADMIN).
     * @param serviceId The service id (`bytes32` string, e.g. `encodeBytes32String("land")`), non-zero.
     * @param level The minimum level, 1–3.
     */
    function setServiceMinLevel(bytes32 serviceId, uint8 level) external;

    /**
     * @notice The full record of an identity (zeroed for an unknown id; revoked identities stay readable).
     * @param identityId The identity id.
     */
    function identity(uint256 identityId) external view returns (Identity memory);

    /**
     * @notice The identity an account belongs to, as its primary or a bound wallet; 0 when none. O(1).
     * @dev A revoked identity's wallets are released, so this returns 0 for them.
     * @param account Any address.
     */
    function identityOf(address account) external view returns (uint256 identityId);

    /**
     * @notice The current primary wallet of an identity (zero for an unknown id). O(1).
     * @param identityId The identity id.
     */
    function walletOf(uint256 identityId) external view returns (address);

    /**
     * @notice Whether the account's identity is Active, unexpired, of level `minLevel` or more, and (for a device)
     * owned by an Active, unexpired identity. O(1).
     * @param account A primary or bound wallet.
     * @param minLevel The minimum assurance level (a level above 3 is never met).
     */
    function isVerified(address account, uint8 minLevel) external view returns (bool);

    /**
     * @notice {isVerified} for an identity id. O(1).
     * @param identityId The identity id.
     * @param minLevel The minimum assurance level.
     */
    function isIdentityVerified(uint256 identityId, uint8 minLevel) external view returns (bool);

    /**
     * @notice {isVerified} at the minimum level the city configured for a service; false for a service whose
     * level was never configured (fail closed). O(1).
     * @param account A primary or bound wallet.
     * @param serviceId The service id.
     */
    function isVerifiedFor(address account, bytes32 serviceId) external view returns (bool);

    /**
     * @notice The minimum level configured for a service (0 when never configured).
     * @param serviceId The service id.
     */
    function serviceMinLevel(bytes32 serviceId) external view returns (uint8);

    /**
     * @notice The latest identity registered for a subject (0 when none); it may be revoked.
     * @param subject The subject commitment.
     */
    function identityOfSubject(bytes32 subject) external view returns (uint256 identityId);

    /**
     * @notice The revoked identity of the same subject that `identityId` replaced (0 when none).
     * @param identityId The identity id.
     */
    function predecessorOf(uint256 identityId) external view returns (uint256 predecessorId);

    /**
     * @notice The owner identity of a device (0 for an identity that is not a device).
     * @param deviceId The device's identity id.
     */
    function deviceOwnerOf(uint256 deviceId) external view returns (uint256 ownerId);

    /// @notice How many identities were ever registered (revoked ones included); the latest id.
    function identityCount() external view returns (uint256);
}
