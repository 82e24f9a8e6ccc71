// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IIdentityClaims
 * @notice Credentials beyond the assurance level ("licensed physician", "land surveyor"): revocable, expiring
 * claims about an identity, issued by identities the city trusts for the claim's topic. Issuers and subjects are
 * identity ids, so a claim survives a key recovery on either side. A claim is revoked by its id, never by
 * signature bytes; nothing is deleted, revoked and expired claims stay readable.
 *
 * Claim status: `issued -> revoked` (final), with expiry checked at every query. A claim counts
 * ({isClaimValid}) while it is not revoked, not expired, its issuer is still trusted for its topic and the
 * issuer's identity is not revoked, so the city withdrawing trust from an issuer (or the registrar revoking it)
 * withdraws every claim it issued at once (re-trusting restores them; a revocation is final). A suspended issuer's
 * claims keep counting: suspension is a reversible precaution (typically a reported key theft) that casts no doubt
 * on attestations made before it, and a suspended issuer cannot issue new ones.
 *
 * Current claims are kept per (subject, topic, issuer): an issuer's new claim replaces only its own earlier one, so
 * no issuer can void another issuer's credential. At most {MAX_ISSUERS_PER_TOPIC} issuers are trusted per topic
 * (a list only ADMIN fills), so {hasValidClaim} looks at every trusted issuer's current claim in bounded time.
 */
interface IIdentityClaims {
    /// @notice A claim, in three storage slots.
    struct Claim {
        bytes32 topic; // e.g. encodeBytes32String("land-surveyor")
        bytes32 dataCommitment; // salted commitment to the off-chain credential (licence number, scope, ...)
        uint64 subjectId; // the identity the claim is about
        uint64 issuerId; // the identity that issued it
        uint40 issuedAt;
        uint40 validUntil; // last second (inclusive) at which the claim is valid
        bool revoked;
    }

    /// @notice The registry address is not a contract.
    error IdentityClaimRegistryInvalid(address registry);
    /// @notice The topic is zero.
    error IdentityClaimTopicEmpty();
    /// @notice The data commitment is zero.
    error IdentityClaimDataEmpty();
    /// @notice The validity end date is not in the future.
    error IdentityClaimValidityInPast(uint256 validUntil, uint256 currentTime);
    /// @notice An issuer must be a known, non-revoked identity that is not a device.
    error IdentityClaimIssuerInvalid(uint256 issuerId);
    /// @notice The issuer's trust for the topic is already what was asked.
    error IdentityClaimTrustUnchanged(bytes32 topic, uint256 issuerId, bool trusted);
    /// @notice The caller is not the primary wallet of any identity.
    error IdentityClaimIssuerUnknown(address caller);
    /// @notice The caller's identity is not trusted to issue claims of this topic.
    error IdentityClaimIssuerNotTrusted(bytes32 topic, uint256 issuerId);
    /// @notice The issuer's identity is not Active and unexpired.
    error IdentityClaimIssuerNotVerified(uint256 issuerId);
    /// @notice An issuer cannot issue a claim about itself.
    error IdentityClaimSelfIssued(uint256 issuerId);
    /// @notice The subject is unknown or revoked.
    error IdentityClaimSubjectInvalid(uint256 subjectId);
    /// @notice No claim has this id.
    error IdentityClaimUnknown(uint256 claimId);
    /// @notice The claim was already revoked.
    error IdentityClaimAlreadyRevoked(uint256 claimId);
    /// @notice Only the issuer's current primary wallet may revoke the claim.
    error IdentityClaimNotIssuer(uint256 claimId, address caller);
    /// @notice The topic already has the most trusted issuers allowed; distrust one first.
    error IdentityClaimTooManyIssuers(bytes32 topic, uint256 max);

    /// @notice The city trusted or stopped trusting an issuer for a topic.
    event IdentityClaimIssuerTrustSet(bytes32 indexed topic, uint256 indexed issuerId, bool trusted);
    /// @notice A claim was issued; it is now the subject's current claim for the topic from this issuer (and the
    /// latest one by any issuer, {claimOf}).
    event IdentityClaimIssued(
        uint256 indexed claimId,
        uint256 indexed subjectId,
        bytes32 indexed topic,
        uint256 issuerId,
        bytes32 dataCommitment,
        uint40 validUntil
    );
    /// @notice A claim was revoked by its issuer; `reasonCommitment` is a salted commitment to the issuer's reason
    /// (SDK `reasonCommitment`), never the reason in clear.
    event IdentityClaimRevoked(
        uint256 indexed claimId,
        uint256 indexed subjectId,
        bytes32 indexed topic,
        bytes32 reasonCommitment
    );

