// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IInsuranceClaims} from "./IInsuranceClaims.sol";
import {InsurancePolicies} from "./InsurancePolicies.sol";

/**
 * @title InsuranceClaims
 * @notice Assessed claims (four eyes above a threshold) and the city-wide loss-event register. See
 * {IInsuranceClaims}. Abstract: deployed as part of `Insurance`.
 * @dev A claim is one storage slot keyed by `keccak256(policyId, incident)`: the key is the duplicate check.
 * Confirming an incident claim credits the holder at once (Submitted -> Confirmed -> Paid in one call).
 */
abstract contract InsuranceClaims is InsurancePolicies, IInsuranceClaims {
    /// @dev Allowed claim transitions, bit `from * 8 + to` (the table in {IInsuranceClaims}).
    uint256 private constant _ALLOWED =
        (1 << (uint256(ClaimStatus.None) * 8 + uint256(ClaimStatus.Submitted))) |
            (1 << (uint256(ClaimStatus.Submitted) * 8 + uint256(ClaimStatus.Submitted))) |
            (1 << (uint256(ClaimStatus.Submitted) * 8 + uint256(ClaimStatus.Confirmed))) |
            (1 << (uint256(ClaimStatus.Submitted) * 8 + uint256(ClaimStatus.Declined))) |
            (1 << (uint256(ClaimStatus.Submitted) * 8 + uint256(ClaimStatus.Withdrawn))) |
            (1 << (uint256(ClaimStatus.Confirmed) * 8 + uint256(ClaimStatus.Paid)));

    bytes32 private constant _EVENT_INCIDENT_TAG = keccak256("citychain.insurance.LossEvent");

    /// @inheritdoc IInsuranceClaims
    function submitClaim(
        uint256 policyId,
        bytes32 incident,
        uint256 amount,
        bytes32 evidenceCommitment
    ) external returns (bytes32 claimId) {
        return _submitClaim(_callerId(), policyId, incident, amount, evidenceCommitment);
    }

    /// @inheritdoc IInsuranceClaims
    function submitClaimFor(
        uint256 holderId,
        uint256 policyId,
        bytes32 incident,
        uint256 amount,
        bytes32 evidenceCommitment
    ) external restricted returns (bytes32 claimId) {
        return _submitClaim(holderId, policyId, incident, amount, evidenceCommitment);
    }

    /// @inheritdoc IInsuranceClaims
    function submitEventClaim(
        uint256 policyId,
        uint256 eventId,
        uint256 amount,
        bytes32 evidenceCommitment
    ) external returns (bytes32 claimId) {
        (Policy storage p, Product storage prod) = _holderPolicy(policyId, _callerId());
        LossEvent storage e = _openEvent(eventId);
        if (
            prod.peril != Peril.Property ||
            uint256(p.end) - prod.term + prod.waitingPeriod >= e.start ||
            e.start > p.end
        ) revert InsuranceEventNotCovered(policyId, eventId);
        bytes32 incident = _eventIncident(eventId);
        claimId = _newClaim(p, prod, policyId, incident, amount, eventId);
        emit ClaimSubmitted(claimId, policyId, eventId, incident, amount, evidenceCommitment);
    }

    /// @inheritdoc IInsuranceClaims
    function confirmClaim(bytes32 claimId, uint256 amount) external restricted {
        Layout storage $ = _insuranceStorage();
        Claim storage c = _claimIn(claimId, ClaimStatus.Submitted, ClaimStatus.Confirmed);
        if (amount == 0 || amount > c.amount) revert InsuranceAmountInvalid(amount);
        uint256 policyId = c.policyId;
        Policy storage p = _activePolicy(policyId);
        Product storage prod = $.products[p.productId];
        if (amount > prod.fourEyesThreshold) {
            uint256 assessorId = _callerId();
            uint256 firstId = c.firstAssessorId;
            if (firstId == 0) {
                c.firstAssessorId = uint64(assessorId);
                c.amount = uint96(amount);
                emit ClaimEndorsed(claimId, assessorId, amount);
                return;
            }
            if (firstId == assessorId) revert InsuranceSameAssessor(claimId, assessorId);
        }
        uint256 remaining = uint256(p.sumInsured) - prod.deductible - p.confirmed;
        if (amount > remaining) revert InsuranceClaimAboveRemaining(policyId, amount, remaining);
        p.confirmed += uint80(amount);
        emit ClaimConfirmed(claimId, msg.sender, amount);
        uint256 eventId = c.eventId;
        if (eventId == 0) {
            c.status = ClaimStatus.Paid;
            c.amount = uint96(amount);
            p.paid += uint80(amount);
            _payFromPool($, prod.poolId, amount);
            uint256 holderId = p.holderId;
            $.credits[holderId] += amount;
            emit ClaimPaid(claimId, policyId, holderId, amount);
        } else {
            uint256 closesAt = $.events[eventId].closesAt;
            if (block.timestamp > closesAt) revert InsuranceEventClosed(eventId, closesAt);
            EventAsset storage ea = $.eventAssets[eventId][p.assetId];
            ea.confirmedTotal += uint96(amount);
            if (p.sumInsured > ea.maxInsured) ea.maxInsured = p.sumInsured;
            c.status = ClaimStatus.Confirmed;
            c.amount = uint96(amount);
        }
    }

    /// @inheritdoc IInsuranceClaims
    function declineClaim(bytes32 claimId, bytes32 reasonCommitment) external restricted {
        _claimIn(claimId, ClaimStatus.Submitted, ClaimStatus.Declined).status = ClaimStatus.Declined;
        emit ClaimDeclined(claimId, reasonCommitment);
    }

    /// @inheritdoc IInsuranceClaims
    function withdrawClaim(bytes32 claimId) external {
        Claim storage c = _claimIn(claimId, ClaimStatus.Submitted, ClaimStatus.Withdrawn);
        uint256 holderId = _insuranceStorage().policies[c.policyId].holderId;
        uint256 callerId = _callerId();
        if (callerId != holderId) revert InsuranceNotHolder(c.policyId, callerId);
        c.status = ClaimStatus.Withdrawn;
        emit ClaimWithdrawn(claimId);
    }

    /// @inheritdoc IInsuranceClaims
    function declareLossEvent(
        Peril peril,
        uint40 start,
        uint40 end,
        uint40 closesAt,
        bytes32 areaCommitment
    ) external restricted returns (uint256 eventId) {
        return _declare(peril, start, end, closesAt, areaCommitment);
    }

    /// @inheritdoc IInsuranceClaims
    function declareLossEventByAssessor(
        Peril peril,
        uint40 start,
        uint40 end,
        uint40 closesAt,
        bytes32 areaCommitment
    ) external restricted returns (uint256 eventId) {
        return _declare(peril, start, end, closesAt, areaCommitment);
    }

    /// @inheritdoc IInsuranceClaims
    function payEventClaim(bytes32 claimId) external returns (uint256 paid) {
        Layout storage $ = _insuranceStorage();
        Claim storage c = _claimIn(claimId, ClaimStatus.Confirmed, ClaimStatus.Paid);
        uint256 eventId = c.eventId;
        uint256 closesAt = $.events[eventId].closesAt;
        if (block.timestamp <= closesAt) revert InsuranceEventOpen(eventId, closesAt);
        uint256 policyId = c.policyId;
        Policy storage p = $.policies[policyId];
        EventAsset storage ea = $.eventAssets[eventId][p.assetId];
        uint256 confirmed = c.amount;
        uint256 total = ea.confirmedTotal;
        uint256 cap = ea.maxInsured;
        // Frozen totals (no confirmation after closesAt): the share does not depend on the payment order.
        paid = total <= cap ? confirmed : (confirmed * cap) / total;
        ea.paid += uint128(paid);
        c.status = ClaimStatus.Paid;
        c.amount = uint96(paid);
        p.confirmed = uint80(p.confirmed - confirmed + paid);
        p.paid += uint80(paid);
        _payFromPool($, $.products[p.productId].poolId, paid);
        uint256 holderId = p.holderId;
        $.credits[holderId] += paid;
        emit ClaimPaid(claimId, policyId, holderId, paid);
    }

    /// @inheritdoc IInsuranceClaims
    function claim(bytes32 claimId) external view returns (Claim memory) {
        return _insuranceStorage().claims[claimId];
    }

    /// @dev The id of the claim of `incident` on `policyId` (the duplicate-incident key).
    function _claimIdOf(uint256 policyId, bytes32 incident) private pure returns (bytes32) {
        return keccak256(abi.encode(policyId, incident));
    }

    /// @dev The incident reference of claims against a loss event.
    function _eventIncident(uint256 eventId) private pure returns (bytes32) {
        return keccak256(abi.encode(_EVENT_INCIDENT_TAG, eventId));
    }

    /// @inheritdoc IInsuranceClaims
    function lossEvent(uint256 eventId) external view returns (LossEvent memory) {
        return _insuranceStorage().events[eventId];
    }

    /// @inheritdoc IInsuranceClaims
    function eventAsset(uint256 eventId, uint256 assetId) external view returns (EventAsset memory) {
        return _insuranceStorage().eventAssets[eventId][assetId];
    }

    function _declare(
        Peril peril,
        uint40 start,
        uint40 end,
        uint40 closesAt,
        bytes32 areaCommitment
    ) private returns (uint256 eventId) {
        if (peril == Peril.None || start == 0 || end < start || closesAt < end || closesAt <= block.timestamp) {
            revert InsuranceEventTermsInvalid(start, end, closesAt);
        }
        Layout storage $ = _insuranceStorage();
        eventId = ++$.eventCount;
        $.events[eventId] = LossEvent(peril, start, end, closesAt, areaCommitment);
        emit LossEventDeclared(eventId, peril, start, end, closesAt, areaCommitment);
    }

    /// @dev Files an incident claim of `holderId` (the caller's identity, or the holder the relay checked).
    function _submitClaim(
        uint256 holderId,
        uint256 policyId,
        bytes32 incident,
        uint256 amount,
        bytes32 evidenceCommitment
    ) private returns (bytes32 claimId) {
        if (incident == bytes32(0)) revert InsuranceIncidentEmpty();
        (Policy storage p, Product storage prod) = _holderPolicy(policyId, holderId);
        uint256 opensAt = uint256(p.end) - prod.term + (prod.waitingPeriod == 0 ? 1 : prod.waitingPeriod);
        if (block.timestamp < opensAt) revert InsuranceClaimTooEarly(policyId, opensAt);
        uint256 closedAt = uint256(p.end) + prod.gracePeriod;
        if (block.timestamp > closedAt) revert InsuranceClaimTooLate(policyId, closedAt);
        claimId = _newClaim(p, prod, policyId, incident, amount, 0);
        emit ClaimSubmitted(claimId, policyId, 0, incident, amount, evidenceCommitment);
    }

    /// @dev Records a new Submitted claim after the shared checks (assessed policy, remaining cover, duplicate).
    function _newClaim(
        Policy storage p,
        Product storage prod,
        uint256 policyId,
        bytes32 incident,
        uint256 amount,
        uint256 eventId
    ) private returns (bytes32 claimId) {
        if (prod.parametric) revert InsurancePolicyParametric(policyId);
        uint256 remaining = uint256(p.sumInsured) - prod.deductible - p.confirmed;
        if (amount == 0) revert InsuranceAmountInvalid(amount);
        if (amount > remaining) revert InsuranceClaimAboveRemaining(policyId, amount, remaining);
        claimId = _claimIdOf(policyId, incident);
        Claim storage c = _insuranceStorage().claims[claimId];
        if (c.status != ClaimStatus.None) revert InsuranceDuplicateIncident(policyId, incident, claimId);
        _insuranceStorage().claims[claimId] = Claim({
            status: ClaimStatus.Submitted,
            policyId: uint64(policyId),
            amount: uint96(amount),
            firstAssessorId: 0,
            eventId: uint24(eventId)
        });
    }

    /// @dev An active policy held by `holderId` (the acting identity), and its product.
    function _holderPolicy(
        uint256 policyId,
        uint256 holderId
    ) private view returns (Policy storage p, Product storage prod) {
        p = _activePolicy(policyId);
        if (holderId != p.holderId) revert InsuranceNotHolder(policyId, holderId);
        prod = _insuranceStorage().products[p.productId];
    }

    /// @dev A loss event still open for claims and confirmations.
    function _openEvent(uint256 eventId) private view returns (LossEvent storage e) {
        e = _insuranceStorage().events[eventId];
        if (e.closesAt == 0) revert InsuranceEventUnknown(eventId);
        if (block.timestamp > e.closesAt) revert InsuranceEventClosed(eventId, e.closesAt);
    }

    /// @dev A known claim in status `from`, about to take the transition `from -> to` of the table.
    function _claimIn(bytes32 claimId, ClaimStatus from, ClaimStatus to) private view returns (Claim storage c) {
        c = _insuranceStorage().claims[claimId];
        ClaimStatus status = c.status;
        if (status == ClaimStatus.None) revert InsuranceClaimUnknown(claimId);
        if (status != from) revert InsuranceClaimTransitionInvalid(claimId, status, to);
        _check(claimId, from, to);
    }

    /// @dev Enforces the transition table: reverts on any transition it does not list.
    function _check(bytes32 claimId, ClaimStatus from, ClaimStatus to) private pure {
        if ((_ALLOWED >> (uint256(from) * 8 + uint256(to))) & 1 == 0) {
            revert InsuranceClaimTransitionInvalid(claimId, from, to);
        }
    }
}
