// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IMultiPartyConsent
 * @notice Rules for changing a record when several parties must agree. A service opens a consent request
 * naming an action (by hash) and the parties whose approval it needs; each party approves on-chain or by
 * an EIP-712 signature (with keyed nonce and deadline) that anyone may submit; the service executes the
 * action only when every party approved, before the request's deadline. Any party may decline, which
 * cancels the request.
 */
interface IMultiPartyConsent {
    /// @notice Lifecycle of a request. Expiry is not stored: a Pending request past its deadline is expired.
    enum ConsentStatus {
        None,
        Pending,
        Executed,
        Cancelled
    }

    /// @notice A consent request, packed into two slots.
    struct ConsentRequest {
        bytes32 actionHash; // what the parties agree to (service-defined hash of the action's parameters)
        address initiator;
        uint48 deadline; // last timestamp at which the request can be approved or executed
        uint8 partyCount;
        uint8 approvals;
        ConsentStatus status;
    }

    /// @notice A request must name at least one party.
    error ConsentNoParties();
    /// @notice A request names more parties than {MAX_PARTIES}.
    error ConsentTooManyParties(uint256 count, uint256 max);
    /// @notice A party is the zero address.
    error ConsentPartyZeroAddress();
    /// @notice A party is named twice.
    error ConsentDuplicateParty(address party);
    /// @notice The request's deadline is not in the future.
    error ConsentDeadlineNotInFuture(uint256 deadline, uint256 currentTime);
    /// @notice The action hash is zero.
    error ConsentActionEmpty();
    /// @notice The service tried to execute a different action than the parties approved.
    error ConsentActionMismatch(uint256 consentId, bytes32 approved, bytes32 attempted);
    /// @notice No request has this id.
    error ConsentUnknown(uint256 consentId);
    /// @notice The request was already executed or cancelled.
    error ConsentNotPending(uint256 consentId, ConsentStatus status);
    /// @notice The request's deadline passed.
    error ConsentExpired(uint256 consentId, uint256 deadline);
    /// @notice The account is not a party to the request.
    error ConsentNotAParty(uint256 consentId, address account);
    /// @notice The party already approved the request.
    error ConsentAlreadyApproved(uint256 consentId, address party);
    /// @notice Not every party approved yet.
    error ConsentIncomplete(uint256 consentId, uint256 approvals, uint256 required);
    /// @notice The signature's own deadline passed.
    error ConsentSignatureExpired(uint256 signatureDeadline, uint256 currentTime);
    /// @notice The signature is not the party's (wrong signer, chain, contract, nonce, action or deadline).
    error ConsentInvalidSignature(uint256 consentId, address party);

    /// @notice A request was opened.
    event ConsentRequested(
        uint256 indexed consentId,
        bytes32 indexed actionHash,
        address indexed initiator,
        address[] parties,
        uint48 deadline
    );
    /// @notice A party approved, on-chain (`bySignature` false) or by a submitted signature.
    event ConsentApproved(uint256 indexed consentId, address indexed party, bool bySignature);
    /// @notice Every party approved and the service executed the action.
    event ConsentExecuted(uint256 indexed consentId, bytes32 indexed actionHash);
    /// @notice The request was cancelled by a party's refusal or by the service.
    event ConsentCancelled(uint256 indexed consentId, address indexed by);
    /// @notice A signer burned a nonce, invalidating a signature it gave but that was not submitted.
    event ConsentNonceInvalidated(address indexed signer, uint192 indexed key, uint256 keyNonce);

    /**
     * @notice Approves a request as the calling party.
     * @param consentId A pending, unexpired request naming the caller.
     */
    function approve(uint256 consentId) external;

    /**
     * @notice Submits a party's EIP-712 `ConsentApproval` signature (EOA or ERC-1271 contract wallet).
     * @param consentId A pending, unexpired request naming `party`.
     * @param party The party that signed.
     * @param nonce The party's keyed nonce (`key << 64 | sequence`, see `nonces(party, key)`).
     * @param signatureDeadline The last timestamp at which the signature may be submitted.
     * @param signature The signature over {approvalDigest}.
     */
    function approveBySignature(
        uint256 consentId,
        address party,
        uint256 nonce,
        uint256 signatureDeadline,
        bytes calldata signature
    ) external;

    /**
     * @notice Refuses a request as the calling party; the request is cancelled for everyone.
     * @param consentId A pending request naming the caller.
     */
    function decline(uint256 consentId) external;

    /**
     * @notice Burns the caller's next nonce under `key`, invalidating a signature given but not yet submitted.
     * @param key The nonce key the signature used.
     */
    function invalidateNonce(uint192 key) external;

    /// @notice The request with this id (zeroed if unknown).
    function consentRequest(uint256 consentId) external view returns (ConsentRequest memory);

    /// @notice Whether `account` is a party to the request.
    function isConsentParty(uint256 consentId, address account) external view returns (bool);

    /// @notice Whether `party` approved the request.
    function hasApproved(uint256 consentId, address party) external view returns (bool);

    /// @notice Whether the request is pending, unexpired and approved by every party.
    function isConsentComplete(uint256 consentId) external view returns (bool);

    /**
     * @notice The EIP-712 digest a party signs to approve a request.
     * @param consentId The request.
     * @param nonce The party's keyed nonce.
     * @param signatureDeadline The signature's deadline.
     */
    function approvalDigest(
        uint256 consentId,
        uint256 nonce,
        uint256 signatureDeadline
    ) external view returns (bytes32);
}