    /**
     * @notice Trusts or stops trusting an issuer identity for a topic. Restricted (ADMIN).
     * @param topic The claim topic, non-zero.
     * @param issuerId To trust: a known, non-revoked, non-device identity, and the topic must have fewer than
     * {MAX_ISSUERS_PER_TOPIC} trusted issuers. Distrusting works for any trusted id.
     * @param trusted The new trust, different from the current one.
     */
    function setTrustedIssuer(bytes32 topic, uint256 issuerId, bool trusted) external;

    /**
     * @notice Issues a claim about `subjectId`, as the trusted issuer whose primary wallet is the caller. The new
     * claim becomes the subject's current claim for the topic from this issuer; other issuers' claims are untouched
     * (earlier ones stay readable by id).
     * @param subjectId A known, non-revoked identity other than the issuer.
     * @param topic The claim topic the caller's identity is trusted for.
     * @param dataCommitment Salted commitment to the off-chain credential, non-zero.
     * @param validUntil The last second of validity, in the future.
     * @return claimId The new claim's id (ids start at 1).
     */
    function issueClaim(
        uint256 subjectId,
        bytes32 topic,
        bytes32 dataCommitment,
        uint40 validUntil
    ) external returns (uint256 claimId);

    /**
     * @notice Revokes a claim by id. Callable by the issuer identity's current primary wallet.
     * @param claimId A claim that is not revoked.
     * @param reasonCommitment A salted commitment to the issuer's reason (not checked on-chain).
     */
    function revokeClaim(uint256 claimId, bytes32 reasonCommitment) external;

    /**
     * @notice A claim (zeroed for an unknown id).
     * @param claimId The claim id.
     */
    function claim(uint256 claimId) external view returns (Claim memory);

    /**
     * @notice The latest claim id issued about the subject for a topic, by any issuer (0 when none). It says what
     * happened last, not whether the subject holds the credential: a rival issuer's later claim does not void an
     * earlier one from another issuer. For validity use {hasValidClaim} or {validClaimOf}.
     * @param subjectId The subject identity.
     * @param topic The claim topic.
     */
    function claimOf(uint256 subjectId, bytes32 topic) external view returns (uint256 claimId);

    /**
     * @notice The subject's current (latest issued) claim id for a topic from one issuer (0 when none).
     * @param subjectId The subject identity.
     * @param topic The claim topic.
     * @param issuerId The issuer identity.
     */
    function claimOfIssuer(uint256 subjectId, bytes32 topic, uint256 issuerId) external view returns (uint256 claimId);

    /**
     * @notice A valid current claim about the subject for the topic, from any trusted issuer (0 when none); the
     * first found in {trustedIssuers} order. At most {MAX_ISSUERS_PER_TOPIC} issuers are looked at.
     * @param subjectId The subject identity.
     * @param topic The claim topic.
     */
    function validClaimOf(uint256 subjectId, bytes32 topic) external view returns (uint256 claimId);

    /**
     * @notice Whether a claim exists, is not revoked, not expired, its issuer is still trusted for its topic and
     * the issuer's identity is not revoked.
     * @param claimId The claim id.
     */
    function isClaimValid(uint256 claimId) external view returns (bool);

    /**
     * @notice Whether any trusted issuer's current claim about the subject for the topic is valid, and the subject
     * itself is verified (Active, unexpired, any level). Bounded: at most {MAX_ISSUERS_PER_TOPIC} claims are read.
     * @param subjectId The subject identity.
     * @param topic The claim topic.
     */
    function hasValidClaim(uint256 subjectId, bytes32 topic) external view returns (bool);

    /**
     * @notice The issuers trusted for a topic, at most {MAX_ISSUERS_PER_TOPIC} (order changes when one is removed).
     * @param topic The claim topic.
     */
    function trustedIssuers(bytes32 topic) external view returns (uint256[] memory issuerIds);

    /**
     * @notice Whether an issuer identity is trusted for a topic.
     * @param topic The claim topic.
     * @param issuerId The issuer identity.
     */
    function isTrustedIssuer(bytes32 topic, uint256 issuerId) external view returns (bool);

    /// @notice How many claims were ever issued; the latest claim id.
    function claimCount() external view returns (uint256);

    /// @notice The identity registry the claims refer to.
    function registry() external view returns (address);
}
