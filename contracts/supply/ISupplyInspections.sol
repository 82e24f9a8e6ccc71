// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Documents} from "../common/Documents.sol";

/**
 * @title ISupplyInspections
 * @notice Inspections and certifications of supply-chain batches by holders of an inspector credential: a valid
 * `IdentityClaims` claim of the inspection's topic (e.g. "organic-certifier", "food-safety-inspector",
 * "building-code-inspector"). Each inspection carries a verdict, an expiry and a document commitment; nothing is
 * overwritten (the latest per topic is indexed, every inspection stays readable by id).
 * @dev A certification counts ({isCertified}) while the latest inspection of its topic passed, has not expired and
 * its inspector still holds a valid credential. Per-identity cap: an inspector records at most
 * {MAX_PER_INSPECTOR} inspections of one batch, so nobody can fill a batch's list for others.
 */
interface ISupplyInspections {
    /// @notice An inspection, in three storage slots.
    struct Inspection {
        uint64 batchId;
        uint64 inspectorId;
        uint40 inspectedAt;
        uint40 validUntil; // last second (inclusive) at which a passed inspection certifies
        bool passed;
        bytes32 topic; // the credential topic, also the certification topic
        bytes32 documentCommitment; // Documents.commitmentOf(report)
    }

    /// @notice The inspector identity holds no valid credential (claim) of the topic (none, expired or revoked).
    error SupplyInspectorNotCredentialed(uint256 inspectorId, bytes32 topic);
    /// @notice The expiry is not in the future.
    error SupplyInspectionExpiryInvalid(uint40 validUntil);
    /// @notice The topic is empty.
    error SupplyTopicEmpty();
    /// @notice The inspector reached {MAX_PER_INSPECTOR} inspections of this batch.
    error SupplyInspectorCapReached(uint256 batchId, uint256 inspectorId, uint256 max);
    /// @notice No inspection has this id.
    error SupplyInspectionUnknown(uint256 inspectionId);

    /// @notice A batch was inspected.
    event BatchInspected(
        uint256 indexed inspectionId,
        uint256 indexed batchId,
        uint256 indexed inspectorId,
        bytes32 topic,
        bool passed,
        uint40 validUntil,
        bytes32 documentCommitment
    );

    /**
     * @notice Records an inspection as the caller's identity (its primary wallet), which must hold a valid claim of
     * `topic`. The report is anchored ({Documents.DocumentAnchored}, record key = the inspection id).
     * @return inspectionId The new inspection's id (from 1).
     */
    function inspect(
        uint256 batchId,
        bytes32 topic,
        bool passed,
        uint40 validUntil,
        Documents.Document calldata report
    ) external returns (uint256 inspectionId);

    /// @notice An inspection by id.
    function inspection(uint256 inspectionId) external view returns (Inspection memory);

    /// @notice A page of a batch's inspection ids, oldest first.
    function inspectionsOf(uint256 batchId, uint256 offset, uint256 limit) external view returns (uint256[] memory);

    /// @notice Number of inspections of a batch.
    function inspectionCountOf(uint256 batchId) external view returns (uint256);

    /// @notice The latest inspection of a batch for a topic (0 when none).
    function latestInspection(uint256 batchId, bytes32 topic) external view returns (uint256);

    /// @notice Whether the batch holds a current certification of `topic` (see the interface NatSpec).
    function isCertified(uint256 batchId, bytes32 topic) external view returns (bool);

    /// @notice Number of inspections so far.
    function inspectionCount() external view returns (uint256);

    /// @notice The supply chain whose batches are inspected.
    function supplyChain() external view returns (address);

    /// @notice Most inspections one inspector records of one batch.
    // solhint-disable-next-line func-name-mixedcase
    function MAX_PER_INSPECTOR() external view returns (uint256);
}
