// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IInsurancePolicies} from "./IInsurancePolicies.sol";

/**
 * @title IInsuranceClaims
 * @notice Assessed claims and the city-wide loss-event register.
 *
 * A holder files a claim on an assessed policy with an evidence commitment and an incident reference. The claim's
 * id is `keccak256(abi.encode(policyId, incident))`, so one incident can be claimed once per policy. A claims
 * assessor confirms it (full or partial amount) or declines it with a reason commitment; a confirmation above the
 * product's `fourEyesThreshold` needs two different assessor identities (the amount paid is the lower of their
 * two assessments). Fraud controls: no claim in the block the policy was bought, none before `start +
 * waitingPeriod` and none after `end + gracePeriod`; the confirmed total of a policy never exceeds its cover
 * (sum insured less deductible).
 *
 * **Loss events.** An oracle or an assessor declares a city-wide loss event (peril, time window, commitment to the
 * affected area, closing time). A claim against an event names no incident: its asset is the policy's parcel, and
 * its id is `keccak256(abi.encode(policyId, incident))` with
 * `incident = keccak256(abi.encode(keccak256("citychain.insurance.LossEvent"), eventId))` (`src/insurance.ts`).
 * Confirmations add to the (event, asset)
 * register: `confirmedTotal` and `maxInsured` (the highest sum insured among the confirmed policies of that asset,
 * across ALL pools and products). After the event closes (no more event claims or confirmations), anyone pays each
 * confirmed event claim its pro-rata share:
 * `share = confirmed * min(confirmedTotal, maxInsured) / confirmedTotal` (rounded down). The totals are frozen
 * before the first payment, so every share is independent of the order in which claims are filed, confirmed or
 * paid, and the sum paid for one (event, asset) never exceeds `maxInsured`. A house insured twice is indemnified
 * once, the two pools sharing in proportion to what each confirmed.
 *
 * Claim status transitions (any other is refused with {InsuranceClaimTransitionInvalid}):
 *
 * | from      | to        | by                                  | function                                      |
 * |-----------|-----------|-------------------------------------|-----------------------------------------------|
 * | (none)    | Submitted | the holder                          | submitClaim, submitEventClaim                 |
 * | Submitted | Submitted | a first assessor, above threshold   | confirmClaim (records the endorsement)        |
 * | Submitted | Confirmed | an assessor (a second, if four eyes)| confirmClaim                                  |
 * | Submitted | Declined  | an assessor                         | declineClaim                                  |
 * | Submitted | Withdrawn | the holder                          | withdrawClaim                                 |
 * | Confirmed | Paid      | same call (incident claim); anyone once the event closed | confirmClaim, payEventClaim |
 */
interface IInsuranceClaims is IInsurancePolicies {
    /// @notice Lifecycle of a claim.
    enum ClaimStatus {
        None,
        Submitted,
        Confirmed,
        Declined,
        Withdrawn,
        Paid
    }

    /// @notice A claim, packed into one slot.
    struct Claim {
        ClaimStatus status;
        uint64 policyId;
        uint96 amount; // requested, then confirmed, then paid (event claims: the pro-rata share)
        uint64 firstAssessorId; // four eyes: the identity of the first endorsing assessor
        uint24 eventId; // 0 for an incident claim
    }

    /// @notice A declared loss event.
    struct LossEvent {
        Peril peril;
        uint40 start;
        uint40 end;
        uint40 closesAt; // event claims and their confirmations until then; payments after
        bytes32 areaCommitment; // commitment to the affected area (e.g. a list of parcels or a polygon)
    }

    /// @notice The register of one (event, asset): what all pools confirmed and paid.
    struct EventAsset {
        uint96 confirmedTotal;
        uint96 maxInsured;
        uint128 paid;
    }

    /// @notice No claim has this id.
    error InsuranceClaimUnknown(bytes32 claimId);
    /// @notice The claim is not in a state that allows this transition.
    error InsuranceClaimTransitionInvalid(bytes32 claimId, ClaimStatus from, ClaimStatus to);
    /// @notice The incident was already claimed on this policy.
    error InsuranceDuplicateIncident(uint256 policyId, bytes32 incident, bytes32 claimId);
    /// @notice The incident reference is zero.
    error InsuranceIncidentEmpty();
    /// @notice The caller's identity does not hold the policy.
    error InsuranceNotHolder(uint256 policyId, uint256 callerId);
    /// @notice Claims on this policy open at `opensAt` (waiting period, or the purchase block).
    error InsuranceClaimTooEarly(uint256 policyId, uint256 opensAt);
    /// @notice Claims on this policy closed at `closedAt` (end + grace period).
    error InsuranceClaimTooLate(uint256 policyId, uint256 closedAt);
    /// @notice The amount exceeds what remains of the policy's cover.
    error InsuranceClaimAboveRemaining(uint256 policyId, uint256 amount, uint256 remaining);
    /// @notice Parametric policies are paid by {IInsuranceParametric-settleRisk}, never by claims.
    error InsurancePolicyParametric(uint256 policyId);
    /// @notice The same assessor identity cannot be both pairs of eyes.
    error InsuranceSameAssessor(bytes32 claimId, uint256 assessorId);
    /// @notice No loss event has this id.
    error InsuranceEventUnknown(uint256 eventId);
    /// @notice The loss event's terms are invalid (window, closing time or peril).
    error InsuranceEventTermsInvalid(uint256 start, uint256 end, uint256 closesAt);
    /// @notice The loss event closed for claims and confirmations at `closesAt`.
    error InsuranceEventClosed(uint256 eventId, uint256 closesAt);
    /// @notice The loss event is still open until `closesAt`: its shares are not final yet.
    error InsuranceEventOpen(uint256 eventId, uint256 closesAt);
    /// @notice The policy does not cover this event (peril, no parcel, bought after the event began, or waiting).
    error InsuranceEventNotCovered(uint256 policyId, uint256 eventId);

