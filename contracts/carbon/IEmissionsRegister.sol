// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Documents} from "../common/Documents.sol";
import {RevisionLog} from "../common/RevisionLog.sol";
import {ICarbonCommon} from "./ICarbonCommon.sol";

/**
 * @title IEmissionsRegister
 * @notice Verified emissions per emitter (a business identity) and reporting period, and the compliance record
 * they create: the emitter surrenders allowances and eligible offset credits against its obligation by the
 * period's deadline; after it, anyone settles the record, which fixes the shortfall, the penalty and the
 * shortfall carried into the next period. One record per (emitter, period) holds both the emissions and their
 * compliance, so `allowances + offsets + shortfall = verified + carriedIn` (the obligation) once settled.
 *
 * A record (per emitter and period):
 *
 * | from           | to       | by                                         | function          | when           |
 * |----------------|----------|--------------------------------------------|-------------------|----------------|
 * | None           | Reported | CARBON_VERIFIER                            | {recordEmissions} | until deadline |
 * | Reported       | Reported | CARBON_VERIFIER, with a reason (revision)  | {correctEmissions}| until deadline |
 * | Reported       | Reported | the emitter's primary wallet               | {surrender}       | until deadline |
 * | None, Reported | Settled  | anyone                                     | {settle}          | after deadline |
 * | Settled        | (none)   | final                                      |                   |                |
 *
 * A period closes at its deadline: no emissions, corrections or surrenders after it.
 */
interface IEmissionsRegister is ICarbonCommon {
    /// @notice A record's status; see the table above.
    enum RecordStatus {
        None,
        Reported,
        Settled
    }

    /// @notice A reporting period, in one slot. Set once; never changed.
    struct Period {
        uint40 deadline; // last second for reports, corrections and surrenders
        uint64 cap; // the most allowances the regulator may allocate for the period
        uint16 maxOffsetBps; // the largest share of an obligation offsets may cover (basis points)
        uint128 penaltyPerTonne; // CityToken base units owed per tonne short
    }

    /// @notice An emitter's record for a period, in three slots.
    struct Record {
        uint64 verified; // verified emissions, tonnes CO2e (latest revision)
        uint64 allowances; // allowances surrendered
        uint64 offsets; // offset credits surrendered
        uint32 revision; // revisions of this record (see {history})
        RecordStatus status;
        uint64 carriedIn; // shortfall carried in from the emitter's previous period
        uint64 shortfall; // fixed at settlement
        uint64 verifierId; // the identity of the verifier of the latest emissions figure
        uint40 updatedAt;
        bytes32 reportCommitment; // MRV report of the latest emissions figure (Documents commitment)
    }

    /// @notice A record's compliance as computed now.
    struct Compliance {
        RecordStatus status;
        uint256 obligation; // verified + carriedIn
        uint256 surrendered; // allowances + offsets
        uint256 shortfall; // obligation - surrendered
        uint256 penalty; // shortfall x the period's penalty per tonne (owed once settled)
        bool compliant; // settled with no shortfall
    }

    /// @notice The deadline is not in the future or not after the previous period's.
    error CarbonPeriodDeadlineInvalid(uint256 deadline, uint256 earliest);
    /// @notice A period with a zero cap.
    error CarbonPeriodCapZero();
    /// @notice An offset share above 100 %.
    error CarbonOffsetShareInvalid(uint16 maxOffsetBps);
    /// @notice The period's deadline passed: it is closed.
    error CarbonPeriodClosed(uint256 periodId, uint256 deadline);
    /// @notice The period's deadline has not passed yet.
    error CarbonPeriodOpen(uint256 periodId, uint256 deadline);
    /// @notice The verifier holds the role but its wallet is not an Active identity's primary wallet.
    error CarbonVerifierUnidentified(address verifier);
    /// @notice Emissions were already recorded: use {correctEmissions}.
    error CarbonEmissionsAlreadyRecorded(uint256 emitterId, uint256 periodId);
    /// @notice No emissions were recorded for the emitter and period.
    error CarbonEmissionsNotRecorded(uint256 emitterId, uint256 periodId);
    /// @notice A correction needs a reason.
    error CarbonCorrectionReasonEmpty();
    /// @notice The corrected obligation would be below what was surrendered, or leave offsets above their share.
    error CarbonCorrectionBelowSurrendered(
        uint256 emitterId,
        uint256 periodId,
        uint256 obligation,
        uint256 surrendered
    );
    /// @notice Allowances of a later period cannot meet an earlier obligation.
    error CarbonAllowanceFromLaterPeriod(uint256 periodId, uint256 allowancePeriodId);
    /// @notice The offset credit's project is not eligible for compliance.
    error CarbonOffsetNotEligible(uint256 tokenId);
    /// @notice Offsets would cover more than the period's share of the obligation.
    error CarbonOffsetShareExceeded(uint256 periodId, uint256 maxOffsets, uint256 offsetsAfter);
    /// @notice The surrender would exceed the obligation.
    error CarbonSurrenderExceedsObligation(uint256 emitterId, uint256 periodId, uint256 obligation, uint256 after_);
    /// @notice The record was already settled.
    error CarbonAlreadySettled(uint256 emitterId, uint256 periodId);
    /// @notice Nothing to settle: no emissions and nothing carried in.
    error CarbonNothingToSettle(uint256 emitterId, uint256 periodId);
    /// @notice The emitter's previous period must be settled first (its shortfall carries into this one).
    error CarbonPreviousPeriodUnsettled(uint256 emitterId, uint256 periodId);

