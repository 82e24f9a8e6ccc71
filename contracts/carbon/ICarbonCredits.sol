// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Documents} from "../common/Documents.sol";
import {ICarbonCommon} from "./ICarbonCommon.sol";

/**
 * @title ICarbonCredits
 * @notice The carbon ledger's units, as ERC-1155 tokens held by identities: offset credits (project -> vintage
 * -> batch, each batch a serial-number range) and compliance allowances (one token id per reporting period).
 * Token and certificate ids: see {CarbonIds}.
 *
 * Life of an offset credit serial (a unit is fungible inside its batch until it leaves circulation; the batch's
 * cursor then assigns it the next serial of the batch, so a serial is retired or cancelled exactly once):
 *
 * | from        | to          | by                                          | function |
 * |-------------|-------------|---------------------------------------------|----------|
 * | (none)      | Circulating | CARBON_VERIFIER, within the vintage cap     | {issueBatch} |
 * | Circulating | Circulating | holder (or its operator), identity to identity | `safeTransferFrom` |
 * | Circulating | Retired     | holder's primary wallet, for a beneficiary  | {retire} |
 * | Circulating | Retired     | the emissions register, on an emitter's surrender | {surrenderUnits} |
 * | Circulating | Cancelled   | CARBON_VERIFIER (invalidated or reversed units) | {cancel} |
 * | Retired, Cancelled | (none) | final: the units are burned and named in exactly one certificate | |
 *
 * Totals per batch and vintage always satisfy `issued = circulating + retired + cancelled`.
 */
interface ICarbonCredits is ICarbonCommon {
    /// @notice Why serials left circulation.
    enum CertificateKind {
        None,
        Retirement, // voluntary retirement on behalf of a beneficiary
        ComplianceSurrender, // surrendered by an emitter against its verified emissions (counted as retired)
        Cancellation // cancelled by a verifier (invalid or reversed units)
    }

    /// @notice An offset project, in one slot (plus its document commitment).
    struct Project {
        uint64 ownerId; // the identity that receives issued credits
        uint64 nextSerial; // the lowest serial a new batch may start at: ranges never overlap
        uint32 batchCount;
        bool eligible; // the regulator accepts its credits for compliance surrender
        bytes32 documentCommitment; // project design document (Documents commitment)
    }

    /// @notice The totals of a batch, in one slot; its cursor is `retired + cancelled`.
    struct Batch {
        uint64 serialStart;
        uint64 issued;
        uint64 retired;
        uint64 cancelled;
    }

    /// @notice The issuance cap and totals of a vintage, in one slot.
    struct Vintage {
        uint64 cap;
        uint64 issued;
        uint64 retired;
        uint64 cancelled;
    }

    /// @notice What a query of a batch or vintage returns.
    struct Totals {
        uint256 issued;
        uint256 circulating;
        uint256 retired;
        uint256 cancelled;
    }

    /// @notice A certificate as stored, in one slot; its batch and first serial are in its id.
    struct CertificateRecord {
        uint64 amount;
        uint64 beneficiaryId;
        uint64 holderId; // the identity whose units were burned
        uint40 timestamp;
        CertificateKind kind;
    }

    /// @notice A certificate as queried: the exact serial range `[firstSerial, lastSerial]` it took out.
    struct Certificate {
        uint256 tokenId;
        uint256 projectId;
        uint16 vintage;
        uint64 firstSerial;
        uint64 lastSerial;
        uint64 amount;
        uint256 beneficiaryId;
        uint256 holderId;
        uint40 timestamp;
        CertificateKind kind;
    }

    /// @notice Compliance allowances of a period.
    struct AllowanceTotals {
        uint64 allocated;
        uint64 surrendered;
    }