    /// @notice A holder filed a claim.
    event ClaimSubmitted(
        bytes32 indexed claimId,
        uint256 indexed policyId,
        uint256 indexed eventId,
        bytes32 incident,
        uint256 amount,
        bytes32 evidenceCommitment
    );
    /// @notice A first assessor endorsed a four-eyes claim at `amount`; a second assessor must confirm.
    event ClaimEndorsed(bytes32 indexed claimId, uint256 indexed assessorId, uint256 amount);
    /// @notice The claim was confirmed for `amount`.
    event ClaimConfirmed(bytes32 indexed claimId, address indexed assessor, uint256 amount);
    /// @notice An assessor declined the claim.
    event ClaimDeclined(bytes32 indexed claimId, bytes32 reasonCommitment);
    /// @notice The holder withdrew the claim.
    event ClaimWithdrawn(bytes32 indexed claimId);
    /// @notice The claim was paid `amount`, credited to the holder identity (pull it with {withdraw}).
    event ClaimPaid(bytes32 indexed claimId, uint256 indexed policyId, uint256 indexed holderId, uint256 amount);
    /// @notice A loss event was declared.
    event LossEventDeclared(
        uint256 indexed eventId,
        Peril indexed peril,
        uint256 start,
        uint256 end,
        uint256 closesAt,
        bytes32 areaCommitment
    );

    /**
     * @notice Files a claim on an assessed policy the caller's identity holds (any wallet bound to it).
     * @param incident The holder's reference of the incident (e.g. a salted commitment to a police report id).
     * @param amount The amount requested, at most the policy's remaining cover.
     * @param evidenceCommitment Commitment to the evidence documents (see `src/documents.ts`).
     */
    function submitClaim(
        uint256 policyId,
        bytes32 incident,
        uint256 amount,
        bytes32 evidenceCommitment
    ) external returns (bytes32 claimId);

    /**
     * @notice Files a claim for `holderId`, as {submitClaim}; restricted to INSURANCE_MODULE (the claims relay,
     * which checked the holder's EIP-712 signature or passkey assertion over it).
     * @param holderId The identity that signed the claim (must hold the policy).
     */
    function submitClaimFor(
        uint256 holderId,
        uint256 policyId,
        bytes32 incident,
        uint256 amount,
        bytes32 evidenceCommitment
    ) external returns (bytes32 claimId);

    /// @notice Files a claim on a property policy against a declared loss event (its asset: the policy's parcel).
    function submitEventClaim(
        uint256 policyId,
        uint256 eventId,
        uint256 amount,
        bytes32 evidenceCommitment
    ) external returns (bytes32 claimId);

    /**
     * @notice Confirms a submitted claim for `amount` (at most the requested amount). Above the product's
     * four-eyes threshold the first call records an endorsement and a second, different assessor identity
     * confirms. An incident claim is paid (credited) at once; an event claim after its event closed.
     * Restricted to CLAIMS_ASSESSOR.
     */
    function confirmClaim(bytes32 claimId, uint256 amount) external;

    /// @notice Declines a submitted claim. Restricted to CLAIMS_ASSESSOR.
    function declineClaim(bytes32 claimId, bytes32 reasonCommitment) external;

    /// @notice The holder withdraws its submitted claim.
    function withdrawClaim(bytes32 claimId) external;

    /// @notice Declares a loss event. Restricted to ORACLE.
    function declareLossEvent(
        Peril peril,
        uint40 start,
        uint40 end,
        uint40 closesAt,
        bytes32 areaCommitment
    ) external returns (uint256 eventId);

    /// @notice Declares a loss event, as a claims assessor. Restricted to CLAIMS_ASSESSOR.
    function declareLossEventByAssessor(
        Peril peril,
        uint40 start,
        uint40 end,
        uint40 closesAt,
        bytes32 areaCommitment
    ) external returns (uint256 eventId);

    /// @notice Pays a confirmed event claim its pro-rata share, after the event closed (anyone).
    function payEventClaim(bytes32 claimId) external returns (uint256 paid);

    /// @notice A claim.
    function claim(bytes32 claimId) external view returns (Claim memory);

    /// @notice A loss event.
    function lossEvent(uint256 eventId) external view returns (LossEvent memory);

    /// @notice The register of one (event, asset).
    function eventAsset(uint256 eventId, uint256 assetId) external view returns (EventAsset memory);
}
