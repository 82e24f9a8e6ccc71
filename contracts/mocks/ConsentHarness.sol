// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

import {MultiPartyConsent} from "../common/MultiPartyConsent.sol";

/// @notice Test-only service exposing {MultiPartyConsent}'s internal functions.
contract ConsentHarness is MultiPartyConsent {
    event HarnessActionExecuted(uint256 indexed consentId, bytes32 actionHash);
    event HarnessConsentCompleted(uint256 indexed consentId, address lastParty);
    event HarnessConsentCancelled(uint256 indexed consentId);

    constructor() EIP712("ConsentHarness", "1") {}

    function request(bytes32 actionHash, address[] calldata parties, uint48 deadline) external returns (uint256) {
        return _requestConsent(actionHash, parties, deadline);
    }

    function approveAs(uint256 consentId, address party) external {
        _approve(consentId, party, false);
    }

    function execute(uint256 consentId, bytes32 actionHash) external {
        _consumeConsent(consentId, actionHash);
        emit HarnessActionExecuted(consentId, actionHash);
    }

    function cancel(uint256 consentId) external {
        _cancelConsent(consentId);
    }

    function _afterConsentApproved(uint256 consentId, address party, bool complete) internal override {
        if (complete) emit HarnessConsentCompleted(consentId, party);
    }

    function _afterConsentCancelled(uint256 consentId) internal override {
        emit HarnessConsentCancelled(consentId);
    }
}
