// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CityService} from "../common/CityService.sol";
import {Documents} from "../common/Documents.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {CarbonIds} from "./CarbonIds.sol";
import {CarbonParties} from "./CarbonParties.sol";
import {CarbonUnits} from "./CarbonUnits.sol";
import {ICarbonCredits} from "./ICarbonCredits.sol";
import {IEmissionsRegister} from "./IEmissionsRegister.sol";

/**
 * @title CarbonCredits
 * @notice Offset credits and compliance allowances held by identities, with serial-exact retirement. See
 * {ICarbonCredits}; the ERC-1155 face is {CarbonUnits}.
 */
contract CarbonCredits is CityService, CarbonUnits, ICarbonCredits {
    using CarbonParties for IIdentityRegistry;

    /// @custom:storage-location erc7201:citychain.storage.CarbonCredits
    struct CarbonCreditsStorage {
        address register;
        uint256 projectCount;
        mapping(uint256 projectId => Project) projects;
        mapping(uint256 projectId => mapping(uint16 vintage => Vintage)) vintages;
        mapping(uint256 tokenId => Batch) batches;
        mapping(uint256 certificateId => CertificateRecord) certificates;
        mapping(uint256 periodId => AllowanceTotals) allowances;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.CarbonCredits")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _CREDITS_STORAGE = 0x1876668fd043c1c16b5556a5c569aeafcd324ae48442dab1ff2dd1d11a753400;

    /**
     * @param authority The city's AccessManager.
     * @param identityRegistry The city's identity registry.
     * @param baseUri The ERC-1155 metadata URI prefix; `uri` appends the `{id}` template.
     */
    function initialize(
        address authority,
        IIdentityRegistry identityRegistry,
        string calldata baseUri
    ) external initializer {
        __CityService_init(authority);
        __CarbonUnits_init(identityRegistry, baseUri);
    }

    /// @inheritdoc ICarbonCredits
    function registerProject(
        uint256 ownerId,
        Documents.Document calldata projectDocument
    ) external restricted returns (uint256 projectId) {
        _identityRegistry().activeWallet(ownerId);
        CarbonCreditsStorage storage $ = _creditsStorage();
        projectId = ++$.projectCount;
        bytes32 commitment = Documents.anchor(bytes32(projectId), projectDocument);
        Project storage p = $.projects[projectId];
        p.ownerId = uint64(ownerId);
        p.documentCommitment = commitment;
        emit CarbonProjectRegistered(projectId, ownerId, commitment);
    }

    /// @inheritdoc ICarbonCredits
    function setProjectEligibility(uint256 projectId, bool eligible) external restricted {
        _project(projectId).eligible = eligible;
        emit CarbonProjectEligibilitySet(projectId, eligible);
    }

    /// @inheritdoc ICarbonCredits
    function setVintageCap(uint256 projectId, uint16 vintage, uint64 cap) external restricted {
        _project(projectId);
        if (vintage == 0) revert CarbonVintageInvalid(vintage);
        Vintage storage v = _creditsStorage().vintages[projectId][vintage];
        if (cap < v.issued) revert CarbonVintageCapBelowIssued(projectId, vintage, cap, v.issued);
        emit CarbonVintageCapSet(projectId, vintage, v.cap, cap);
        v.cap = cap;
    }

    /// @inheritdoc ICarbonCredits
    function issueBatch(
        uint256 projectId,
        uint16 vintage,
        uint64 serialStart,
        uint64 amount,
        Documents.Document calldata verification
    ) external restricted returns (uint256 tokenId) {
        if (amount == 0) revert CarbonZeroAmount();
        CarbonCreditsStorage storage $ = _creditsStorage();
        Project storage p = _project(projectId);
        if (serialStart < p.nextSerial) revert CarbonSerialRangeOverlap(projectId, serialStart, p.nextSerial);
        uint256 end = uint256(serialStart) + amount;
        if (end > type(uint64).max) revert CarbonSerialRangeTooLarge(serialStart, amount);
        Vintage storage v = $.vintages[projectId][vintage];
        uint256 issuedAfter = uint256(v.issued) + amount;
        if (issuedAfter > v.cap) revert CarbonVintageCapExceeded(projectId, vintage, v.cap, issuedAfter);

        uint32 batchNumber = p.batchCount + 1;
        uint256 ownerId = p.ownerId;
        p.nextSerial = uint64(end);
        p.batchCount = batchNumber;
        v.issued = uint64(issuedAfter);
        tokenId = CarbonIds.creditId(projectId, vintage, batchNumber);
        $.batches[tokenId] = Batch({serialStart: serialStart, issued: amount, retired: 0, cancelled: 0});
        Documents.anchor(bytes32(tokenId), verification);
        emit CarbonBatchIssued(tokenId, projectId, ownerId, vintage, serialStart, amount);
        _mint(tokenId, ownerId, _identityRegistry().walletOf(ownerId), amount);
    }

    /// @inheritdoc ICarbonCredits
    function retire(
        uint256 holderId,
        uint256 tokenId,
        uint64 amount,
        uint256 beneficiaryId,
        string calldata reason
    ) external returns (uint256 certificateId) {
        IIdentityRegistry registry = _identityRegistry();
        registry.requirePrimaryWallet(holderId, msg.sender);
        // The holder is a known identity; any other beneficiary must be one (ids are sequential from 1).
        if (beneficiaryId != holderId && (beneficiaryId == 0 || beneficiaryId > registry.identityCount())) {
            revert CarbonBeneficiaryUnknown(beneficiaryId);
        }
        return _takeOut(tokenId, holderId, msg.sender, amount, beneficiaryId, CertificateKind.Retirement, reason);
    }

    /// @inheritdoc ICarbonCredits
    function cancel(
        uint256 tokenId,
        uint256 holderId,
        uint64 amount,
        string calldata reason
    ) external restricted returns (uint256 certificateId) {
        address holder = _identityRegistry().walletOf(holderId);
        return _takeOut(tokenId, holderId, holder, amount, holderId, CertificateKind.Cancellation, reason);
    }

    /// @inheritdoc ICarbonCredits
    function allocate(uint256 periodId, uint256 emitterId, uint64 amount) external restricted {
        if (amount == 0) revert CarbonZeroAmount();
        CarbonCreditsStorage storage $ = _creditsStorage();
        address registerAddress = $.register;
        if (registerAddress == address(0)) revert CarbonRegisterUnbound();
        uint64 cap = IEmissionsRegister(registerAddress).period(periodId).cap;
        if (cap == 0) revert CarbonPeriodUnknown(periodId);
        AllowanceTotals storage totals = $.allowances[periodId];
        uint256 allocatedAfter = uint256(totals.allocated) + amount;
        if (allocatedAfter > cap) revert CarbonAllocationAboveCap(periodId, cap, allocatedAfter);
        address wallet = _identityRegistry().emitterWallet(emitterId);
        totals.allocated = uint64(allocatedAfter);
        emit CarbonAllowancesAllocated(periodId, emitterId, amount);
        _mint(CarbonIds.allowanceId(periodId), emitterId, wallet, amount);
    }

    /// @inheritdoc ICarbonCredits
    function bindRegister(address registerAddress) external restricted {
        CarbonCreditsStorage storage $ = _creditsStorage();
        if ($.register != address(0)) revert CarbonRegisterAlreadyBound($.register);
        $.register = registerAddress;
        emit CarbonRegisterBound(registerAddress);
    }

    /// @inheritdoc ICarbonCredits
    function surrenderUnits(
        uint256 emitterId,
        address emitter,
        uint256 tokenId,
        uint64 amount
    ) external returns (uint256 certificateId) {
        CarbonCreditsStorage storage $ = _creditsStorage();
        if (msg.sender != $.register || msg.sender == address(0)) revert CarbonCallerNotRegister(msg.sender);
        if (CarbonIds.isAllowance(tokenId)) {
            // The register refused a zero amount before calling.
            uint256 periodId = CarbonIds.periodOf(tokenId);
            _burn(tokenId, emitterId, emitter, amount);
            $.allowances[periodId].surrendered += amount;
            emit CarbonAllowancesSurrendered(periodId, emitterId, amount);
            return 0;
        }
        // The period it counts for is in the register's own event, which carries the certificate id.
        return _takeOut(tokenId, emitterId, emitter, amount, emitterId, CertificateKind.ComplianceSurrender, "");
    }

    /// @inheritdoc ICarbonCredits
    function project(uint256 projectId) external view returns (Project memory) {
        return _creditsStorage().projects[projectId];
    }

    /// @inheritdoc ICarbonCredits
    function projectCount() external view returns (uint256) {
        return _creditsStorage().projectCount;
    }

    /// @inheritdoc ICarbonCredits
    function batch(uint256 tokenId) external view returns (Batch memory) {
        return _creditsStorage().batches[tokenId];
    }

    /// @inheritdoc ICarbonCredits
    function batchTotals(uint256 tokenId) external view returns (Totals memory) {
        Batch storage b = _creditsStorage().batches[tokenId];
        return _totals(b.issued, b.retired, b.cancelled);
    }

    /// @inheritdoc ICarbonCredits
    function vintageCap(uint256 projectId, uint16 vintage) external view returns (uint64) {
        return _creditsStorage().vintages[projectId][vintage].cap;
    }

    /// @inheritdoc ICarbonCredits
    function vintageTotals(uint256 projectId, uint16 vintage) external view returns (Totals memory) {
        Vintage storage v = _creditsStorage().vintages[projectId][vintage];
        return _totals(v.issued, v.retired, v.cancelled);
    }

    /// @inheritdoc ICarbonCredits
    function certificate(uint256 certificateId) external view returns (Certificate memory c) {
        CertificateRecord memory r = _creditsStorage().certificates[certificateId];
        if (r.kind == CertificateKind.None) revert CarbonCertificateUnknown(certificateId);
        (uint256 tokenId, uint64 offset) = CarbonIds.decodeCertificate(certificateId);
        (uint256 projectId, uint16 vintage, ) = CarbonIds.decodeCredit(tokenId);
        uint64 first = _creditsStorage().batches[tokenId].serialStart + offset;
        c = Certificate({
            tokenId: tokenId,
            projectId: projectId,
            vintage: vintage,
            firstSerial: first,
            lastSerial: first + r.amount - 1,
            amount: r.amount,
            beneficiaryId: r.beneficiaryId,
            holderId: r.holderId,
            timestamp: r.timestamp,
            kind: r.kind
        });
    }

    /// @inheritdoc ICarbonCredits
    function allowanceTotals(uint256 periodId) external view returns (AllowanceTotals memory) {
        return _creditsStorage().allowances[periodId];
    }

    /// @inheritdoc ICarbonCredits
    function register() external view returns (address) {
        return _creditsStorage().register;
    }

    /**
     * @dev Takes the next `amount` serials of batch `tokenId` out of circulation from identity `holderId` (wallet
     * `holder`) and writes their certificate: one batch slot, one vintage slot, one balance, one new slot.
     */
    function _takeOut(
        uint256 tokenId,
        uint256 holderId,
        address holder,
        uint64 amount,
        uint256 beneficiaryId,
        CertificateKind kind,
        string memory reason
    ) private returns (uint256 certificateId) {
        if (amount == 0) revert CarbonZeroAmount();
        if (_creditsStorage().batches[tokenId].issued == 0) revert CarbonTokenUnknown(tokenId);
        _burn(tokenId, holderId, holder, amount);
        uint64 firstSerial;
        (certificateId, firstSerial) = _advanceCursor(tokenId, amount, kind);
        _creditsStorage().certificates[certificateId] = CertificateRecord({
            amount: amount,
            beneficiaryId: uint64(beneficiaryId),
            holderId: uint64(holderId),
            timestamp: uint40(block.timestamp),
            kind: kind
        });
        emit CarbonCertificateIssued(
            certificateId,
            tokenId,
            beneficiaryId,
            holderId,
            firstSerial,
            amount,
            kind,
            reason
        );
    }

    /// @dev Moves the batch's cursor (`retired + cancelled`) by `amount` and counts it in the batch and vintage.
    function _advanceCursor(
        uint256 tokenId,
        uint64 amount,
        CertificateKind kind
    ) private returns (uint256 certificateId, uint64 firstSerial) {
        CarbonCreditsStorage storage $ = _creditsStorage();
        Batch storage b = $.batches[tokenId];
        (uint256 projectId, uint16 vintage, ) = CarbonIds.decodeCredit(tokenId);
        Vintage storage v = $.vintages[projectId][vintage];
        // No overflow: every sum here is at most the batch's or vintage's issued total (a uint64), because the
        // holder's balance, checked before any write, is part of the circulating units.
        unchecked {
            uint64 offset = b.retired + b.cancelled;
            if (kind == CertificateKind.Cancellation) {
                b.cancelled += amount;
                v.cancelled += amount;
            } else {
                b.retired += amount;
                v.retired += amount;
            }
            return (CarbonIds.certificateId(tokenId, offset), b.serialStart + offset);
        }
    }

    function _project(uint256 projectId) private view returns (Project storage p) {
        p = _creditsStorage().projects[projectId];
        if (p.ownerId == 0) revert CarbonProjectUnknown(projectId);
    }

    function _totals(uint64 issued, uint64 retired, uint64 cancelled) private pure returns (Totals memory) {
        return
            Totals({issued: issued, circulating: issued - retired - cancelled, retired: retired, cancelled: cancelled});
    }

    function _creditsStorage() private pure returns (CarbonCreditsStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _CREDITS_STORAGE
        }
    }
}
