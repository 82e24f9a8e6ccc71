// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IInsurancePolicies} from "./IInsurancePolicies.sol";

/**
 * @title IInsuranceParametric
 * @notice Parametric cover: the insurer of a parametric product opens a risk (e.g. the flood level of a district
 * for a day: an area commitment and an observation window); residents buy policies of that risk before the window
 * starts; after the window ends the oracle posts one result, write-once. Then anyone settles the risk's policies
 * in bounded batches, continuing from the risk's cursor: each policy is settled exactly once whatever batch sizes
 * are used (a policy pays its cover when `result >= trigger`, else its capital is unlocked).
 *
 * Risk lifecycle: Open (policies sold until `start`) -> Observed (result posted, once, after `end`) -> Settled
 * (cursor == policy count). Policies of a risk whose result never comes expire normally ({expirePolicy}).
 */
interface IInsuranceParametric is IInsurancePolicies {
    /// @notice A parametric risk.
    struct Risk {
        uint32 productId;
        uint40 start;
        uint40 end;
        uint64 policyCount;
        uint64 cursor; // policies [0, cursor) are settled
        bool posted;
        uint64 result;
        bytes32 areaCommitment;
    }

    /// @notice No risk has this id.
    error InsuranceRiskUnknown(uint256 riskId);
    /// @notice The risk's window is invalid (start in the past, or end before start), or its product is not parametric.
    error InsuranceRiskTermsInvalid(uint256 productId, uint256 start, uint256 end);
    /// @notice Policies of the risk are sold only before its window starts.
    error InsuranceRiskStarted(uint256 riskId, uint256 start);
    /// @notice The result can be posted only after the window ended.
    error InsuranceRiskNotEnded(uint256 riskId, uint256 end);
    /// @notice The result of the risk was already posted (write-once).
    error InsuranceResultAlreadyPosted(uint256 riskId, uint256 result);
    /// @notice The risk has no posted result: nothing to settle.
    error InsuranceResultNotPosted(uint256 riskId);
    /// @notice The risk's result is posted: its policies are settled by {settleRisk}, not expired.
    error InsuranceRiskObserved(uint256 riskId);
    /// @notice Every policy of the risk is settled already.
    error InsuranceRiskSettled(uint256 riskId);
    /// @notice A batch size of zero, or above {MAX_BATCH}.
    error InsuranceBatchSizeInvalid(uint256 size, uint256 max);

    /// @notice An insurer opened a risk of a parametric product.
    event RiskCreated(
        uint256 indexed riskId,
        uint256 indexed productId,
        uint256 start,
        uint256 end,
        bytes32 areaCommitment
    );
    /// @notice The oracle posted the risk's result.
    event RiskResultPosted(uint256 indexed riskId, uint256 result, bool triggered);
    /// @notice A batch of the risk's policies was settled: `[fromIndex, toIndex)`, `paid` in total.
    event RiskBatchSettled(uint256 indexed riskId, uint256 fromIndex, uint256 toIndex, uint256 paid);

    /// @notice The largest batch {settleRisk} accepts (bounded gas per transaction).
    function MAX_BATCH() external view returns (uint256);

    /**
     * @notice Opens a risk of one of the caller's parametric products. Restricted to INSURER; the pool's insurer.
     * @param start Observation window start (in the future); policies are sold until then.
     * @param end Observation window end (>= start); policies run until then.
     */
    function createRisk(
        uint256 productId,
        uint40 start,
        uint40 end,
        bytes32 areaCommitment
    ) external returns (uint256 riskId);

    /// @notice Posts the risk's result, once, after its window ended. Restricted to ORACLE.
    function postResult(uint256 riskId, uint64 result) external;

    /**
     * @notice Settles up to `maxPolicies` policies of the risk from its cursor (anyone).
     * @return settled How many policies this call settled.
     */
    function settleRisk(uint256 riskId, uint256 maxPolicies) external returns (uint256 settled);

    /// @notice A risk.
    function risk(uint256 riskId) external view returns (Risk memory);

    /// @notice The policy at `index` of a risk (in purchase order).
    function riskPolicyAt(uint256 riskId, uint256 index) external view returns (uint256);
}
