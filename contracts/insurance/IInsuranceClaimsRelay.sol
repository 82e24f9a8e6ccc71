// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPasskeyRegistry} from "../identity/IPasskeyRegistry.sol";

/**
 * @title IInsuranceClaimsRelay
 * @notice Relayed insurance claims (issue 20): the policy holder's identity signs a claim as EIP-712 typed data
 * `Claim(holderId, policyId, incident, amount, evidenceCommitment, nonce, deadline)`, by ECDSA from its current
 * primary wallet (an EOA or an ERC-1271 contract wallet) or by a WebAuthn assertion of one of its passkeys
 * ({IPasskeyActions}), and anyone relays it: the resident needs no ether. The relay checks the signature, uses
 * the holder's nonce and files the claim on the insurance contract as INSURANCE_MODULE (`submitClaimFor`), which
 * applies every check of a direct claim (holder of the policy, active, window, cover, duplicate incident).
 * @dev A key recovery moves the right at once: the signer is resolved (`walletOf`) when the claim is relayed, and
 * passkeys registered before the recovery are dead.
 */
interface IInsuranceClaimsRelay {
    /// @notice A claim signed by `holderId` was relayed (nonce `nonce` used) by `relayer`.
    event ClaimRelayed(
        bytes32 indexed claimId,
        uint256 indexed holderId,
        uint256 nonce,
        address indexed relayer,
        bool byPasskey
    );

    /// @notice The signed claim's deadline has passed.
    error InsuranceRelayExpired(uint256 deadline, uint256 nowTime);
    /// @notice The holder identity is unknown, or not Active and unexpired.
    error InsuranceRelayHolderNotVerified(uint256 holderId);
    /// @notice The signature is not the holder's current primary wallet's over the claim.
    error InsuranceRelaySignatureInvalid(uint256 holderId, address wallet);

    /**
     * @notice Files a claim the holder signed by ECDSA (EOA) or ERC-1271 from its current primary wallet.
     * @param holderId The policy holder's identity (the signer).
     * @param policyId The policy claimed on.
     * @param incident The holder's reference of the incident.
     * @param amount The amount requested.
     * @param evidenceCommitment Commitment to the evidence documents.
     * @param deadline The last second the signature is valid.
     * @param signature The EIP-712 signature over `Claim` with the holder's next nonce.
     * @return claimId The claim filed.
     */
    function submitClaimBySignature(
        uint256 holderId,
        uint256 policyId,
        bytes32 incident,
        uint256 amount,
        bytes32 evidenceCommitment,
        uint256 deadline,
        bytes calldata signature
    ) external returns (bytes32 claimId);

    /**
     * @notice Files a claim the holder signed with a passkey: a WebAuthn assertion whose challenge is the `Claim`
     * digest; user-verified by a level-3 identity when `amount` reaches the relay's passkey threshold.
     * @param assertion The WebAuthn assertion of one of the holder's passkeys.
     * @return claimId The claim filed.
     */
    function submitClaimByPasskey(
        uint256 holderId,
        uint256 policyId,
        bytes32 incident,
        uint256 amount,
        bytes32 evidenceCommitment,
        uint256 deadline,
        IPasskeyRegistry.PasskeyAssertion calldata assertion
    ) external returns (bytes32 claimId);

    /// @notice The next nonce a claim signed by `holderId` must carry.
    function nonceOf(uint256 holderId) external view returns (uint256);

    /// @notice The insurance contract claims are filed on and the identity registry signers are resolved in.
    function links() external view returns (address insurance, address identity);
}
