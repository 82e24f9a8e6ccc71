// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

import {CityService} from "../common/CityService.sol";
import {PasskeyActions} from "../common/PasskeyActions.sol";
import {IIdentityRecovery} from "../identity/IIdentityRecovery.sol";
import {IPasskeyRegistry} from "../identity/IPasskeyRegistry.sol";
import {IInsuranceClaims} from "./IInsuranceClaims.sol";
import {IInsuranceClaimsRelay} from "./IInsuranceClaimsRelay.sol";

/**
 * @title InsuranceClaimsRelay
 * @notice Relayed claims signed by the policy holder's wallet or passkey (see {IInsuranceClaimsRelay}). A small
 * module beside `Insurance` (which is near the contract size limit): it holds INSURANCE_MODULE there and nothing
 * else. Behind a UUPS proxy; all state in one ERC-7201 namespace.
 */
contract InsuranceClaimsRelay is CityService, PasskeyActions, EIP712Upgradeable, IInsuranceClaimsRelay {
    /// @notice The EIP-712 type a holder signs.
    bytes32 public constant CLAIM_TYPEHASH = keccak256(
        // solhint-disable-next-line max-line-length
        "Claim(uint256 holderId,uint256 policyId,bytes32 incident,uint256 amount,bytes32 evidenceCommitment,uint256 nonce,uint256 deadline)"
    );

    /// @custom:storage-location erc7201:citychain.storage.InsuranceClaimsRelay
    struct RelayStorage {
        IInsuranceClaims insurance;
        IIdentityRecovery identity;
        mapping(uint256 holderId => uint256) nonces;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.InsuranceClaimsRelay")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _RELAY_STORAGE = 0x06744f639f7376bb651800c042238c9cd55b8bae70a77e132eb03655aeb2ef00;

    /**
     * @param authority The city's AccessManager.
     * @param insurance The insurance contract (this relay must hold INSURANCE_MODULE there).
     * @param identity The identity registry (current wallets, status, recoveries).
     */
    function initialize(
        address authority,
        IInsuranceClaims insurance,
        IIdentityRecovery identity
    ) external initializer {
        __CityService_init(authority);
        __EIP712_init("CityInsuranceClaims", "1");
        RelayStorage storage $ = _relayStorage();
        $.insurance = insurance;
        $.identity = identity;
    }

    /// @inheritdoc IInsuranceClaimsRelay
    function submitClaimBySignature(
        uint256 holderId,
        uint256 policyId,
        bytes32 incident,
        uint256 amount,
        bytes32 evidenceCommitment,
        uint256 deadline,
        bytes calldata signature
    ) external returns (bytes32 claimId) {
        (bytes32 digest, uint256 nonce) = _useClaim(holderId, policyId, incident, amount, evidenceCommitment, deadline);
        (address wallet, bool verified, ) = _relayStorage().identity.actorState(holderId, 0);
        if (!verified) revert InsuranceRelayHolderNotVerified(holderId);
        if (!SignatureChecker.isValidSignatureNowCalldata(wallet, digest, signature)) {
            revert InsuranceRelaySignatureInvalid(holderId, wallet);
        }
        claimId = _relayStorage().insurance.submitClaimFor(holderId, policyId, incident, amount, evidenceCommitment);
        emit ClaimRelayed(claimId, holderId, nonce, msg.sender, false);
    }

    /// @inheritdoc IInsuranceClaimsRelay
    function submitClaimByPasskey(
        uint256 holderId,
        uint256 policyId,
        bytes32 incident,
        uint256 amount,
        bytes32 evidenceCommitment,
        uint256 deadline,
        IPasskeyRegistry.PasskeyAssertion calldata assertion
    ) external returns (bytes32 claimId) {
        (bytes32 digest, uint256 nonce) = _useClaim(holderId, policyId, incident, amount, evidenceCommitment, deadline);
        _verifyPasskey(holderId, digest, amount, assertion);
        claimId = _relayStorage().insurance.submitClaimFor(holderId, policyId, incident, amount, evidenceCommitment);
        emit ClaimRelayed(claimId, holderId, nonce, msg.sender, true);
    }

    /// @inheritdoc IInsuranceClaimsRelay
    function nonceOf(uint256 holderId) external view returns (uint256) {
        return _relayStorage().nonces[holderId];
    }

    /// @inheritdoc IInsuranceClaimsRelay
    function links() external view returns (address insurance, address identity) {
        RelayStorage storage $ = _relayStorage();
        return (address($.insurance), address($.identity));
    }

    /// @dev Checks the deadline and uses the holder's nonce; returns the digest the holder signed.
    function _useClaim(
        uint256 holderId,
        uint256 policyId,
        bytes32 incident,
        uint256 amount,
        bytes32 evidenceCommitment,
        uint256 deadline
    ) private returns (bytes32 digest, uint256 nonce) {
        if (block.timestamp > deadline) revert InsuranceRelayExpired(deadline, block.timestamp);
        nonce = _relayStorage().nonces[holderId]++;
        digest = _hashTypedDataV4(
            keccak256(
                abi.encode(CLAIM_TYPEHASH, holderId, policyId, incident, amount, evidenceCommitment, nonce, deadline)
            )
        );
    }

    function _relayStorage() private pure returns (RelayStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _RELAY_STORAGE
        }
    }
}