    /// @notice No project has this id.
    error CarbonProjectUnknown(uint256 projectId);
    /// @notice The vintage (a year) is zero.
    error CarbonVintageInvalid(uint16 vintage);
    /// @notice The cap is below what the vintage already issued.
    error CarbonVintageCapBelowIssued(uint256 projectId, uint16 vintage, uint64 cap, uint64 issued);
    /// @notice The batch would take the vintage above its cap.
    error CarbonVintageCapExceeded(uint256 projectId, uint16 vintage, uint64 cap, uint256 issuedAfter);
    /// @notice The range starts below the project's next free serial: it would overlap an issued range.
    error CarbonSerialRangeOverlap(uint256 projectId, uint64 serialStart, uint64 nextFreeSerial);
    /// @notice The range would run past the largest serial.
    error CarbonSerialRangeTooLarge(uint64 serialStart, uint256 amount);
    /// @notice The beneficiary is not an identity of the city.
    error CarbonBeneficiaryUnknown(uint256 beneficiaryId);
    /// @notice No certificate has this id.
    error CarbonCertificateUnknown(uint256 certificateId);
    /// @notice Allocation above the period's cap.
    error CarbonAllocationAboveCap(uint256 periodId, uint64 cap, uint256 allocatedAfter);
    /// @notice The emissions register was already bound (it is bound once).
    error CarbonRegisterAlreadyBound(address register);
    /// @notice No emissions register is bound yet.
    error CarbonRegisterUnbound();
    /// @notice Only the bound emissions register may surrender units.
    error CarbonCallerNotRegister(address caller);

    /// @notice A project was registered.
    event CarbonProjectRegistered(uint256 indexed projectId, uint256 indexed ownerId, bytes32 documentCommitment);
    /// @notice The regulator accepted or stopped accepting a project's credits for compliance.
    event CarbonProjectEligibilitySet(uint256 indexed projectId, bool eligible);
    /// @notice A vintage's issuance cap was set.
    event CarbonVintageCapSet(uint256 indexed projectId, uint16 indexed vintage, uint64 previousCap, uint64 cap);
    /// @notice A batch was issued to the project owner: serials `[serialStart, serialStart + amount)`.
    event CarbonBatchIssued(
        uint256 indexed tokenId,
        uint256 indexed projectId,
        uint256 indexed ownerId,
        uint16 vintage,
        uint64 serialStart,
        uint64 amount
    );
    /**
     * @notice Serials `[firstSerial, firstSerial + amount)` of a batch left circulation for good; the certificate
     * is queryable by its id ({certificate}).
     */
    event CarbonCertificateIssued(
        uint256 indexed certificateId,
        uint256 indexed tokenId,
        uint256 indexed beneficiaryId,
        uint256 holderId,
        uint64 firstSerial,
        uint64 amount,
        CertificateKind kind,
        string reason
    );
    /// @notice Allowances of a period were allocated to an emitter.
    event CarbonAllowancesAllocated(uint256 indexed periodId, uint256 indexed emitterId, uint64 amount);
    /// @notice Allowances of a period were surrendered by an emitter (the register's event says for which period).
    event CarbonAllowancesSurrendered(uint256 indexed periodId, uint256 indexed emitterId, uint64 amount);
    /// @notice The emissions register was bound (once).
    event CarbonRegisterBound(address indexed register);

    /**
     * @notice Registers an offset project owned by an identity. Restricted (CARBON_REGULATOR).
     * @param ownerId The Active identity that will hold the project's issued credits.
     * @param projectDocument The project design document (commitment anchored, URI in the event).
     * @return projectId The new project's id (from 1).
     */
    function registerProject(
        uint256 ownerId,
        Documents.Document calldata projectDocument
    ) external returns (uint256 projectId);

    /**
     * @notice Accepts (or stops accepting) a project's credits for compliance surrender. Restricted (CARBON_REGULATOR).
     */
    function setProjectEligibility(uint256 projectId, bool eligible) external;

    /**
     * @notice Sets the issuance cap of a project's vintage, never below what it issued. Restricted (CARBON_REGULATOR).
     * @param projectId The project.
     * @param vintage The vintage year (non-zero).
     * @param cap The most credits the vintage may ever issue.
     */
    function setVintageCap(uint256 projectId, uint16 vintage, uint64 cap) external;

