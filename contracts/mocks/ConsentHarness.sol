// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CityService} from "../common/CityService.sol";
import {MultiPartyConsent} from "../common/MultiPartyConsent.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";

/**
 * @notice Test-only service exposing {MultiPartyConsent}'s internal functions. Deployed behind an ERC-1967
 * proxy like every city contract (`initialize(authority, identityRegistry)`); its own functions are open.
 */
contract ConsentHarness is CityService, MultiPartyConsent {
    /// @custom:storage-location erc7201:citychain.storage.ConsentHarness
    struct ConsentHarnessStorage {
        IIdentityRegistry identity;
        mapping(uint256 consentId => bool) level3;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.ConsentHarness")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _HARNESS_STORAGE = 0x3fc175b84c381bce8f238cd05a95550f20c4e21682846709811b9fdd81969f00;

    event HarnessActionExecuted(uint256 indexed consentId, bytes32 actionHash);
    event HarnessConsentCompleted(uint256 indexed consentId, uint256 lastPartyId);
    event HarnessConsentCancelled(uint256 indexed consentId);

    function initialize(address authority, IIdentityRegistry identityRegistry) external initializer {
        __CityService_init(authority);
        __MultiPartyConsent_init("ConsentHarness", "1");
        _harnessStorage().identity = identityRegistry;
    }

    function request(bytes32 actionHash, uint256[] calldata partyIds, uint48 deadline) external returns (uint256) {
        return _requestConsent(actionHash, partyIds, deadline);
    }

    /// @notice Requires level 3 proved by a user-verified passkey for the request (test switch).
    function requireVerifiedPasskey(uint256 consentId) external {
        _harnessStorage().level3[consentId] = true;
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

    function _requiresVerifiedPasskey(uint256 consentId) internal view override returns (bool) {
        return _harnessStorage().level3[consentId];
    }

    function _identityRegistry() internal view override returns (IIdentityRegistry) {
        return _harnessStorage().identity;
    }

    function _harnessStorage() private pure returns (ConsentHarnessStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _HARNESS_STORAGE
        }
    }
}
