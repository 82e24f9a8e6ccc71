// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";

import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {IPasskeyRegistry} from "../identity/IPasskeyRegistry.sol";
import {CityService} from "./CityService.sol";
import {IMultiPartyConsent} from "./IMultiPartyConsent.sol";

/**
 * @title MultiPartyConsent
 * @notice Building block for services whose records change only when several identities agree.
 * @dev A service inherits it, supplies the identity registry ({_identityRegistry}), opens requests with
 * {_requestConsent}, and executes with {_consumeConsent} (which reverts unless every party approved). Parties
 * are identity ids; the wallet that may act for one is read live (`walletOf`) at every approval, so a key
 * recovery moves the right with the identity. The EIP-712 domain is the service's own, so a signature is
 * bound to chain, contract, request, party, action, nonce and deadline. Parties are bounded by
 * {MAX_PARTIES}, deadlines by {MAX_CONSENT_DURATION}. Upgradeable: its state lives in its own ERC-7201 namespace
 * and the service's `initialize` calls {__MultiPartyConsent_init} (the EIP-712 domain name and version).
 * A party may also approve by a passkey assertion ({approveByPasskey}) over the same digest, checked by the city's
 * {IPasskeyRegistry} (set by ADMIN with {setConsentPasskeys}); a service may require that for a request
 * ("level 3 proved on-chain") by overriding {_requiresVerifiedPasskey}.
 */
