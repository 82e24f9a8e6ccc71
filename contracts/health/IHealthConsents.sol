// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {RevisionLog} from "../common/RevisionLog.sol";
import {IPasskeyRegistry} from "../identity/IPasskeyRegistry.sol";

/**
 * @title IHealthConsents
 * @notice Who may read a patient's records, and the trail of every access. Rights are keyed by identity ids.
 * - Consent: the patient grants a provider identity one category for one purpose until an expiry (directly, or by
 *   an EIP-712 signature a relayer submits); the patient revokes it at any time.
 * - Break glass: two different licensed physicians open a 24-hour emergency grant (purpose EMERGENCY, every
 *   category) for a patient who cannot consent; the first call proposes, a second physician within an hour opens.
 *   A participant of a live emergency can neither propose nor confirm another: extending takes a new pair.
 * - Insurance link: the patient lets a claims assessor identity read one named record for the life of an
 *   insurance claim of the patient's own policy; the claim is read from the insurance contract's view `claim`
 *   at every check (Submitted or Confirmed = open), so nothing in the insurance contract changes.
 * - Audit: every grant, revocation, proposal, emergency opening and declared access is an event and an entry of
 *   the patient's append-only history (kinds in {HealthCodes}).
 * {canAccess} and {canAccessRecord} are O(1) and check the grant's expiry and revocation and the provider's
 * credential at every call.
 *
 * Grant life (one per patient, provider, category, purpose):
 * | from            | to      | who                             | how                                 |
 * |-----------------|---------|---------------------------------|-------------------------------------|
 * | none/any        | Active  | the patient (or its signature)  | grantAccess, grantAccessBySignature |
 * | Active          | Revoked | the patient                     | revokeAccess                        |
 * | Active          | Expired | time (expiresAt)                | -                                   |
 * Emergency (one per patient): none -> Proposed (breakGlass, physician A) -> Open (breakGlass, physician B != A,
 * within PROPOSAL_WINDOW) -> Expired (24 h). Claim grant (per record and assessor): granted by the record's
 * patient, revoked by it, void as soon as the claim is no longer Submitted or Confirmed.
 */
interface IHealthConsents {
    /// @notice A consent, in one slot.
    struct Grant {
        uint64 grantId;
        uint40 expiresAt;
        bool revoked;
    }

    /// @notice An emergency grant to two physicians, in one slot.
    struct Emergency {
        uint64 emergencyId;
        uint64 firstId;
        uint64 secondId;
        uint40 until;
    }

    /// @notice A pending break-glass proposal.
    struct Proposal {
        uint64 proposerId;
        uint40 proposedAt;
    }

    /// @notice A record-scoped grant to a claims assessor for the life of a claim.
    struct ClaimGrant {
        bytes32 claimId;
        uint64 claimGrantId;
        bool revoked;
    }

    /// @notice An address given at initialisation is not a contract.
    error HealthContractInvalid(address account);
    /// @notice The caller has no identity for which it is the primary wallet.
    error HealthCallerUnknown(address caller);
    /// @notice The identity is not registered.
    error HealthIdentityUnknown(uint256 identityId);
    /// @notice The grantee holds no valid physician or clinic credential.
    error HealthGranteeNotLicensed(uint256 providerId);
    /// @notice The category is not one the service defines.
    error HealthCategoryUnknown(uint8 category);
    /// @notice The purpose is unknown, or EMERGENCY (only break glass grants it).
    error HealthPurposeInvalid(uint8 purpose);
    /// @notice The expiry is not in the future or further than MAX_GRANT_DURATION.
    error HealthExpiryInvalid(uint256 expiresAt, uint256 currentTime);
    /// @notice No active (unrevoked, unexpired) grant to revoke.
    error HealthGrantNotActive(uint256 patientId, uint256 providerId, uint8 category, uint8 purpose);
    /// @notice The relayed signature's deadline passed.
    error HealthSignatureExpired(uint256 deadline, uint256 currentTime);
    /// @notice The relayed signature is not the patient's for this grant and its current nonce.
    error HealthSignatureInvalid(uint256 patientId, address wallet);
    /// @notice The caller's identity holds no valid physician credential.
    error HealthClinicianNotLicensed(address caller, uint256 clinicianId);
    /// @notice The same physician cannot both propose and confirm a break glass.
    error HealthEmergencySameClinician(uint256 patientId, uint256 clinicianId);
    /// @notice A participant of the patient's live emergency cannot take part in another (a new pair is needed).
    error HealthEmergencyAlreadyOpen(uint256 patientId, uint256 clinicianId, uint256 until);
    /// @notice The identity may not read the record for this purpose.
    error HealthAccessDenied(uint256 identityId, uint256 recordId, uint8 purpose);
    /// @notice Only the record's patient acts on its claim grants.
    error HealthNotPatient(uint256 recordId, uint256 callerId);
    /// @notice The insurance claim is not open (Submitted or Confirmed).
    error HealthClaimNotOpen(bytes32 claimId, uint8 status);
    /// @notice The insurance claim is on a policy another identity holds.
    error HealthClaimNotPatients(bytes32 claimId, uint256 holderId);
    /// @notice No active claim grant to revoke.
    error HealthClaimGrantNotActive(uint256 recordId, uint256 assessorId);

