// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IIdentityClaims} from "../identity/IIdentityClaims.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {HealthAudit} from "./HealthAudit.sol";
import {HealthCodes} from "./HealthCodes.sol";
import {IHealthConsents} from "./IHealthConsents.sol";

/**
 * @title HealthEmergency
 * @notice Break glass: two different licensed physicians open a short emergency grant for a patient. See
 * {IHealthConsents}. One proposal and one emergency slot per patient: a stranger physician can only propose
 * (which another physician must confirm), never extend a live emergency alone.
 */
abstract contract HealthEmergency is HealthAudit {
    /// @notice How long an opened emergency grant lasts.
    uint256 public constant EMERGENCY_DURATION = 24 hours;
    /// @notice How long a proposal waits for a second physician.
    uint256 public constant PROPOSAL_WINDOW = 1 hours;

    /// @custom:storage-location erc7201:citychain.storage.HealthEmergency
    struct HealthEmergencyStorage {
        uint256 emergencyCount;
        mapping(uint256 patientId => Proposal) proposals;
        mapping(uint256 patientId => Emergency) emergencies;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.HealthEmergency")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _HEALTH_EMERGENCY_STORAGE =
        0xfb2ccb6f7189ef90189b30bafc40268a1b10477ef4072aa3327857a5d47e2500;

    /// @inheritdoc IHealthConsents
    function breakGlass(uint256 patientId, bytes32 reasonCommitment) external returns (uint256 emergencyId) {
        IIdentityRegistry registry = _identityRegistry();
        uint256 clinicianId = registry.identityOf(msg.sender);
        if (
            clinicianId == 0 ||
            registry.walletOf(clinicianId) != msg.sender ||
            !HealthCodes.isPhysician(_claimsRegistry(), clinicianId)
        ) revert HealthClinicianNotLicensed(msg.sender, clinicianId);
        if (registry.walletOf(patientId) == address(0)) revert HealthIdentityUnknown(patientId);
        HealthEmergencyStorage storage $ = _emergencyStorage();
        Emergency memory live = $.emergencies[patientId];
        if (block.timestamp < live.until && (live.firstId == clinicianId || live.secondId == clinicianId)) {
            revert HealthEmergencyAlreadyOpen(patientId, clinicianId, live.until);
        }
        Proposal memory proposal = $.proposals[patientId];
        if (proposal.proposerId == 0 || block.timestamp >= proposal.proposedAt + PROPOSAL_WINDOW) {
            $.proposals[patientId] = Proposal({proposerId: uint64(clinicianId), proposedAt: uint40(block.timestamp)});
            _audit(patientId, HealthCodes.AUDIT_EMERGENCY_PROPOSED, clinicianId);
            emit HealthEmergencyProposed(patientId, clinicianId, reasonCommitment);
            return 0;
        }
        if (proposal.proposerId == clinicianId) revert HealthEmergencySameClinician(patientId, clinicianId);
        emergencyId = ++$.emergencyCount;
        uint256 until = block.timestamp + EMERGENCY_DURATION;
        $.emergencies[patientId] = Emergency({
            emergencyId: uint64(emergencyId),
            firstId: proposal.proposerId,
            secondId: uint64(clinicianId),
            until: uint40(until)
        });
        $.proposals[patientId] = Proposal({proposerId: 0, proposedAt: 0});
        _audit(patientId, HealthCodes.AUDIT_EMERGENCY_OPENED, emergencyId);
        emit HealthEmergencyOpened(patientId, emergencyId, proposal.proposerId, clinicianId, until, reasonCommitment);
    }

    /// @inheritdoc IHealthConsents
    function emergencyOf(uint256 patientId) external view returns (Emergency memory) {
        return _emergencyStorage().emergencies[patientId];
    }

    /// @inheritdoc IHealthConsents
    function proposalOf(uint256 patientId) external view returns (Proposal memory) {
        return _emergencyStorage().proposals[patientId];
    }

    /// @dev Whether `clinicianId` takes part in `patientId`'s live emergency (credential checked by the caller).
    function _inEmergency(uint256 clinicianId, uint256 patientId) internal view returns (bool) {
        Emergency storage live = _emergencyStorage().emergencies[patientId];
        return block.timestamp < live.until && (live.firstId == clinicianId || live.secondId == clinicianId);
    }

    /// @dev The identity registry.
    function _identityRegistry() internal view virtual returns (IIdentityRegistry);

    /// @dev The claims registry.
    function _claimsRegistry() internal view virtual returns (IIdentityClaims);

    function _emergencyStorage() private pure returns (HealthEmergencyStorage storage $) {
        // ERC-7201: point the struct at its namespace slot.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _HEALTH_EMERGENCY_STORAGE
        }
    }
}
