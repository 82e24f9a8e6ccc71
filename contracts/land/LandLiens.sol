// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CityService} from "../common/CityService.sol";
import {Documents} from "../common/Documents.sol";
import {MultiPartyConsent} from "../common/MultiPartyConsent.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {ILandLiens} from "./ILandLiens.sol";
import {ILandRegistry} from "./ILandRegistry.sol";
import {LandParties} from "./LandParties.sol";
import {LandRevisions} from "./LandRevisions.sol";

/**
 * @title LandLiens
 * @notice The register of encumbrances on land titles, held by identity ids. See {ILandLiens}.
 * @dev Each lien change is also a revision in the parcel's chain of title (through the registry's
 * `recordRevision`, which this contract may call as a LAND_MODULE). Every list is bounded: a parcel's active
 * liens by {MAX_ACTIVE_LIENS} + {MAX_COURT_LIENS} (so the payoff loop at a sale is bounded) and its open
 * proposals by {MAX_PROPOSALS_PER_PARCEL}. Behind a UUPS proxy ({CityService}); all state lives in ERC-7201
 * namespaces (this contract's and {MultiPartyConsent}'s).
 */
contract LandLiens is CityService, MultiPartyConsent, ILandLiens {
    /// @notice The most active consensual liens (mortgages, easements) one parcel may carry.
    uint256 public constant MAX_ACTIVE_LIENS = 8;
    /// @notice The most active court liens one parcel may carry (slots of their own).
    uint256 public constant MAX_COURT_LIENS = 8;
    /// @notice The most active statutory (tax) liens one parcel may carry (slots of their own).
    uint256 public constant MAX_STATUTORY_LIENS = 8;
    /// @notice The most open proposals one parcel may have.
    uint256 public constant MAX_PROPOSALS_PER_PARCEL = 8;
    /// @notice The most open proposals one identity may have, city-wide.
    uint256 public constant MAX_PROPOSALS_PER_PROPOSER = 4;
    /// @notice The longest a proposal may wait for the owners.
    uint256 public constant MAX_PROPOSAL_LIFETIME = 30 days;

    /// @custom:storage-location erc7201:citychain.storage.LandLiens
    struct LandLiensStorage {
        ILandRegistry registry;
        IIdentityRegistry identity;
        uint256 lienCount;
        mapping(uint256 lienId => Lien) liens;
        mapping(uint256 consentId => uint256 lienId) lienOfConsent;
        mapping(uint256 parcelId => uint256[] lienIds) parcelLiens; // active, priority order
        mapping(uint256 parcelId => uint256[] lienIds) parcelProposals; // open proposals
        mapping(uint256 parcelId => uint256 count) courtLiens; // active court liens
        mapping(uint256 proposerId => uint256 count) openProposals;
        mapping(uint256 parcelId => uint256 count) statutoryLiens; // active statutory liens (appended, issue 14)
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.LandLiens")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _LAND_LIENS_STORAGE = 0xbd2d0301d683cfd2f9dd98ec04a511024ebcf1090cc9c7685f5bff4130e8f600;

    /**
     * @param authority The city's AccessManager.
     * @param registry The land title register.
     * @param identityRegistry The city's identity registry.
     */
    function initialize(
        address authority,
        ILandRegistry registry,
        IIdentityRegistry identityRegistry
    ) external initializer {
        __CityService_init(authority);
        __MultiPartyConsent_init("citychain LandLiens", "1");
        LandLiensStorage storage $ = _liensStorage();
        $.registry = registry;
        $.identity = identityRegistry;
    }

    /// @inheritdoc ILandLiens
    function proposeLien(
        uint256 parcelId,
        LienKind kind,
        uint96 amount,
        Documents.Document calldata terms,
        uint48 deadline
    ) external returns (uint256 lienId) {
        bool blocking = kind == LienKind.Mortgage;
        if (!(kind == LienKind.Mortgage && amount > 0) && !(kind == LienKind.Easement && amount == 0)) {
            revert LienTermsInvalid(kind, blocking, amount);
        }
        uint256 holderId = _callerIdentity();
        if (!LandParties.isLandParty(_liensStorage().identity, holderId)) revert LienHolderNotVerified(holderId);
        if (deadline > block.timestamp + MAX_PROPOSAL_LIFETIME) {
            revert LienProposalTooLong(deadline, block.timestamp + MAX_PROPOSAL_LIFETIME);
        }
        _requireUnlocked(parcelId);
        _reserveProposal(parcelId, holderId);
        lienId = _newLien(parcelId, holderId, kind, blocking, amount, terms);
        uint256 consentId = _askOwners(lienId, parcelId, deadline);
        emit LienProposed(
            lienId,
            parcelId,
            uint64(holderId),
            kind,
            blocking,
            amount,
            _liensStorage().liens[lienId].terms,
            consentId
        );
    }

    /// @inheritdoc ILandLiens
    function imposeCourtLien(
        uint256 parcelId,
        uint64 payeeId,
        uint96 amount,
        Documents.Document calldata order
    ) external restricted returns (uint256 lienId) {
        if (
            (amount == 0) != (payeeId == 0) ||
            (payeeId != 0 && !_liensStorage().identity.isIdentityVerified(payeeId, 0))
        ) {
            revert LienPayeeInvalid(payeeId, amount);
        }
        _requireParcelActive(parcelId);
        if (_liensStorage().courtLiens[parcelId] >= MAX_COURT_LIENS) revert LienTooMany(parcelId, MAX_COURT_LIENS);
        ++_liensStorage().courtLiens[parcelId];
        lienId = _newLien(parcelId, payeeId, LienKind.CourtOrder, true, amount, order);
        emit CourtLienImposed(lienId, parcelId, payeeId, msg.sender, amount, _liensStorage().liens[lienId].terms);
        _activate(lienId);
    }

    /// @inheritdoc ILandLiens
    function imposeStatutoryLien(
        uint256 parcelId,
        uint64 holderId,
        uint96 amount,
        bytes32 ref
    ) external restricted returns (uint256 lienId) {
        LandLiensStorage storage $ = _liensStorage();
        if (amount == 0 || holderId == 0 || !$.identity.isIdentityVerified(holderId, 0)) {
            revert LienPayeeInvalid(holderId, amount);
        }
        _requireParcelActive(parcelId);
        if ($.statutoryLiens[parcelId] >= MAX_STATUTORY_LIENS) revert LienTooMany(parcelId, MAX_STATUTORY_LIENS);
        ++$.statutoryLiens[parcelId];
        lienId = ++$.lienCount;
        $.liens[lienId] = Lien({
            parcelId: uint64(parcelId),
            holderId: holderId,
            kind: LienKind.Statutory,
            status: LienStatus.Proposed,
            blocking: true,
            amount: amount,
            createdAt: uint40(block.timestamp),
            consentId: 0,
            terms: ref
        });
        emit StatutoryLienImposed(lienId, parcelId, holderId, msg.sender, amount, ref);
        _activate(lienId);
    }

    /// @inheritdoc ILandLiens
    function releaseStatutoryLien(uint256 lienId) external restricted {
        LienKind kind = _lienIn(lienId, LienStatus.Active).kind;
        if (kind != LienKind.Statutory) revert LienKindMismatch(lienId, kind);
        _releaseActive(lienId);
    }

    /// @inheritdoc ILandLiens
    function withdrawLienProposal(uint256 lienId) external {
        Lien storage entry = _lienIn(lienId, LienStatus.Proposed);
        uint256 callerId = _callerIdentity();
        if (entry.holderId != callerId) revert LienNotHolder(lienId, callerId);
        _cancelConsent(entry.consentId); // the hook marks it Rejected
    }

    /// @inheritdoc ILandLiens
    function rejectLienProposal(uint256 lienId) external restricted {
        _cancelConsent(_lienIn(lienId, LienStatus.Proposed).consentId);
    }

    /// @inheritdoc ILandLiens
    function pruneLienProposal(uint256 lienId) external {
        Lien storage entry = _lienIn(lienId, LienStatus.Proposed);
        ConsentRequest memory request = consentRequest(entry.consentId);
        bool stale =
            block.timestamp > request.deadline ||
                _liensStorage().registry.parcel(entry.parcelId).status != ILandRegistry.ParcelStatus.Active ||
                request.actionHash != _lienAction(lienId, _liensStorage().registry.ownersOf(entry.parcelId));
        if (!stale) revert LienProposalLive(lienId);
        _cancelConsent(entry.consentId);
    }

    /// @inheritdoc ILandLiens
    function releaseLien(uint256 lienId) external {
        Lien storage entry = _lienIn(lienId, LienStatus.Active);
        if (entry.kind == LienKind.CourtOrder) revert LienCourtOnly(lienId);
        if (entry.kind == LienKind.Statutory) revert LienKindMismatch(lienId, entry.kind);
        uint256 callerId = _callerIdentity();
        if (entry.holderId != callerId) revert LienNotHolder(lienId, callerId);
        if (!_liensStorage().identity.isIdentityVerified(callerId, 0)) revert LienHolderNotVerified(callerId);
        _releaseActive(lienId);
    }

    /// @inheritdoc ILandLiens
    function courtReleaseLien(uint256 lienId) external restricted {
        _lienIn(lienId, LienStatus.Active);
        _releaseActive(lienId);
    }

    /// @inheritdoc ILandLiens
    function dischargeForSale(
        uint256 parcelId,
        uint256 deedId
    ) external restricted returns (uint256[] memory holderIds, uint256[] memory amounts) {
        (uint256 count, uint256 blocker) = _payable(parcelId);
        if (blocker != 0) revert LienNotPayable(parcelId, blocker);
        holderIds = new uint256[](count);
        amounts = new uint256[](count);
        uint256[] memory ids = _liensStorage().parcelLiens[parcelId];
        uint256 n;
        for (uint256 i = 0; i < ids.length; ++i) {
            Lien storage entry = _liensStorage().liens[ids[i]];
            if (!entry.blocking) continue;
            (holderIds[n], amounts[n]) = (entry.holderId, entry.amount);
            ++n;
            _closeActive(ids[i], LienStatus.PaidOff);
            emit LienPaidOff(ids[i], parcelId, deedId, entry.amount);
            _liensStorage().registry.recordRevision(parcelId, LandRevisions.LIEN_PAID_OFF, uint192(ids[i]));
        }
    }

    /// @inheritdoc ILandLiens
    function lien(uint256 lienId) external view returns (Lien memory) {
        return _liensStorage().liens[lienId];
    }

    /// @inheritdoc ILandLiens
    function liensOf(uint256 parcelId) external view returns (uint256[] memory) {
        return _liensStorage().parcelLiens[parcelId];
    }

    /// @inheritdoc ILandLiens
    function proposalsOf(uint256 parcelId) external view returns (uint256[] memory) {
        return _liensStorage().parcelProposals[parcelId];
    }

    /// @inheritdoc ILandLiens
    function openProposalsOf(uint256 proposerId) external view returns (uint256) {
        return _liensStorage().openProposals[proposerId];
    }

    /// @inheritdoc ILandLiens
    function encumbranceHash(uint256 parcelId) external view returns (bytes32) {
        uint256[] storage ids = _liensStorage().parcelLiens[parcelId];
        return ids.length == 0 ? bytes32(0) : keccak256(abi.encode(ids));
    }

    /// @inheritdoc ILandLiens
    function payoffOf(uint256 parcelId) external view returns (uint256 total, uint256 blockingLienId) {
        uint256[] storage ids = _liensStorage().parcelLiens[parcelId];
        for (uint256 i = 0; i < ids.length; ++i) {
            Lien storage entry = _liensStorage().liens[ids[i]];
            if (!entry.blocking) continue;
            if (entry.amount == 0 && blockingLienId == 0) blockingLienId = ids[i];
            total += entry.amount;
        }
    }

    /// @dev The owners' last approval activates the lien, if the parcel's owners are still those asked, no
    /// deed holds the parcel and a consensual slot is free.
    function _afterConsentApproved(uint256 consentId, uint256, bool complete) internal override {
        if (!complete) return;
        uint256 lienId = _liensStorage().lienOfConsent[consentId];
        uint256 parcelId = _liensStorage().liens[lienId].parcelId;
        _requireUnlocked(parcelId);
        _consumeConsent(consentId, _lienAction(lienId, _liensStorage().registry.ownersOf(parcelId)));
        _removeProposal(lienId);
        LandLiensStorage storage $ = _liensStorage();
        if ($.parcelLiens[parcelId].length - $.courtLiens[parcelId] - $.statutoryLiens[parcelId] >= MAX_ACTIVE_LIENS) {
            revert LienTooMany(parcelId, MAX_ACTIVE_LIENS);
        }
        _activate(lienId);
    }

    /// @dev A declined, withdrawn, rejected or pruned proposal is rejected and frees its places.
    function _afterConsentCancelled(uint256 consentId) internal override {
        uint256 lienId = _liensStorage().lienOfConsent[consentId];
        _removeProposal(lienId);
        Lien storage entry = _liensStorage().liens[lienId];
        entry.status = LienStatus.Rejected;
        emit LienRejected(lienId, entry.parcelId, msg.sender);
    }

    function _identityRegistry() internal view override returns (IIdentityRegistry) {
        return _liensStorage().identity;
    }

    function _liensStorage() private pure returns (LandLiensStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _LAND_LIENS_STORAGE
        }
    }

    /// @dev Checks and takes a proposal place on the parcel and of the proposer.
    function _reserveProposal(uint256 parcelId, uint256 holderId) private {
        if (_liensStorage().parcelProposals[parcelId].length >= MAX_PROPOSALS_PER_PARCEL) {
            revert LienTooManyProposals(parcelId, MAX_PROPOSALS_PER_PARCEL);
        }
        if (_liensStorage().openProposals[holderId] >= MAX_PROPOSALS_PER_PROPOSER) {
            revert LienProposerBusy(holderId, MAX_PROPOSALS_PER_PROPOSER);
        }
        ++_liensStorage().openProposals[holderId];
    }

    /// @dev Lists the proposal on its parcel and opens the owners' consent request.
    function _askOwners(uint256 lienId, uint256 parcelId, uint48 deadline) private returns (uint256 consentId) {
        _liensStorage().parcelProposals[parcelId].push(lienId);
        ILandRegistry.Share[] memory owners = _liensStorage().registry.ownersOf(parcelId);
        uint256[] memory partyIds = new uint256[](owners.length);
        for (uint256 i = 0; i < owners.length; ++i) partyIds[i] = owners[i].identityId;
        consentId = _requestConsent(_lienAction(lienId, owners), partyIds, deadline);
        _liensStorage().liens[lienId].consentId = uint64(consentId);
        _liensStorage().lienOfConsent[consentId] = lienId;
    }

    function _newLien(
        uint256 parcelId,
        uint256 holderId,
        LienKind kind,
        bool blocking,
        uint96 amount,
        Documents.Document calldata terms
    ) private returns (uint256 lienId) {
        lienId = ++_liensStorage().lienCount;
        _liensStorage().liens[lienId] = Lien({
            parcelId: uint64(parcelId),
            holderId: uint64(holderId),
            kind: kind,
            status: LienStatus.Proposed,
            blocking: blocking,
            amount: amount,
            createdAt: uint40(block.timestamp),
            consentId: 0,
            terms: Documents.anchor(bytes32(lienId), terms)
        });
    }

    function _activate(uint256 lienId) private {
        Lien storage entry = _liensStorage().liens[lienId];
        entry.status = LienStatus.Active;
        _liensStorage().parcelLiens[entry.parcelId].push(lienId);
        emit LienActivated(lienId, entry.parcelId, entry.holderId);
        _liensStorage().registry.recordRevision(entry.parcelId, LandRevisions.LIEN_ADDED, uint192(lienId));
    }

    function _releaseActive(uint256 lienId) private {
        uint256 parcelId = _liensStorage().liens[lienId].parcelId;
        _closeActive(lienId, LienStatus.Released);
        emit LienReleased(lienId, parcelId, msg.sender);
        _liensStorage().registry.recordRevision(parcelId, LandRevisions.LIEN_RELEASED, uint192(lienId));
    }

    /// @dev Ends an active lien (released, paid off); the record stays, with its final status.
    function _closeActive(uint256 lienId, LienStatus status) private {
        Lien storage entry = _liensStorage().liens[lienId];
        entry.status = status;
        if (entry.kind == LienKind.CourtOrder) --_liensStorage().courtLiens[entry.parcelId];
        if (entry.kind == LienKind.Statutory) --_liensStorage().statutoryLiens[entry.parcelId];
        _removeFrom(_liensStorage().parcelLiens[entry.parcelId], lienId);
    }

    function _removeProposal(uint256 lienId) private {
        Lien storage entry = _liensStorage().liens[lienId];
        _removeFrom(_liensStorage().parcelProposals[entry.parcelId], lienId);
        --_liensStorage().openProposals[entry.holderId];
    }

    /// @dev Removes `lienId` from a bounded list, keeping the order of the others.
    function _removeFrom(uint256[] storage ids, uint256 lienId) private {
        uint256 last = ids.length - 1;
        uint256 i;
        while (ids[i] != lienId) ++i;
        for (; i < last; ++i) ids[i] = ids[i + 1];
        ids.pop();
    }

    function _payable(uint256 parcelId) private view returns (uint256 count, uint256 blocker) {
        uint256[] storage ids = _liensStorage().parcelLiens[parcelId];
        for (uint256 i = 0; i < ids.length; ++i) {
            Lien storage entry = _liensStorage().liens[ids[i]];
            if (!entry.blocking) continue;
            if (entry.amount == 0) return (count, ids[i]);
            ++count;
        }
    }

    function _lienAction(uint256 lienId, ILandRegistry.Share[] memory owners) private view returns (bytes32) {
        Lien storage entry = _liensStorage().liens[lienId];
        return
            keccak256(
                abi.encode(lienId, entry.parcelId, entry.holderId, entry.kind, entry.amount, entry.terms, owners)
            );
    }

    function _lienIn(uint256 lienId, LienStatus status) private view returns (Lien storage entry) {
        entry = _liensStorage().liens[lienId];
        if (entry.status == LienStatus.None) revert LienUnknown(lienId);
        if (entry.status != status) revert LienStatusInvalid(lienId, entry.status);
    }

    function _requireParcelActive(uint256 parcelId) private view returns (ILandRegistry.Parcel memory p) {
        p = _liensStorage().registry.parcel(parcelId);
        if (p.status == ILandRegistry.ParcelStatus.None) revert ILandRegistry.LandParcelUnknown(parcelId);
        if (p.status == ILandRegistry.ParcelStatus.Retired) revert ILandRegistry.LandParcelRetired(parcelId);
    }

    function _requireUnlocked(uint256 parcelId) private view {
        uint256 deedId = _requireParcelActive(parcelId).lockedByDeed;
        if (deedId != 0) revert LienParcelLocked(parcelId, deedId);
    }
}
