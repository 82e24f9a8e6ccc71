// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {RevisionLog} from "../common/RevisionLog.sol";
import {IHealthConsents} from "./IHealthConsents.sol";

/**
 * @title HealthAudit
 * @notice The patients' audit trails: one append-only {RevisionLog.History} per patient identity, read in pages.
 * Each append also emits {RevisionLog.RecordRevised} keyed by `bytes32(patientId)`.
 */
abstract contract HealthAudit is IHealthConsents {
    /// @custom:storage-location erc7201:citychain.storage.HealthAudit
    struct HealthAuditStorage {
        mapping(uint256 patientId => RevisionLog.History) trails;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.HealthAudit")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _HEALTH_AUDIT_STORAGE = 0x6e4df508f08c1f1c5e01d2d72793a09e36e5ecf66951e7555a6892eb6c1a9200;

    /// @inheritdoc IHealthConsents
    function auditCount(uint256 patientId) external view returns (uint256) {
        return _auditStorage().trails[patientId].count;
    }

    /// @inheritdoc IHealthConsents
    function auditPage(
        uint256 patientId,
        uint256 fromEntry,
        uint256 limit
    ) external view returns (RevisionLog.Entry[] memory) {
        return RevisionLog.page(_auditStorage().trails[patientId], fromEntry, limit);
    }

    /// @dev Appends an entry to a patient's trail.
    function _audit(uint256 patientId, uint16 kind, uint256 ref) internal {
        RevisionLog.append(_auditStorage().trails[patientId], bytes32(patientId), kind, uint192(ref));
    }

    function _auditStorage() private pure returns (HealthAuditStorage storage $) {
        // ERC-7201: point the struct at its namespace slot.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _HEALTH_AUDIT_STORAGE
        }
    }
}
