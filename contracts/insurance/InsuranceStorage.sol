// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {ILandRegistry} from "../land/ILandRegistry.sol";
import {IInsuranceClaims} from "./IInsuranceClaims.sol";
import {IInsuranceParametric} from "./IInsuranceParametric.sol";
import {IInsurancePolicies} from "./IInsurancePolicies.sol";

/**
 * @title InsuranceStorage
 * @notice All state of the deployed `Insurance` contract, in one ERC-7201 namespace shared by its modules
 * (policies, claims, parametric): they are one contract, so that a claim's confirmation, its payout and the
 * holder's credit are written in one place without cross-contract calls. An abstract contract (not a library) so
 * that OpenZeppelin's upgrade validator sees the namespace.
 */
abstract contract InsuranceStorage {
    /// @custom:storage-location erc7201:citychain.storage.Insurance
    struct Layout {
        // slot 0: read by every purchase; the policy counter shares it
        IIdentityRegistry identity;
        uint64 policyCount;
        // slot 1
        IERC20 token;
        uint32 poolCount;
        uint32 productCount;
        uint24 eventCount;
        // slot 2
        ILandRegistry land;
        uint64 riskCount;
        mapping(uint256 poolId => IInsurancePolicies.Pool) pools;
        mapping(uint256 productId => IInsurancePolicies.Product) products;
        mapping(uint256 policyId => IInsurancePolicies.Policy) policies;
        mapping(uint256 identityId => uint256) credits;
        mapping(bytes32 claimId => IInsuranceClaims.Claim) claims;
        mapping(uint256 eventId => IInsuranceClaims.LossEvent) events;
        mapping(uint256 eventId => mapping(uint256 assetId => IInsuranceClaims.EventAsset)) eventAssets;
        mapping(uint256 riskId => IInsuranceParametric.Risk) risks;
        mapping(uint256 riskId => mapping(uint256 index => uint256 policyId)) riskPolicies;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.Insurance")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _SLOT = 0xec8e6cff4dfcee343f088f9dc12423c7bf248edee0ae73d832bce0bcbaa93400;

    /// @dev The contract's storage.
    function _insuranceStorage() internal pure returns (Layout storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _SLOT
        }
    }
}
