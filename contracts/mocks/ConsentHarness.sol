// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

import {MultiPartyConsent} from "../common/MultiPartyConsent.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";

/// @notice Test-only service exposing {MultiPartyConsent}'s internal functions.
contract ConsentHarness is MultiPartyConsent {
    IIdentityRegistry private _identity;

    event HarnessActionExecuted(uint256 indexed consentId, bytes32 actionHash);
    event HarnessConsentCompleted(uint256 indexed consentId, uint256 lastPartyId);
    event HarnessConsentCancelled(uint256 indexed consentId);

    constructor() EIP712("ConsentHarness", "1") {}

    /// @notice Points the harness at an identity registry (a stand-in in tests).
    function setIdentityRegistry(IIdentityRegistry identityRegistry) external {
        _identity = identityRegistry;
    }

    function request(bytes32 actionHash, uint256[] calldata partyIds, uint48 deadline) external returns (uint256) {
        return _requestConsent(actionHash, partyIds, deadline);
    }

    function approveAs(uint256 consentId, uint256 partyId) external {
        _approve(consentId, partyId, false);
    }

    function execute(uint256 consentId, bytes32 actionHash) external {
        _consumeConsent(consentId, actionHash);
        emit HarnessActionExecuted(consentId, actionHash);
    }

    function cancel(uint256 consentId) external {
        _cancelConsent(consentId);
    }

    function _afterConsentApproved(uint256 consentId, uint256 partyId, bool complete) internal override {
        if (complete) emit HarnessConsentCompleted(consentId, partyId);
    }

    function _afterConsentCancelled(uint256 consentId) internal override {
        emit HarnessConsentCancelled(consentId);
    }

    function _identityRegistry() internal view override returns (IIdentityRegistry) {
        return _identity;
    }
}
