// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

import {Documents} from "../common/Documents.sol";
import {MultiPartyConsent} from "../common/MultiPartyConsent.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {ILandLiens} from "./ILandLiens.sol";
import {ILandRegistry} from "./ILandRegistry.sol";
import {LandRevisions} from "./LandRevisions.sol";

/**
 * @title LandLiens
 * @notice The register of encumbrances on land titles. See {ILandLiens}.
 * @dev Each lien change is also a revision in the parcel's chain of title (through the registry's
 * `recordRevision`, which this contract may call as a LAND_MODULE). A parcel's pending and active liens are
 * bounded by {MAX_ACTIVE_LIENS}, so the payoff loop at a sale is bounded.
 */
contract LandLiens is AccessManaged, MultiPartyConsent, ILandLiens {
    /// @notice The most pending or active liens one parcel may carry.
    uint256 public constant MAX_ACTIVE_LIENS = 8;

    ILandRegistry private immutable _REGISTRY;
    IIdentityRegistry private immutable _IDENTITY;

    uint256 private _lienCount;
    mapping(uint256 lienId => Lien) private _liens;
    mapping(uint256 consentId => uint256 lienId) private _lienOfConsent;
    mapping(uint256 parcelId => uint256[] lienIds) private _parcelLiens;

    /**
     * @param authority The city's AccessManager.
     * @param registry The land title register.
     * @param identityRegistry The city's identity registry.
     */
    constructor(
        address authority,
        ILandRegistry registry,
        IIdentityRegistry identityRegistry
    ) AccessManaged(authority) EIP712("citychain LandLiens", "1") {
        _REGISTRY = registry;
        _IDENTITY = identityRegistry;
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
        if (!_IDENTITY.isVerified(msg.sender, _IDENTITY.serviceMinLevel("land"))) {
            revert LienHolderNotVerified(msg.sender);
        }
        ILandRegistry.Share[] memory owners = _REGISTRY.ownersOf(parcelId);
        _requireParcelActive(parcelId);
        lienId = _newLien(parcelId, kind, blocking, amount, terms);

        address[] memory parties = new address[](owners.length);
        for (uint256 i = 0; i < owners.length; ++i) parties[i] = _IDENTITY.walletOf(owners[i].identityId);
        uint256 consentId = _requestConsent(_lienAction(lienId, owners), parties, deadline);
        _liens[lienId].consentId = uint64(consentId);
        _lienOfConsent[consentId] = lienId;
        Lien storage entry = _liens[lienId];
        emit LienProposed(lienId, parcelId, msg.sender, kind, blocking, amount, entry.terms, consentId);
    }

    /// @inheritdoc ILandLiens
    function imposeCourtLien(
        uint256 parcelId,
        uint96 amount,
        Documents.Document calldata order
    ) external restricted returns (uint256 lienId) {
        _requireParcelActive(parcelId);
        lienId = _newLien(parcelId, LienKind.CourtOrder, true, amount, order);
        emit CourtLienImposed(lienId, parcelId, msg.sender, amount, _liens[lienId].terms);
        _activate(lienId);
    }

    /// @inheritdoc ILandLiens
    function withdrawLienProposal(uint256 lienId) external {
        Lien storage entry = _lienIn(lienId, LienStatus.Proposed);
        if (entry.holder != msg.sender) revert LienNotHolder(lienId, msg.sender);
        _cancelConsent(entry.consentId); // the hook marks it Rejected
    }

    /// @inheritdoc ILandLiens
    function releaseLien(uint256 lienId) external {
        Lien storage entry = _lienIn(lienId, LienStatus.Active);
        if (entry.holder != msg.sender) revert LienNotHolder(lienId, msg.sender);
        _close(lienId, LienStatus.Released);
        emit LienReleased(lienId, entry.parcelId, msg.sender);
        _REGISTRY.recordRevision(entry.parcelId, LandRevisions.LIEN_RELEASED, uint192(lienId));
    }

    /// @inheritdoc ILandLiens
    function courtReleaseLien(uint256 lienId) external restricted {
        Lien storage entry = _lienIn(lienId, LienStatus.Active);
        _close(lienId, LienStatus.Released);
        emit LienReleased(lienId, entry.parcelId, msg.sender);
        _REGISTRY.recordRevision(entry.parcelId, LandRevisions.LIEN_RELEASED, uint192(lienId));
    }

    /// @inheritdoc ILandLiens
    function dischargeForSale(
        uint256 parcelId,
        uint256 deedId
    ) external restricted returns (address[] memory holders, uint256[] memory amounts) {
        (uint256 count, uint256 blocker) = _payable(parcelId);
        if (blocker != 0) revert LienNotPayable(parcelId, blocker);
        holders = new address[](count);
        amounts = new uint256[](count);
        uint256[] memory ids = _parcelLiens[parcelId];
        uint256 n;
        for (uint256 i = 0; i < ids.length; ++i) {
            Lien storage entry = _liens[ids[i]];
            if (entry.status != LienStatus.Active || !entry.blocking) continue;
            (holders[n], amounts[n]) = (entry.holder, entry.amount);
            ++n;
            _close(ids[i], LienStatus.PaidOff);
            emit LienPaidOff(ids[i], parcelId, deedId, entry.amount);
            _REGISTRY.recordRevision(parcelId, LandRevisions.LIEN_PAID_OFF, uint192(ids[i]));
        }
    }

    /// @inheritdoc ILandLiens
    function lien(uint256 lienId) external view returns (Lien memory) {
        return _liens[lienId];
    }

    /// @inheritdoc ILandLiens
    function liensOf(uint256 parcelId) external view returns (uint256[] memory) {
        return _parcelLiens[parcelId];
    }

    /// @inheritdoc ILandLiens
    function payoffOf(uint256 parcelId) external view returns (uint256 total, uint256 blockingLienId) {
        uint256[] storage ids = _parcelLiens[parcelId];
        for (uint256 i = 0; i < ids.length; ++i) {
            Lien storage entry = _liens[ids[i]];
            if (entry.status != LienStatus.Active || !entry.blocking) continue;
            if (entry.amount == 0 && blockingLienId == 0) blockingLienId = ids[i];
            total += entry.amount;
        }
    }

    /// @dev The owners' last approval activates the lien, if the parcel's owners are still those asked.
    function _afterConsentApproved(uint256 consentId, address, bool complete) internal override {
        if (!complete) return;
        uint256 lienId = _lienOfConsent[consentId];
        _consumeConsent(consentId, _lienAction(lienId, _REGISTRY.ownersOf(_liens[lienId].parcelId)));
        _activate(lienId);
    }

    /// @dev A declined or withdrawn proposal is rejected and frees its place on the parcel.
    function _afterConsentCancelled(uint256 consentId) internal override {
        uint256 lienId = _lienOfConsent[consentId];
        Lien storage entry = _liens[lienId];
        _close(lienId, LienStatus.Rejected);
        emit LienRejected(lienId, entry.parcelId);
    }

    function _newLien(
        uint256 parcelId,
        LienKind kind,
        bool blocking,
        uint96 amount,
        Documents.Document calldata terms
    ) private returns (uint256 lienId) {
        uint256[] storage ids = _parcelLiens[parcelId];
        if (ids.length >= MAX_ACTIVE_LIENS) revert LienTooMany(parcelId, MAX_ACTIVE_LIENS);
        lienId = ++_lienCount;
        _liens[lienId] = Lien({
            parcelId: uint64(parcelId),
            holder: msg.sender,
            kind: kind,
            status: LienStatus.Proposed,
            blocking: blocking,
            amount: amount,
            createdAt: uint40(block.timestamp),
            consentId: 0,
            terms: Documents.anchor(bytes32(lienId), terms)
        });
        ids.push(lienId);
    }

    function _activate(uint256 lienId) private {
        Lien storage entry = _liens[lienId];
        entry.status = LienStatus.Active;
        emit LienActivated(lienId, entry.parcelId, entry.holder);
        _REGISTRY.recordRevision(entry.parcelId, LandRevisions.LIEN_ADDED, uint192(lienId));
    }

    /// @dev Ends a lien (released, paid off, rejected) and removes it from the parcel's open list, keeping
    /// the order of the others. The lien record itself stays, with its final status.
    function _close(uint256 lienId, LienStatus status) private {
        Lien storage entry = _liens[lienId];
        entry.status = status;
        uint256[] storage ids = _parcelLiens[entry.parcelId];
        uint256 last = ids.length - 1;
        uint256 i;
        while (ids[i] != lienId) ++i;
        for (; i < last; ++i) ids[i] = ids[i + 1];
        ids.pop();
    }

    function _payable(uint256 parcelId) private view returns (uint256 count, uint256 blocker) {
        uint256[] storage ids = _parcelLiens[parcelId];
        for (uint256 i = 0; i < ids.length; ++i) {
            Lien storage entry = _liens[ids[i]];
            if (entry.status != LienStatus.Active || !entry.blocking) continue;
            if (entry.amount == 0) return (count, ids[i]);
            ++count;
        }
    }

    function _lienAction(uint256 lienId, ILandRegistry.Share[] memory owners) private view returns (bytes32) {
        Lien storage entry = _liens[lienId];
        return
            keccak256(abi.encode(lienId, entry.parcelId, entry.holder, entry.kind, entry.amount, entry.terms, owners));
    }

    function _lienIn(uint256 lienId, LienStatus status) private view returns (Lien storage entry) {
        entry = _liens[lienId];
        if (entry.status == LienStatus.None) revert LienUnknown(lienId);
        if (entry.status != status) revert LienStatusInvalid(lienId, entry.status);
    }

    function _requireParcelActive(uint256 parcelId) private view {
        ILandRegistry.ParcelStatus status = _REGISTRY.parcel(parcelId).status;
        if (status == ILandRegistry.ParcelStatus.None) revert ILandRegistry.LandParcelUnknown(parcelId);
        if (status == ILandRegistry.ParcelStatus.Retired) revert ILandRegistry.LandParcelRetired(parcelId);
    }
}