    /// @notice A patient granted a provider a category for a purpose until `expiresAt` (relayed when `relayer` set).
    event HealthAccessGranted(
        uint256 indexed patientId,
        uint256 indexed providerId,
        uint256 indexed grantId,
        uint8 category,
        uint8 purpose,
        uint256 expiresAt,
        address relayer
    );
    /// @notice A patient revoked a grant.
    event HealthAccessRevoked(uint256 indexed patientId, uint256 indexed providerId, uint256 indexed grantId);
    /// @notice A physician proposed a break glass for a patient.
    event HealthEmergencyProposed(uint256 indexed patientId, uint256 indexed clinicianId, bytes32 reasonCommitment);
    /// @notice Two physicians opened an emergency grant.
    event HealthEmergencyOpened(
        uint256 indexed patientId,
        uint256 indexed emergencyId,
        uint256 firstId,
        uint256 secondId,
        uint256 until,
        bytes32 reasonCommitment
    );
    /// @notice A provider (or assessor) declared it read a record, with the purpose.
    event HealthAccessDeclared(
        uint256 indexed patientId,
        uint256 indexed identityId,
        uint256 indexed recordId,
        uint8 purpose
    );
    /// @notice A patient let an assessor read one record for the life of an insurance claim.
    event HealthClaimAccessGranted(
        uint256 indexed patientId,
        uint256 indexed assessorId,
        uint256 indexed recordId,
        bytes32 claimId,
        uint256 claimGrantId
    );
    /// @notice A patient revoked a claim grant.
    event HealthClaimAccessRevoked(uint256 indexed patientId, uint256 indexed assessorId, uint256 indexed recordId);

    /**
     * @notice The caller's identity (primary wallet) grants `providerId` (licensed now) `category` for `purpose`
     * until `expiresAt` (at most MAX_GRANT_DURATION ahead); replaces the previous grant of the same four.
     * @return grantId The new grant's id.
     */
    function grantAccess(
        uint256 providerId,
        uint8 category,
        uint8 purpose,
        uint64 expiresAt
    ) external returns (uint256 grantId);

    /**
     * @notice {grantAccess} for `patientId` by its EIP-712 `HealthGrant` signature (primary wallet; ERC-1271
     * accepted), relayed by anyone before `deadline`; consumes the patient's nonce.
     */
    function grantAccessBySignature(
        uint256 patientId,
        uint256 providerId,
        uint8 category,
        uint8 purpose,
        uint64 expiresAt,
        uint256 deadline,
        bytes calldata signature
    ) external returns (uint256 grantId);

    /**
     * @notice {grantAccessBySignature} with a WebAuthn assertion of a live passkey of `patientId` instead of a
     * wallet signature (issue 20): its challenge is the same EIP-712 `HealthGrant` digest, and the same nonce is
     * consumed. A user-verified assertion of a level-3 patient is required when the service's passkey
     * threshold is 1 (`setPasskeyLevel3From`).
     * @return grantId The new grant's id.
     */
    function grantAccessByPasskey(
        uint256 patientId,
        uint256 providerId,
        uint8 category,
        uint8 purpose,
        uint64 expiresAt,
        uint256 deadline,
        IPasskeyRegistry.PasskeyAssertion calldata assertion
    ) external returns (uint256 grantId);

    /// @notice The caller's identity revokes its active grant to `providerId` for `category` and `purpose`.
    function revokeAccess(uint256 providerId, uint8 category, uint8 purpose) external;

    /**
     * @notice Break glass for `patientId` by a licensed physician (primary wallet): proposes, or opens the emergency
     * when another physician proposed within PROPOSAL_WINDOW.
     * @return emergencyId The opened emergency's id, 0 for a proposal.
     */
    function breakGlass(uint256 patientId, bytes32 reasonCommitment) external returns (uint256 emergencyId);

    /// @notice The caller's identity declares it read `recordId` for `purpose`; refused without access.
    function declareAccess(uint256 recordId, uint8 purpose) external;

    /**
     * @notice The record's patient (primary wallet) lets `assessorId` read `recordId` (purpose INSURANCE) while
     * `claimId` (a claim on the patient's policy) is open.
     * @return claimGrantId The claim grant's id.
     */
    function grantClaimAccess(
        uint256 recordId,
        uint256 assessorId,
        bytes32 claimId
    ) external returns (uint256 claimGrantId);

    /// @notice The record's patient revokes an assessor's claim grant.
    function revokeClaimAccess(uint256 recordId, uint256 assessorId) external;

    /// @notice Whether `providerId` may read `patientId`'s records of `category` for `purpose` now. O(1).
    function canAccess(
        uint256 providerId,
        uint256 patientId,
        uint8 category,
        uint8 purpose
    ) external view returns (bool);

    /// @notice Whether `identityId` may read `recordId` for `purpose` now (consents, emergency, claim grant). O(1).
    function canAccessRecord(uint256 identityId, uint256 recordId, uint8 purpose) external view returns (bool);

    /// @notice The current grant of (patient, provider, category, purpose).
    function grantOf(
        uint256 patientId,
        uint256 providerId,
        uint8 category,
        uint8 purpose
    ) external view returns (Grant memory);

    /// @notice A patient's current (or last) emergency grant.
    function emergencyOf(uint256 patientId) external view returns (Emergency memory);

    /// @notice A patient's pending break-glass proposal (proposerId 0 when none).
    function proposalOf(uint256 patientId) external view returns (Proposal memory);

    /// @notice The claim grant of (record, assessor).
    function claimGrantOf(uint256 recordId, uint256 assessorId) external view returns (ClaimGrant memory);

    /// @notice A patient's next signature nonce.
    function nonceOf(uint256 patientId) external view returns (uint256);

    /// @notice How many entries a patient's audit trail holds.
    function auditCount(uint256 patientId) external view returns (uint256);

    /// @notice Entries `[fromEntry, fromEntry + limit)` (from 1) of a patient's audit trail, at most 100.
    function auditPage(
        uint256 patientId,
        uint256 fromEntry,
        uint256 limit
    ) external view returns (RevisionLog.Entry[] memory);

    /// @notice The contracts this service reads: identities, claims, records, insurance.
    function dependencies()
        external
        view
        returns (address registry, address claims, address records, address insurance);
}