abstract contract MultiPartyConsent is CityService, EIP712Upgradeable, IMultiPartyConsent {
    /// @notice The most parties one request may name: 16 co-owners of a parcel plus the buyer.
    uint256 public constant MAX_PARTIES = 17;
    /// @notice The furthest a request's deadline may be from its opening.
    uint256 public constant MAX_CONSENT_DURATION = 90 days;

    /// @notice EIP-712 type of a party's approval.
    bytes32 public constant CONSENT_APPROVAL_TYPEHASH = keccak256(
        "ConsentApproval(uint256 consentId,uint256 partyId,bytes32 actionHash,uint256 nonce,uint256 deadline)"
    );

    uint8 private constant _PARTY_REQUIRED = 1;
    uint8 private constant _PARTY_APPROVED = 2;

    /// @custom:storage-location erc7201:citychain.storage.MultiPartyConsent
    struct MultiPartyConsentStorage {
        uint256 consentCount;
        mapping(uint256 consentId => ConsentRequest) consents;
        mapping(uint256 consentId => mapping(uint256 partyId => uint8 state)) partyStates;
        mapping(uint256 partyId => mapping(uint192 key => uint64 sequence)) nonces;
        IPasskeyRegistry passkeys;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.MultiPartyConsent")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _CONSENT_STORAGE = 0x9437bbb370a3bff45c67bc8ac3dd6b533cc564a3a27c864b24290e7439e4ed00;

    /// @inheritdoc IMultiPartyConsent
    function approve(uint256 consentId) external {
        if (_requiresVerifiedPasskey(consentId)) revert ConsentPasskeyRequired(consentId);
        _approve(consentId, _verifiedCaller(), false);
    }

    /// @inheritdoc IMultiPartyConsent
    function approveBySignature(
        uint256 consentId,
        uint256 partyId,
        uint256 nonce,
        uint256 signatureDeadline,
        bytes calldata signature
    ) external {
        if (block.timestamp > signatureDeadline) revert ConsentSignatureExpired(signatureDeadline, block.timestamp);
        if (_requiresVerifiedPasskey(consentId)) revert ConsentPasskeyRequired(consentId);
        _requireVerified(partyId);
        bytes32 digest = approvalDigest(consentId, partyId, nonce, signatureDeadline);
        address wallet = _identityRegistry().walletOf(partyId);
        if (!SignatureChecker.isValidSignatureNowCalldata(wallet, digest, signature)) {
            revert ConsentInvalidSignature(consentId, partyId);
        }
        _useNonce(partyId, nonce);
        _approve(consentId, partyId, true);
    }

    /// @inheritdoc IMultiPartyConsent
    function approveByPasskey(
        uint256 consentId,
        uint256 partyId,
        uint256 nonce,
        uint256 signatureDeadline,
        IPasskeyRegistry.PasskeyAssertion calldata assertion
    ) external {
        if (block.timestamp > signatureDeadline) revert ConsentSignatureExpired(signatureDeadline, block.timestamp);
        IPasskeyRegistry passkeys = _consentStorage().passkeys;
        if (address(passkeys) == address(0)) revert ConsentPasskeysNotSet();
        // The registry checks the passkey is alive and the party's, and the party verified (at level 3 if required).
        passkeys.verifyAssertion(
            partyId,
            approvalDigest(consentId, partyId, nonce, signatureDeadline),
            _requiresVerifiedPasskey(consentId),
            assertion
        );
        _useNonce(partyId, nonce);
        _approve(consentId, partyId, true);
    }

    /// @inheritdoc IMultiPartyConsent
    function setConsentPasskeys(IPasskeyRegistry passkeys) external restricted {
        _consentStorage().passkeys = passkeys;
        emit ConsentPasskeysSet(address(passkeys));
    }

    /// @inheritdoc IMultiPartyConsent
    function consentPasskeys() external view returns (IPasskeyRegistry) {
        return _consentStorage().passkeys;
    }

    /// @inheritdoc IMultiPartyConsent
    function decline(uint256 consentId) external {
        uint256 partyId = _verifiedCaller();
        _pendingConsent(consentId);
        if (_consentStorage().partyStates[consentId][partyId] == 0) revert ConsentNotAParty(consentId, partyId);
        _cancelConsent(consentId);
    }

    /// @inheritdoc IMultiPartyConsent
    function invalidateNonce(uint192 key) external {
        uint256 partyId = _callerIdentity();
        uint256 burned = (uint256(key) << 64) | _consentStorage().nonces[partyId][key]++;
        emit ConsentNonceInvalidated(partyId, key, burned);
    }

    /// @inheritdoc IMultiPartyConsent
    function consentRequest(uint256 consentId) public view returns (ConsentRequest memory) {
        return _consentStorage().consents[consentId];
    }

    /// @inheritdoc IMultiPartyConsent
    function isConsentParty(uint256 consentId, uint256 partyId) external view returns (bool) {
        return _consentStorage().partyStates[consentId][partyId] != 0;
    }

    /// @inheritdoc IMultiPartyConsent
    function hasApproved(uint256 consentId, uint256 partyId) public view returns (bool) {
        return _consentStorage().partyStates[consentId][partyId] == _PARTY_APPROVED;
    }

    /// @inheritdoc IMultiPartyConsent
    function isConsentComplete(uint256 consentId) public view returns (bool) {
        ConsentRequest storage request = _consentStorage().consents[consentId];
        return
            request.status == ConsentStatus.Pending &&
            block.timestamp <= request.deadline &&
            request.approvals == request.partyCount;
    }

    /// @inheritdoc IMultiPartyConsent
    function consentNonce(uint256 partyId, uint192 key) external view returns (uint256) {
        return (uint256(key) << 64) | _consentStorage().nonces[partyId][key];
    }

    /// @inheritdoc IMultiPartyConsent
    function approvalDigest(
        uint256 consentId,
        uint256 partyId,
        uint256 nonce,
        uint256 signatureDeadline
    ) public view returns (bytes32) {
        bytes32 actionHash = _consentStorage().consents[consentId].actionHash;
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(CONSENT_APPROVAL_TYPEHASH, consentId, partyId, actionHash, nonce, signatureDeadline)
                )
            );
    }

    /// @notice Sets the service's EIP-712 domain; call it from the service's `initialize`.
    // solhint-disable-next-line func-name-mixedcase
    function __MultiPartyConsent_init(string memory name, string memory version) internal onlyInitializing {
        __EIP712_init(name, version);
    }

    /**
     * @notice Opens a request. Parties must be distinct non-zero identity ids, at most {MAX_PARTIES}.
     * @param actionHash What the parties agree to; the service checks it again at execution.
     * @param partyIds The identities whose approval is needed.
     * @param deadline The last timestamp at which the request can be approved or executed; at most
     * {MAX_CONSENT_DURATION} from now.
     * @return consentId The new request's id (ids start at 1).
     */
    function _requestConsent(
        bytes32 actionHash,
        uint256[] memory partyIds,
        uint48 deadline
    ) internal returns (uint256 consentId) {
        if (actionHash == bytes32(0)) revert ConsentActionEmpty();
        uint256 count = partyIds.length;
        if (count == 0) revert ConsentNoParties();
        if (count > MAX_PARTIES) revert ConsentTooManyParties(count, MAX_PARTIES);
        if (deadline <= block.timestamp) revert ConsentDeadlineNotInFuture(deadline, block.timestamp);
        if (deadline > block.timestamp + MAX_CONSENT_DURATION) {
            revert ConsentDeadlineTooFar(deadline, block.timestamp + MAX_CONSENT_DURATION);
        }

        consentId = ++_consentStorage().consentCount;
        mapping(uint256 partyId => uint8 state) storage states = _consentStorage().partyStates[consentId];
        for (uint256 i = 0; i < count; ++i) {
            uint256 partyId = partyIds[i];
            if (partyId == 0) revert ConsentPartyZero();
            if (states[partyId] != 0) revert ConsentDuplicateParty(partyId);
            states[partyId] = _PARTY_REQUIRED;
        }
        _consentStorage().consents[consentId] = ConsentRequest({
            actionHash: actionHash,
            initiator: msg.sender,
            deadline: deadline,
            partyCount: uint8(count),
            approvals: 0,
            status: ConsentStatus.Pending
        });
        emit ConsentRequested(consentId, actionHash, msg.sender, partyIds, deadline);
    }

    /**
     * @notice Records identity `partyId`'s approval. Services call it to count an initiating party's own call
     * (already authenticated by the service) as its approval; the external entry points are {approve} and
     * {approveBySignature}.
     */
    function _approve(uint256 consentId, uint256 partyId, bool bySignature) internal {
        ConsentRequest storage request = _pendingConsent(consentId);
        if (block.timestamp > request.deadline) revert ConsentExpired(consentId, request.deadline);
        uint8 state = _consentStorage().partyStates[consentId][partyId];
        if (state == 0) revert ConsentNotAParty(consentId, partyId);
        if (state == _PARTY_APPROVED) revert ConsentAlreadyApproved(consentId, partyId);
        _consentStorage().partyStates[consentId][partyId] = _PARTY_APPROVED;
        uint8 approvals = ++request.approvals;
        emit ConsentApproved(consentId, partyId, bySignature);
        _afterConsentApproved(consentId, partyId, approvals == request.partyCount);
    }

    /**
     * @notice Marks a fully approved, unexpired request executed. Call it before applying the action.
     * @param expectedAction The action the service is about to apply; must equal the request's.
     */
    function _consumeConsent(uint256 consentId, bytes32 expectedAction) internal {
        ConsentRequest storage request = _pendingConsent(consentId);
        if (block.timestamp > request.deadline) revert ConsentExpired(consentId, request.deadline);
        if (request.approvals != request.partyCount) {
            revert ConsentIncomplete(consentId, request.approvals, request.partyCount);
        }
        if (request.actionHash != expectedAction)
            revert ConsentActionMismatch(consentId, request.actionHash, expectedAction);
        request.status = ConsentStatus.Executed;
        emit ConsentExecuted(consentId, expectedAction);
    }

    /// @notice Cancels a pending request (expired or not).
    function _cancelConsent(uint256 consentId) internal {
        ConsentRequest storage request = _pendingConsent(consentId);
        request.status = ConsentStatus.Cancelled;
        emit ConsentCancelled(consentId, msg.sender);
        _afterConsentCancelled(consentId);
    }

    /**
     * @notice Hook run after every approval; `complete` is true when it was the last one needed. Services
     * override it to execute the action as soon as everyone agreed (saving a transaction).
     */
    function _afterConsentApproved(uint256 consentId, uint256 partyId, bool complete) internal virtual {}

    /**
     * @notice Whether request `consentId` may be approved only by a user-verified passkey assertion of a level-3
     * identity ({approveByPasskey}); {approve} and {approveBySignature} are then refused. Services override it
     * for the actions that need level 3 proved on-chain (default: none).
     */
    function _requiresVerifiedPasskey(uint256 consentId) internal view virtual returns (bool) {}

    /**
     * @notice Hook run after a request is cancelled, by a party's {decline} or by the service. Services
     * override it to undo what the request held (refund a deposit, lift a lock).
     */
    function _afterConsentCancelled(uint256 consentId) internal virtual {}

    /// @notice The city's identity registry, which says who the parties are and which wallet acts for each.
    function _identityRegistry() internal view virtual returns (IIdentityRegistry);

    /**
     * @notice The identity whose current primary wallet is the caller; reverts with
     * {ConsentCallerNotPrimaryWallet} otherwise (unknown wallet, a secondary wallet, a revoked identity's).
     */
    function _callerIdentity() internal view returns (uint256 identityId) {
        IIdentityRegistry registry = _identityRegistry();
        identityId = registry.identityOf(msg.sender);
        if (identityId == 0 || registry.walletOf(identityId) != msg.sender) {
            revert ConsentCallerNotPrimaryWallet(msg.sender);
        }
    }

    function _pendingConsent(uint256 consentId) internal view returns (ConsentRequest storage request) {
        request = _consentStorage().consents[consentId];
        if (request.status == ConsentStatus.None) revert ConsentUnknown(consentId);
        if (request.status != ConsentStatus.Pending) revert ConsentNotPending(consentId, request.status);
    }

    /// @dev The caller's identity, which must be verified (Active, unexpired) to approve or decline.
    function _verifiedCaller() private view returns (uint256 partyId) {
        partyId = _callerIdentity();
        _requireVerified(partyId);
    }

    function _requireVerified(uint256 partyId) private view {
        if (!_identityRegistry().isIdentityVerified(partyId, 0)) revert ConsentPartyNotVerified(partyId);
    }

    function _consentStorage() private pure returns (MultiPartyConsentStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _CONSENT_STORAGE
        }
    }

    function _useNonce(uint256 partyId, uint256 nonce) private {
        uint192 key = uint192(nonce >> 64);
        uint256 expected = (uint256(key) << 64) | _consentStorage().nonces[partyId][key];
        if (nonce != expected) revert ConsentNonceInvalid(partyId, nonce, expected);
        ++_consentStorage().nonces[partyId][key];
    }
}