    /**
     * @notice Approves issuance of a verified batch to the project owner. Restricted (CARBON_VERIFIER).
     * @dev The range `[serialStart, serialStart + amount)` must start at or after every earlier range of the
     * project, so ranges never overlap; the vintage stays within its cap.
     * @param projectId The project.
     * @param vintage The vintage year.
     * @param serialStart The first serial of the batch.
     * @param amount The number of credits (tonnes CO2e), one serial each.
     * @param verification The verification report (commitment anchored with the batch's token id as record key).
     * @return tokenId The batch's token id.
     */
    function issueBatch(
        uint256 projectId,
        uint16 vintage,
        uint64 serialStart,
        uint64 amount,
        Documents.Document calldata verification
    ) external returns (uint256 tokenId);

    /**
     * @notice Retires an identity's credits of a batch on behalf of a beneficiary: burns them and issues a
     * certificate naming the next `amount` serials of the batch. The caller must be the holder identity's current
     * primary wallet (a bound wallet or an operator may not retire). O(1) however many retirements came before.
     * @param holderId The identity whose credits are retired (the caller's identity).
     * @param tokenId The batch.
     * @param amount How many credits, non-zero.
     * @param beneficiaryId The identity the retirement is claimed for.
     * @param reason Free text kept in the event (e.g. "2026 company flights").
     * @return certificateId The certificate's id.
     */
    function retire(
        uint256 holderId,
        uint256 tokenId,
        uint64 amount,
        uint256 beneficiaryId,
        string calldata reason
    ) external returns (uint256 certificateId);

    /**
     * @notice Cancels invalid or reversed credits held by an identity. Restricted (CARBON_VERIFIER).
     * @return certificateId The cancellation certificate, naming the serials taken out.
     */
    function cancel(
        uint256 tokenId,
        uint256 holderId,
        uint64 amount,
        string calldata reason
    ) external returns (uint256 certificateId);

    /**
     * @notice Allocates compliance allowances of a period to an emitter (a business identity), within the
     * period's cap. Restricted (CARBON_REGULATOR).
     */
    function allocate(uint256 periodId, uint256 emitterId, uint64 amount) external;

    /**
     * @notice Binds the emissions register that may burn surrendered units; once. Restricted (ADMIN).
     */
    function bindRegister(address register) external;

    /**
     * @notice Burns units an emitter surrenders; only the bound emissions register calls it, after its checks.
     * Offset credits leave with a ComplianceSurrender certificate (beneficiary: the emitter).
     * @param emitterId The emitter identity.
     * @param emitter Its current primary wallet (the caller of the register).
     * @param tokenId An allowance or credit id.
     * @param amount The amount.
     * @return certificateId The certificate id for credits, 0 for allowances.
     */
    function surrenderUnits(
        uint256 emitterId,
        address emitter,
        uint256 tokenId,
        uint64 amount
    ) external returns (uint256 certificateId);

    /// @notice A project (zeroed for an unknown id).
    function project(uint256 projectId) external view returns (Project memory);

    /// @notice How many projects were registered.
    function projectCount() external view returns (uint256);

    /// @notice A batch's stored record (zeroed for an unissued id).
    function batch(uint256 tokenId) external view returns (Batch memory);

    /// @notice A batch's totals.
    function batchTotals(uint256 tokenId) external view returns (Totals memory);

    /// @notice A vintage's cap.
    function vintageCap(uint256 projectId, uint16 vintage) external view returns (uint64);

    /// @notice A vintage's totals.
    function vintageTotals(uint256 projectId, uint16 vintage) external view returns (Totals memory);

    /// @notice A certificate with its exact serial range; reverts {CarbonCertificateUnknown} for an unknown id.
    function certificate(uint256 certificateId) external view returns (Certificate memory);

    /// @notice The allowances of a period allocated and surrendered so far.
    function allowanceTotals(uint256 periodId) external view returns (AllowanceTotals memory);

    /// @notice The bound emissions register (zero before {bindRegister}).
    function register() external view returns (address);
}
