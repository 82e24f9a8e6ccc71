// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {NoncesKeyed} from "@openzeppelin/contracts/utils/NoncesKeyed.sol";

import {IMultiPartyConsent} from "./IMultiPartyConsent.sol";

/**
 * @title MultiPartyConsent
 * @notice Building block for services whose records change only when several parties agree.
 * @dev A service inherits it, opens requests with {_requestConsent}, and executes with {_consumeConsent}
 * (which reverts unless every party approved). The EIP-712 domain is the service's own, so a signature is
 * bound to chain, contract, request, action, nonce and deadline. Parties are bounded by {MAX_PARTIES}.
 */
abstract contract MultiPartyConsent is IMultiPartyConsent, EIP712, NoncesKeyed {
    /// @notice The most parties one request may name.
    uint256 public constant MAX_PARTIES = 16;

    /// @notice EIP-712 type of a party's approval.
    bytes32 public constant CONSENT_APPROVAL_TYPEHASH = keccak256(
        "ConsentApproval(uint256 consentId,bytes32 actionHash,uint256 nonce,uint256 deadline)"
    );

    uint8 private constant _PARTY_REQUIRED = 1;
    uint8 private constant _PARTY_APPROVED = 2;

    uint256 private _consentCount;
    mapping(uint256 consentId => ConsentRequest) private _consents;
    mapping(uint256 consentId => mapping(address party => uint8 state)) private _partyStates;

    /// @inheritdoc IMultiPartyConsent
    function approve(uint256 consentId) external {
        _approve(consentId, msg.sender, false);
    }

    /// @inheritdoc IMultiPartyConsent
    function approveBySignature(
        uint256 consentId,
        address party,
        uint256 nonce,
        uint256 signatureDeadline,
        bytes calldata signature
    ) external {
        if (block.timestamp > signatureDeadline) revert ConsentSignatureExpired(signatureDeadline, block.timestamp);
        bytes32 digest = approvalDigest(consentId, nonce, signatureDeadline);
        if (!SignatureChecker.isValidSignatureNowCalldata(party, digest, signature)) {
            revert ConsentInvalidSignature(consentId, party);
        }
        _useCheckedNonce(party, nonce);
        _approve(consentId, party, true);
    }

    /// @inheritdoc IMultiPartyConsent
    function decline(uint256 consentId) external {
        _pendingConsent(consentId);
        if (_partyStates[consentId][msg.sender] == 0) revert ConsentNotAParty(consentId, msg.sender);
        _cancelConsent(consentId);
    }

    /// @inheritdoc IMultiPartyConsent
    function invalidateNonce(uint192 key) external {
        uint256 burned = _useNonce(msg.sender, key);
        emit ConsentNonceInvalidated(msg.sender, key, burned);
    }

    /// @inheritdoc IMultiPartyConsent
    function consentRequest(uint256 consentId) public view returns (ConsentRequest memory) {
        return _consents[consentId];
    }

    /// @inheritdoc IMultiPartyConsent
    function isConsentParty(uint256 consentId, address account) external view returns (bool) {
        return _partyStates[consentId][account] != 0;
    }

    /// @inheritdoc IMultiPartyConsent
    function hasApproved(uint256 consentId, address party) public view returns (bool) {
        return _partyStates[consentId][party] == _PARTY_APPROVED;
    }

    /// @inheritdoc IMultiPartyConsent
    function isConsentComplete(uint256 consentId) public view returns (bool) {
        ConsentRequest storage request = _consents[consentId];
        return
            request.status == ConsentStatus.Pending &&
            block.timestamp <= request.deadline &&
            request.approvals == request.partyCount;
    }

    /// @inheritdoc IMultiPartyConsent
    function approvalDigest(uint256 consentId, uint256 nonce, uint256 signatureDeadline) public view returns (bytes32) {
        bytes32 actionHash = _consents[consentId].actionHash;
        return
            _hashTypedDataV4(
                keccak256(abi.encode(CONSENT_APPROVAL_TYPEHASH, consentId, actionHash, nonce, signatureDeadline))
            );
    }

    /**
     * @notice Opens a request. Parties must be distinct non-zero addresses, at most {MAX_PARTIES}.
     * @param actionHash What the parties agree to; the service checks it again at execution.
     * @param parties The parties whose approval is needed.
     * @param deadline The last timestamp at which the request can be approved or executed.
     * @return consentId The new request's id (ids start at 1).
     */
    function _requestConsent(
        bytes32 actionHash,
        address[] memory parties,
        uint48 deadline
    ) internal returns (uint256 consentId) {
        if (actionHash == bytes32(0)) revert ConsentActionEmpty();
        uint256 count = parties.length;
        if (count == 0) revert ConsentNoParties();
        if (count > MAX_PARTIES) revert ConsentTooManyParties(count, MAX_PARTIES);
        if (deadline <= block.timestamp) revert ConsentDeadlineNotInFuture(deadline, block.timestamp);

        consentId = ++_consentCount;
        mapping(address party => uint8 state) storage states = _partyStates[consentId];
        for (uint256 i = 0; i < count; ++i) {
            address party = parties[i];
            if (party == address(0)) revert ConsentPartyZeroAddress();
            if (states[party] != 0) revert ConsentDuplicateParty(party);
            states[party] = _PARTY_REQUIRED;
        }
        _consents[consentId] = ConsentRequest({
            actionHash: actionHash,
            initiator: msg.sender,
            deadline: deadline,
            partyCount: uint8(count),
            approvals: 0,
            status: ConsentStatus.Pending
        });
        emit ConsentRequested(consentId, actionHash, msg.sender, parties, deadline);
    }

    /**
     * @notice Records `party`'s approval. Services call it to count an initiating party's own call as its
     * approval; the external entry points are {approve} and {approveBySignature}.
     */
    function _approve(uint256 consentId, address party, bool bySignature) internal {
        ConsentRequest storage request = _pendingConsent(consentId);
        if (block.timestamp > request.deadline) revert ConsentExpired(consentId, request.deadline);
        uint8 state = _partyStates[consentId][party];
        if (state == 0) revert ConsentNotAParty(consentId, party);
        if (state == _PARTY_APPROVED) revert ConsentAlreadyApproved(consentId, party);
        _partyStates[consentId][party] = _PARTY_APPROVED;
        uint8 approvals = ++request.approvals;
        emit ConsentApproved(consentId, party, bySignature);
        _afterConsentApproved(consentId, party, approvals == request.partyCount);
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
    function _afterConsentApproved(uint256 consentId, address party, bool complete) internal virtual {}

    /**
     * @notice Hook run after a request is cancelled, by a party's {decline} or by the service. Services
     * override it to undo what the request held (refund a deposit, lift a lock).
     */
    function _afterConsentCancelled(uint256 consentId) internal virtual {}

    function _pendingConsent(uint256 consentId) internal view returns (ConsentRequest storage request) {
        request = _consents[consentId];
        if (request.status == ConsentStatus.None) revert ConsentUnknown(consentId);
        if (request.status != ConsentStatus.Pending) revert ConsentNotPending(consentId, request.status);
    }
}
