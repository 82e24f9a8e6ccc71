// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CityService} from "../common/CityService.sol";
import {Documents} from "../common/Documents.sol";
import {IIdentityClaims} from "../identity/IIdentityClaims.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {ISupplyChain} from "./ISupplyChain.sol";
import {ISupplyInspections} from "./ISupplyInspections.sol";
import {SupplyLineage} from "./SupplyLineage.sol";
import {SupplyParties} from "./SupplyParties.sol";

/**
 * @title SupplyInspections
 * @notice Inspections and certifications of supply-chain batches by credentialed inspectors. See
 * {ISupplyInspections}.
 */
contract SupplyInspections is CityService, ISupplyInspections {
    using SupplyParties for IIdentityRegistry;

    /// @inheritdoc ISupplyInspections
    uint256 public constant MAX_PER_INSPECTOR = 16;

    /// @custom:storage-location erc7201:citychain.storage.SupplyInspections
    struct SupplyInspectionsStorage {
        IIdentityRegistry identity;
        IIdentityClaims claims;
        ISupplyChain chain;
        uint256 inspectionCount;
        mapping(uint256 inspectionId => Inspection) inspections;
        mapping(uint256 batchId => uint256[]) byBatch;
        mapping(uint256 batchId => mapping(bytes32 topic => uint256)) latest;
        mapping(uint256 batchId => mapping(uint256 inspectorId => uint256)) perInspector;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.SupplyInspections")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _INSPECTIONS_STORAGE = 0x6e4fa2fe5698e7effd79a48799614bd8bcdb56694930d2147e2580aabfc09600;

    /**
     * @param authority The city's AccessManager.
     * @param identityRegistry The city's identity registry.
     * @param identityClaims The city's credentials (inspector claims).
     * @param provenance The supply chain whose batches are inspected.
     */
    function initialize(
        address authority,
        IIdentityRegistry identityRegistry,
        IIdentityClaims identityClaims,
        ISupplyChain provenance
    ) external initializer {
        __CityService_init(authority);
        SupplyInspectionsStorage storage $ = _s();
        $.identity = identityRegistry;
        $.claims = identityClaims;
        $.chain = provenance;
    }

    /// @inheritdoc ISupplyInspections
    function inspect(
        uint256 batchId,
        bytes32 topic,
        bool passed,
        uint40 validUntil,
        Documents.Document calldata report
    ) external returns (uint256 inspectionId) {
        SupplyInspectionsStorage storage $ = _s();
        uint256 inspectorId = $.identity.identityOf(msg.sender);
        $.identity.requireParty(inspectorId, msg.sender);
        if (topic == bytes32(0)) revert SupplyTopicEmpty();
        if (!$.claims.hasValidClaim(inspectorId, topic)) revert SupplyInspectorNotCredentialed(inspectorId, topic);
        if (validUntil <= block.timestamp) revert SupplyInspectionExpiryInvalid(validUntil);
        if ($.chain.batch(batchId).status == ISupplyChain.BatchStatus.None) {
            revert ISupplyChain.SupplyBatchUnknown(batchId);
        }
        uint256 count = ++$.perInspector[batchId][inspectorId];
        if (count > MAX_PER_INSPECTOR) revert SupplyInspectorCapReached(batchId, inspectorId, MAX_PER_INSPECTOR);
        inspectionId = ++$.inspectionCount;
        bytes32 commitment = Documents.anchor(bytes32(inspectionId), report);
        $.inspections[inspectionId] = Inspection({
            batchId: uint64(batchId),
            inspectorId: uint64(inspectorId),
            inspectedAt: uint40(block.timestamp),
            validUntil: validUntil,
            passed: passed,
            topic: topic,
            documentCommitment: commitment
        });
        $.byBatch[batchId].push(inspectionId);
        $.latest[batchId][topic] = inspectionId;
        emit BatchInspected(inspectionId, batchId, inspectorId, topic, passed, validUntil, commitment);
    }

    /// @inheritdoc ISupplyInspections
    function inspection(uint256 inspectionId) external view returns (Inspection memory i) {
        i = _s().inspections[inspectionId];
        if (i.batchId == 0) revert SupplyInspectionUnknown(inspectionId);
    }

    /// @inheritdoc ISupplyInspections
    function inspectionsOf(
        uint256 batchId,
        uint256 offset,
        uint256 limit
    ) external view returns (uint256[] memory ids) {
        uint256[] storage all = _s().byBatch[batchId];
        ids = SupplyLineage.page(all.length, offset, limit);
        for (uint256 i; i < ids.length; ++i) ids[i] = all[offset + i];
    }

    /// @inheritdoc ISupplyInspections
    function inspectionCountOf(uint256 batchId) external view returns (uint256) {
        return _s().byBatch[batchId].length;
    }

    /// @inheritdoc ISupplyInspections
    function latestInspection(uint256 batchId, bytes32 topic) external view returns (uint256) {
        return _s().latest[batchId][topic];
    }

    /// @inheritdoc ISupplyInspections
    function isCertified(uint256 batchId, bytes32 topic) external view returns (bool) {
        SupplyInspectionsStorage storage $ = _s();
        uint256 id = $.latest[batchId][topic];
        if (id == 0) return false;
        Inspection storage i = $.inspections[id];
        return i.passed && i.validUntil >= block.timestamp && $.claims.hasValidClaim(i.inspectorId, topic);
    }

    /// @inheritdoc ISupplyInspections
    function inspectionCount() external view returns (uint256) {
        return _s().inspectionCount;
    }

    /// @inheritdoc ISupplyInspections
    function supplyChain() external view returns (address) {
        return address(_s().chain);
    }

    function _s() private pure returns (SupplyInspectionsStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _INSPECTIONS_STORAGE
        }
    }
}