    /// @notice The regulator opened a reporting period.
    event CarbonPeriodOpened(
        uint256 indexed periodId,
        uint40 deadline,
        uint64 cap,
        uint16 maxOffsetBps,
        uint128 penaltyPerTonne
    );
    /// @notice A verifier recorded an emitter's verified emissions (the MRV report is in `DocumentAnchored`).
    event EmissionsRecorded(
        uint256 indexed emitterId,
        uint256 indexed periodId,
        uint256 indexed verifierId,
        uint64 tonnes,
        bytes32 reportCommitment
    );
    /// @notice A verifier corrected them: a new revision with its reason; the previous figure stays in history.
    event EmissionsCorrected(
        uint256 indexed emitterId,
        uint256 indexed periodId,
        uint256 indexed verifierId,
        uint64 previousTonnes,
        uint64 tonnes,
        bytes32 reportCommitment,
        string reason
    );
    /// @notice An emitter surrendered units against its obligation for a period.
    event ComplianceSurrendered(
        uint256 indexed emitterId,
        uint256 indexed periodId,
        uint256 indexed tokenId,
        uint64 amount,
        uint256 certificateId
    );
    /// @notice A record was settled after the deadline; `penalty` is owed when `shortfall` is not zero.
    event ComplianceSettled(
        uint256 indexed emitterId,
        uint256 indexed periodId,
        uint256 obligation,
        uint256 surrendered,
        uint256 shortfall,
        uint256 penalty
    );
    /// @notice A shortfall was carried into the emitter's next period's obligation.
    event ShortfallCarriedOver(uint256 indexed emitterId, uint256 indexed toPeriodId, uint64 tonnes);

    /**
     * @notice Opens a reporting period. Restricted (CARBON_REGULATOR).
     * @param deadline Last second for reports, corrections and surrenders; after the previous period's.
     * @param cap The most allowances of the period (non-zero).
     * @param maxOffsetBps The largest share of an obligation eligible offsets may cover (<= 10,000).
     * @param penaltyPerTonne The penalty per tonne short, in CityToken base units.
     * @return periodId The new period's id (from 1).
     */
    function openPeriod(
        uint40 deadline,
        uint64 cap,
        uint16 maxOffsetBps,
        uint128 penaltyPerTonne
    ) external returns (uint256 periodId);

    /**
     * @notice Records an emitter's verified emissions for a period, with its MRV report. Restricted
     * (CARBON_VERIFIER; the caller must also be an Active identity, named in the record).
     * @param emitterId An Active business identity.
     * @param periodId An open period.
     * @param tonnes Verified emissions, tonnes CO2e.
     * @param report The MRV report (sensor data, audit): commitment stored, URI in `DocumentAnchored`.
     */
    function recordEmissions(
        uint256 emitterId,
        uint256 periodId,
        uint64 tonnes,
        Documents.Document calldata report
    ) external;

    /**
     * @notice Corrects recorded emissions: a new revision with its reason. Restricted (CARBON_VERIFIER).
     * @dev Refused when the new obligation would fall below what the emitter already surrendered.
     */
    function correctEmissions(
        uint256 emitterId,
        uint256 periodId,
        uint64 tonnes,
        Documents.Document calldata report,
        string calldata reason
    ) external;

    /**
     * @notice Surrenders the caller's allowances (of this period or an earlier one) or eligible offset credits
     * (up to the period's share) against its obligation for an open period. The caller is the emitter
     * identity's primary wallet. Offset credits leave with a certificate of their exact serials.
     * @param periodId The period whose obligation the units meet.
     * @param tokenId An allowance id or an offset-credit batch id.
     * @param amount Tonnes, non-zero, at most the obligation still open.
     */
    function surrender(uint256 periodId, uint256 tokenId, uint64 amount) external;

    /**
     * @notice Settles a record after its period's deadline: fixes the shortfall and the penalty, and carries the
     * shortfall into the emitter's next period. Open to anyone: it only applies the period's fixed rules.
     */
    function settle(uint256 emitterId, uint256 periodId) external;

    /// @notice A period (zeroed for an unknown id).
    function period(uint256 periodId) external view returns (Period memory);

    /// @notice How many periods were opened.
    function periodCount() external view returns (uint256);

    /// @notice An emitter's record for a period (zeroed when none).
    function record(uint256 emitterId, uint256 periodId) external view returns (Record memory);

    /// @notice An emitter's compliance for a period, computed from its record.
    function compliance(uint256 emitterId, uint256 periodId) external view returns (Compliance memory);

    /**
     * @notice A page of a record's revisions (kinds in {CarbonRevisions}), at most `RevisionLog.MAX_PAGE`.
     */
    function history(
        uint256 emitterId,
        uint256 periodId,
        uint256 fromRevision,
        uint256 limit
    ) external view returns (RevisionLog.Entry[] memory);

    /// @notice The credits ledger the register burns surrendered units on.
    function credits() external view returns (address);
}
