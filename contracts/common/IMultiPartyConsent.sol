// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPasskeyRegistry} from "../identity/IPasskeyRegistry.sol";

/**
 * @title IMultiPartyConsent
 * @notice Rules for changing a record when several parties must agree. A service opens a consent request
 * naming an action (by hash) and the parties whose approval it needs. Parties are **identity ids**, never
 * wallets: a party acts through its identity's current primary wallet, on-chain or by an EIP-712 signature
 * of that wallet (with a keyed nonce per identity and a deadline) that anyone may submit. A key recovery
 * therefore moves every pending approval right at once: the new wallet can approve or decline, the old key
 * can do nothing, and a signature made by the old key stops verifying. The service executes the action only
 * when every party approved, before the request's deadline. Any party may decline, which cancels the request.
 * Only a verified identity (Active and unexpired) may approve or decline.
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
    /// @notice A party id is zero.
    error ConsentPartyZero();
    /// @notice A party is named twice.
    error ConsentDuplicateParty(uint256 partyId);
    /// @notice The request's deadline is not in the future.
    error ConsentDeadlineNotInFuture(uint256 deadline, uint256 currentTime);
    /// @notice The request's deadline is further than {MAX_CONSENT_DURATION} from now.
    error ConsentDeadlineTooFar(uint256 deadline, uint256 latest);
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
    /// @notice The identity is not a party to the request.
    error ConsentNotAParty(uint256 consentId, uint256 partyId);
    /// @notice The party already approved the request.
    error ConsentAlreadyApproved(uint256 consentId, uint256 partyId);
    /// @notice Not every party approved yet.
    error ConsentIncomplete(uint256 consentId, uint256 approvals, uint256 required);
    /// @notice The signature's own deadline passed.
    error ConsentSignatureExpired(uint256 signatureDeadline, uint256 currentTime);
    /// @notice The signature is not by the party's current primary wallet (or covers another request,
    /// party, chain, contract, nonce, action or deadline).
    error ConsentInvalidSignature(uint256 consentId, uint256 partyId);
    /// @notice The caller is not the current primary wallet of an identity.
    error ConsentCallerNotPrimaryWallet(address caller);
    /// @notice The party's identity is not verified (suspended, revoked, expired or unknown).
    error ConsentPartyNotVerified(uint256 partyId);
    /// @notice The nonce is not the party's next one under its key (replayed, burned or out of order).
    error ConsentNonceInvalid(uint256 partyId, uint256 nonce, uint256 expected);

    /// @notice The request must be approved by a user-verified passkey ({approveByPasskey}).
    error ConsentPasskeyRequired(uint256 consentId);
    /// @notice No passkey registry is set for this service ({setConsentPasskeys}).
    error ConsentPasskeysNotSet();

    /// @notice A request was opened; `partyIds` are the identities whose approval it needs.
    event ConsentRequested(
        uint256 indexed consentId,
        bytes32 indexed actionHash,
        address indexed initiator,
        uint256[] partyIds,
        uint48 deadline
    );
    /// @notice A party approved, on-chain (`bySignature` false) or by a submitted signature.
    event ConsentApproved(uint256 indexed consentId, uint256 indexed partyId, bool bySignature);
    /// @notice Every party approved and the service executed the action.
    event ConsentExecuted(uint256 indexed consentId, bytes32 indexed actionHash);
    /// @notice The request was cancelled by a party's refusal or by the service (`by` is the caller).
    event ConsentCancelled(uint256 indexed consentId, address indexed by);
    /// @notice ADMIN set the passkey registry that checks {approveByPasskey}'s assertions.
    event ConsentPasskeysSet(address indexed passkeys);
    /// @notice A party burned a nonce, invalidating a signature it gave but that was not submitted.
    event ConsentNonceInvalidated(uint256 indexed partyId, uint192 indexed key, uint256 keyNonce);

    /**
     * @notice Approves a request for the caller's identity (the caller must be its current primary wallet).
     * @param consentId A pending, unexpired request naming the caller's identity.
     */
    function approve(uint256 consentId) external;

    /**
     * @notice Submits a party's EIP-712 `ConsentApproval` signature, made by the party identity's current
     * primary wallet (EOA or ERC-1271 contract wallet). Anyone may submit it.
     * @param consentId A pending, unexpired request naming `partyId`.
     * @param partyId The identity that signed (named in the signed message).
     * @param nonce The party's keyed nonce (`key << 64 | sequence`, see {consentNonce}).
     * @param signatureDeadline The last timestamp at which the signature may be submitted.
     * @param signature The signature over {approvalDigest}.
     */
    function approveBySignature(
        uint256 consentId,
        uint256 partyId,
        uint256 nonce,
        uint256 signatureDeadline,
        bytes calldata signature
    ) external;

    /**
     * @notice Submits a party's approval signed by one of its passkeys: a WebAuthn assertion whose challenge is
     * {approvalDigest} (the same digest as {approveBySignature}, with the party's nonce and the deadline). Anyone
     * (a relayer) may submit it; the resident needs no wallet. Refused with the registry's named errors
     * ({IPasskeyRegistry-verifyAssertion}); when the service requires level 3 for the request, the assertion must
     * carry the user-verified flag and the party be registered at level 3.
     * @param consentId A pending, unexpired request naming `partyId`.
     * @param partyId The identity whose passkey signed.
     * @param nonce The party's keyed nonce.
     * @param signatureDeadline The last timestamp at which the assertion may be submitted.
     * @param assertion The assertion (SDK `assertionFromBrowser`).
     */
    function approveByPasskey(
        uint256 consentId,
        uint256 partyId,
        uint256 nonce,
        uint256 signatureDeadline,
        IPasskeyRegistry.PasskeyAssertion calldata assertion
    ) external;

    /**
     * @notice Sets the passkey registry that checks {approveByPasskey} (ADMIN); zero disables passkey approvals.
     * @param passkeys The city's PasskeyRegistry.
     */
    function setConsentPasskeys(IPasskeyRegistry passkeys) external;

    /// @notice The passkey registry that checks {approveByPasskey} (zero: passkey approvals disabled).
    function consentPasskeys() external view returns (IPasskeyRegistry);

    /**
     * @notice Refuses a request for the caller's identity; the request is cancelled for everyone.
     * @param consentId A pending request naming the caller's identity.
     */
    function decline(uint256 consentId) external;

    /**
     * @notice Burns the caller identity's next nonce under `key`, invalidating a signature given but not
     * yet submitted.
     * @param key The nonce key the signature used.
     */
    function invalidateNonce(uint192 key) external;

    /// @notice The request with this id (zeroed if unknown).
    function consentRequest(uint256 consentId) external view returns (ConsentRequest memory);

    /// @notice Whether identity `partyId` is a party to the request.
    function isConsentParty(uint256 consentId, uint256 partyId) external view returns (bool);

    /// @notice Whether identity `partyId` approved the request.
    function hasApproved(uint256 consentId, uint256 partyId) external view returns (bool);

    /// @notice Whether the request is pending, unexpired and approved by every party.
    function isConsentComplete(uint256 consentId) external view returns (bool);

    /// @notice The next nonce of identity `partyId` under `key`, packed as `key << 64 | sequence`.
    function consentNonce(uint256 partyId, uint192 key) external view returns (uint256);

    /**
     * @notice The EIP-712 digest party `partyId` signs to approve a request.
     * @param consentId The request.
     * @param partyId The approving identity.
     * @param nonce The party's keyed nonce.
     * @param signatureDeadline The signature's deadline.
     */
    function approvalDigest(
        uint256 consentId,
        uint256 partyId,
        uint256 nonce,
        uint256 signatureDeadline
    ) external view returns (bytes32);
}
