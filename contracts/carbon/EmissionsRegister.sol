// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CityService} from "../common/CityService.sol";
import {Documents} from "../common/Documents.sol";
import {RevisionLog} from "../common/RevisionLog.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {CarbonIds} from "./CarbonIds.sol";
import {CarbonParties} from "./CarbonParties.sol";
import {CarbonRevisions} from "./CarbonRevisions.sol";
import {ICarbonCredits} from "./ICarbonCredits.sol";
import {IEmissionsRegister} from "./IEmissionsRegister.sol";

/**
 * @title EmissionsRegister
 * @notice Verified emissions and the compliance they create, per emitter and period. See {IEmissionsRegister}.
 * @dev The emissions figure and its compliance share one record, so a correction can never slip under what was
 * already surrendered and the balance `surrendered + shortfall = obligation` is checked in one place.
 */
contract EmissionsRegister is CityService, IEmissionsRegister {
    using CarbonParties for IIdentityRegistry;
    using RevisionLog for RevisionLog.History;

    uint16 private constant _BPS = 10_000;

    /// @custom:storage-location erc7201:citychain.storage.EmissionsRegister
    struct EmissionsRegisterStorage {
        IIdentityRegistry identity;
        ICarbonCredits credits;
        uint256 periodCount;
        mapping(uint256 periodId => Period) periods;
        mapping(uint256 emitterId => mapping(uint256 periodId => Record)) records;
        mapping(bytes32 recordKey => RevisionLog.History) histories;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.EmissionsRegister")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _REGISTER_STORAGE = 0x90be8bbb21bf5387b26f6b7220304feda1fd042480d13509ad8446bef6fb6500;

    /**
     * @param authority The city's AccessManager.
     * @param identityRegistry The city's identity registry.
     * @param creditsLedger The carbon credits ledger (which must bind this register to accept its surrenders).
     */
    function initialize(
        address authority,
        IIdentityRegistry identityRegistry,
        ICarbonCredits creditsLedger
    ) external initializer {
        __CityService_init(authority);
        EmissionsRegisterStorage storage $ = _registerStorage();
        $.identity = identityRegistry;
        $.credits = creditsLedger;
    }

    /// @inheritdoc IEmissionsRegister
    function openPeriod(
        uint40 deadline,
        uint64 cap,
        uint16 maxOffsetBps,
        uint128 penaltyPerTonne
    ) external restricted returns (uint256 periodId) {
        EmissionsRegisterStorage storage $ = _registerStorage();
        uint256 earliest = block.timestamp + 1;
        uint256 previous = $.periods[$.periodCount].deadline;
        if (previous >= earliest) earliest = previous + 1;
        if (deadline < earliest) revert CarbonPeriodDeadlineInvalid(deadline, earliest);
        if (cap == 0) revert CarbonPeriodCapZero();
        if (maxOffsetBps > _BPS) revert CarbonOffsetShareInvalid(maxOffsetBps);
        periodId = ++$.periodCount;
        $.periods[periodId] = Period({
            deadline: deadline,
            cap: cap,
            maxOffsetBps: maxOffsetBps,
            penaltyPerTonne: penaltyPerTonne
        });
        emit CarbonPeriodOpened(periodId, deadline, cap, maxOffsetBps, penaltyPerTonne);
    }

    /// @inheritdoc IEmissionsRegister
    function recordEmissions(
        uint256 emitterId,
        uint256 periodId,
        uint64 tonnes,
        Documents.Document calldata report
    ) external restricted {
        _openPeriod(periodId);
        EmissionsRegisterStorage storage $ = _registerStorage();
        $.identity.emitterWallet(emitterId);
        uint256 verifierId = _verifierId($.identity);
        Record storage r = $.records[emitterId][periodId];
        if (r.status != RecordStatus.None) revert CarbonEmissionsAlreadyRecorded(emitterId, periodId);
        r.status = RecordStatus.Reported;
        bytes32 commitment = _setFigure(r, emitterId, periodId, tonnes, verifierId, report);
        emit EmissionsRecorded(emitterId, periodId, verifierId, tonnes, commitment);
    }

    /// @inheritdoc IEmissionsRegister
    function correctEmissions(
        uint256 emitterId,
        uint256 periodId,
        uint64 tonnes,
        Documents.Document calldata report,
        string calldata reason
    ) external restricted {
        if (bytes(reason).length == 0) revert CarbonCorrectionReasonEmpty();
        Record storage r = _registerStorage().records[emitterId][periodId];
        _checkCorrection(r, emitterId, periodId, tonnes);
        uint256 verifierId = _verifierId(_registerStorage().identity);
        uint64 previousTonnes = r.verified;
        bytes32 commitment = _setFigure(r, emitterId, periodId, tonnes, verifierId, report);
        emit EmissionsCorrected(emitterId, periodId, verifierId, previousTonnes, tonnes, commitment, reason);
    }

    /// @inheritdoc IEmissionsRegister
    function surrender(uint256 periodId, uint256 tokenId, uint64 amount) external {
        if (amount == 0) revert CarbonZeroAmount();
        Period memory p = _openPeriod(periodId);
        EmissionsRegisterStorage storage $ = _registerStorage();
        uint256 emitterId = $.identity.activeIdentityOf(msg.sender);
        Record storage r = $.records[emitterId][periodId];
        uint256 obligation = uint256(r.verified) + r.carriedIn;
        uint256 surrenderedAfter = uint256(r.allowances) + r.offsets + amount;
        if (surrenderedAfter > obligation) {
            revert CarbonSurrenderExceedsObligation(emitterId, periodId, obligation, surrenderedAfter);
        }
        uint16 kind;
        if (CarbonIds.isAllowance(tokenId)) {
            uint256 allowancePeriod = CarbonIds.periodOf(tokenId);
            if (allowancePeriod > periodId) revert CarbonAllowanceFromLaterPeriod(periodId, allowancePeriod);
            r.allowances += amount;
            kind = CarbonRevisions.ALLOWANCES_SURRENDERED;
        } else if (CarbonIds.isCredit(tokenId)) {
            (uint256 projectId, , ) = CarbonIds.decodeCredit(tokenId);
            if (!$.credits.project(projectId).eligible) revert CarbonOffsetNotEligible(tokenId);
            uint256 offsetsAfter = uint256(r.offsets) + amount;
            uint256 maxOffsets = (obligation * p.maxOffsetBps) / _BPS;
            if (offsetsAfter > maxOffsets) revert CarbonOffsetShareExceeded(periodId, maxOffsets, offsetsAfter);
            r.offsets = uint64(offsetsAfter);
            kind = CarbonRevisions.OFFSETS_SURRENDERED;
        } else {
            revert CarbonTokenUnknown(tokenId);
        }
        r.updatedAt = uint40(block.timestamp);
        _revise($, r, _recordKey(emitterId, periodId), kind, amount);
        // Effects are done; the ledger is the city's own contract and calls nothing else.
        uint256 certificateId = $.credits.surrenderUnits(emitterId, msg.sender, tokenId, amount);
        emit ComplianceSurrendered(emitterId, periodId, tokenId, amount, certificateId);
    }

    /// @inheritdoc IEmissionsRegister
    function settle(uint256 emitterId, uint256 periodId) external {
        EmissionsRegisterStorage storage $ = _registerStorage();
        Period memory p = _period(periodId);
        if (block.timestamp <= p.deadline) revert CarbonPeriodOpen(periodId, p.deadline);
        Record storage r = $.records[emitterId][periodId];
        if (r.status == RecordStatus.Settled) revert CarbonAlreadySettled(emitterId, periodId);
        if (r.status == RecordStatus.None && r.carriedIn == 0) revert CarbonNothingToSettle(emitterId, periodId);
        if (periodId > 1) {
            Record storage previous = $.records[emitterId][periodId - 1];
            if (
                previous.status == RecordStatus.Reported ||
                (previous.status == RecordStatus.None && previous.carriedIn != 0)
            ) {
                revert CarbonPreviousPeriodUnsettled(emitterId, periodId - 1);
            }
        }
        uint256 obligation = uint256(r.verified) + r.carriedIn;
        uint256 surrendered = uint256(r.allowances) + r.offsets;
        uint64 shortfall = uint64(obligation - surrendered);
        r.status = RecordStatus.Settled;
        r.shortfall = shortfall;
        r.updatedAt = uint40(block.timestamp);
        _revise($, r, _recordKey(emitterId, periodId), CarbonRevisions.SETTLED, shortfall);
        emit ComplianceSettled(
            emitterId,
            periodId,
            obligation,
            surrendered,
            shortfall,
            uint256(shortfall) * p.penaltyPerTonne
        );
        if (shortfall != 0) {
            Record storage next = $.records[emitterId][periodId + 1];
            next.carriedIn += shortfall;
            _revise($, next, _recordKey(emitterId, periodId + 1), CarbonRevisions.SHORTFALL_CARRIED_IN, shortfall);
            emit ShortfallCarriedOver(emitterId, periodId + 1, shortfall);
        }
    }

    /// @inheritdoc IEmissionsRegister
    function period(uint256 periodId) external view returns (Period memory) {
        return _registerStorage().periods[periodId];
    }

    /// @inheritdoc IEmissionsRegister
    function periodCount() external view returns (uint256) {
        return _registerStorage().periodCount;
    }

    /// @inheritdoc IEmissionsRegister
    function record(uint256 emitterId, uint256 periodId) external view returns (Record memory) {
        return _registerStorage().records[emitterId][periodId];
    }

    /// @inheritdoc IEmissionsRegister
    function compliance(uint256 emitterId, uint256 periodId) external view returns (Compliance memory c) {
        EmissionsRegisterStorage storage $ = _registerStorage();
        Record storage r = $.records[emitterId][periodId];
        c.status = r.status;
        c.obligation = uint256(r.verified) + r.carriedIn;
        c.surrendered = uint256(r.allowances) + r.offsets;
        c.shortfall = c.obligation - c.surrendered;
        c.penalty = c.shortfall * $.periods[periodId].penaltyPerTonne;
        c.compliant = r.status == RecordStatus.Settled && c.shortfall == 0;
    }

    /// @inheritdoc IEmissionsRegister
    function history(
        uint256 emitterId,
        uint256 periodId,
        uint256 fromRevision,
        uint256 limit
    ) external view returns (RevisionLog.Entry[] memory) {
        return _registerStorage().histories[_recordKey(emitterId, periodId)].page(fromRevision, limit);
    }

    /// @inheritdoc IEmissionsRegister
    function credits() external view returns (address) {
        return address(_registerStorage().credits);
    }

    /// @dev Writes a new emissions figure with its report: a recording (status None before) or a correction.
    function _setFigure(
        Record storage r,
        uint256 emitterId,
        uint256 periodId,
        uint64 tonnes,
        uint256 verifierId,
        Documents.Document calldata report
    ) private returns (bytes32 commitment) {
        bytes32 key = _recordKey(emitterId, periodId);
        commitment = Documents.anchor(key, report);
        uint16 kind = r.verifierId == 0 ? CarbonRevisions.EMISSIONS_RECORDED : CarbonRevisions.EMISSIONS_CORRECTED;
        r.verified = tonnes;
        r.verifierId = uint64(verifierId);
        r.updatedAt = uint40(block.timestamp);
        r.reportCommitment = commitment;
        _revise(_registerStorage(), r, key, kind, tonnes);
    }

    /// @dev A correction: the period is open, the record reported, and the new obligation still covers what was
    /// surrendered, with offsets within their share.
    function _checkCorrection(Record storage r, uint256 emitterId, uint256 periodId, uint64 tonnes) private view {
        Period memory p = _openPeriod(periodId);
        if (r.status != RecordStatus.Reported) revert CarbonEmissionsNotRecorded(emitterId, periodId);
        uint256 obligation = uint256(tonnes) + r.carriedIn;
        uint256 surrendered = uint256(r.allowances) + r.offsets;
        if (surrendered > obligation || uint256(r.offsets) * _BPS > obligation * p.maxOffsetBps) {
            revert CarbonCorrectionBelowSurrendered(emitterId, periodId, obligation, surrendered);
        }
    }

    function _revise(
        EmissionsRegisterStorage storage $,
        Record storage r,
        bytes32 key,
        uint16 kind,
        uint64 ref
    ) private {
        r.revision = uint32($.histories[key].append(key, kind, ref));
    }

    /// @dev The caller's identity: a verifier signs records with an accountable identity, not only a role.
    function _verifierId(IIdentityRegistry registry) private view returns (uint256 verifierId) {
        verifierId = registry.identityOf(msg.sender);
        if (
            verifierId == 0 ||
            !registry.isIdentityVerified(verifierId, 1) ||
            registry.walletOf(verifierId) != msg.sender
        ) {
            revert CarbonVerifierUnidentified(msg.sender);
        }
    }

    function _openPeriod(uint256 periodId) private view returns (Period memory p) {
        p = _period(periodId);
        if (block.timestamp > p.deadline) revert CarbonPeriodClosed(periodId, p.deadline);
    }

    function _period(uint256 periodId) private view returns (Period memory p) {
        p = _registerStorage().periods[periodId];
        if (p.deadline == 0) revert CarbonPeriodUnknown(periodId);
    }

    function _recordKey(uint256 emitterId, uint256 periodId) private pure returns (bytes32) {
        return bytes32((emitterId << 64) | periodId);
    }

    function _registerStorage() private pure returns (EmissionsRegisterStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _REGISTER_STORAGE
        }
    }
}
