// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IInsuranceParametric} from "./IInsuranceParametric.sol";
import {InsurancePolicies} from "./InsurancePolicies.sol";

/**
 * @title InsuranceParametric
 * @notice Parametric risks, the oracle's write-once results and batch settlement with a cursor anyone continues.
 * See {IInsuranceParametric}. Abstract: deployed as part of `Insurance`.
 * @dev A risk's policy list only grows before the risk's window starts, and a result is posted only after it
 * ended, so the list is final when settlement begins; the cursor only moves forward, so each policy is visited
 * (and paid) exactly once whatever the batch sizes.
 */
abstract contract InsuranceParametric is InsurancePolicies, IInsuranceParametric {
    /// @inheritdoc IInsuranceParametric
    uint256 public constant MAX_BATCH = 200;

    /// @inheritdoc IInsuranceParametric
    function createRisk(
        uint256 productId,
        uint40 start,
        uint40 end,
        bytes32 areaCommitment
    ) external restricted returns (uint256 riskId) {
        Product storage prod = _product(productId);
        _ownPool(prod.poolId);
        if (!prod.parametric || start <= block.timestamp || end < start) {
            revert InsuranceRiskTermsInvalid(productId, start, end);
        }
        Layout storage $ = _insuranceStorage();
        riskId = ++$.riskCount;
        Risk storage r = $.risks[riskId];
        r.productId = uint32(productId);
        r.start = start;
        r.end = end;
        r.areaCommitment = areaCommitment;
        emit RiskCreated(riskId, productId, start, end, areaCommitment);
    }

    /// @inheritdoc IInsuranceParametric
    function postResult(uint256 riskId, uint64 result) external restricted {
        Risk storage r = _risk(riskId);
        if (block.timestamp <= r.end) revert InsuranceRiskNotEnded(riskId, r.end);
        if (r.posted) revert InsuranceResultAlreadyPosted(riskId, r.result);
        r.posted = true;
        r.result = result;
        emit RiskResultPosted(riskId, result, result >= _insuranceStorage().products[r.productId].trigger);
    }

    /// @inheritdoc IInsuranceParametric
    function settleRisk(uint256 riskId, uint256 maxPolicies) external returns (uint256 settled) {
        if (maxPolicies == 0 || maxPolicies > MAX_BATCH) revert InsuranceBatchSizeInvalid(maxPolicies, MAX_BATCH);
        Layout storage $ = _insuranceStorage();
        Risk storage r = _risk(riskId);
        if (!r.posted) revert InsuranceResultNotPosted(riskId);
        uint256 from = r.cursor;
        uint256 count = r.policyCount;
        if (from == count) revert InsuranceRiskSettled(riskId);
        uint256 to = count - from > maxPolicies ? from + maxPolicies : count;
        r.cursor = uint64(to);
        Product storage prod = $.products[r.productId];
        bool triggered = r.result >= prod.trigger;
        uint256 deductible = prod.deductible;
        uint256 paid;
        uint256 released;
        mapping(uint256 => uint256) storage list = $.riskPolicies[riskId];
        for (uint256 i = from; i < to; ++i) {
            (uint256 p, uint256 rel) = _settleOne($, list[i], deductible, triggered);
            paid += p;
            released += rel;
        }
        Pool storage pl = $.pools[prod.poolId];
        pl.balance -= uint128(paid);
        pl.locked -= uint128(paid + released);
        settled = to - from;
        emit RiskBatchSettled(riskId, from, to, paid);
    }

    /// @inheritdoc IInsuranceParametric
    function risk(uint256 riskId) external view returns (Risk memory) {
        return _insuranceStorage().risks[riskId];
    }

    /// @inheritdoc IInsuranceParametric
    function riskPolicyAt(uint256 riskId, uint256 index) external view returns (uint256) {
        return _insuranceStorage().riskPolicies[riskId][index];
    }

    /// @dev Settles one policy of a risk: returns what it paid and what it released.
    function _settleOne(
        Layout storage $,
        uint256 policyId,
        uint256 deductible,
        bool triggered
    ) private returns (uint256 paid, uint256 released) {
        Policy storage p = $.policies[policyId];
        // A policy expired before the result was posted got its capital unlocked already.
        if (p.status != PolicyStatus.Active) return (0, 0);
        uint80 cover = uint80(p.sumInsured - deductible);
        if (!triggered) {
            p.status = PolicyStatus.Settled;
            return (0, cover);
        }
        // The status alone records the payout of the whole cover: no second slot per policy.
        p.status = PolicyStatus.PaidOut;
        uint256 holderId = p.holderId;
        $.credits[holderId] += cover;
        emit PayoutCredited(holderId, policyId, cover);
        return (cover, 0);
    }

    function _risk(uint256 riskId) private view returns (Risk storage r) {
        r = _insuranceStorage().risks[riskId];
        if (r.productId == 0) revert InsuranceRiskUnknown(riskId);
    }
}
