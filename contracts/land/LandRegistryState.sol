// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {RevisionLog} from "../common/RevisionLog.sol";
import {ILandRegistry} from "./ILandRegistry.sol";
import {LandTitles} from "./LandTitles.sol";

/**
 * @title LandRegistryState
 * @notice The land title register's state (one ERC-7201 namespace), its views and the view helpers its
 * changes share. {LandRegistry} adds the changes.
 */
abstract contract LandRegistryState is LandTitles {
    uint16 internal constant _FULL_SHARE = 10_000;

    /// @custom:storage-location erc7201:citychain.storage.LandRegistry
    struct LandRegistryStorage {
        uint256 parcelCount;
        mapping(uint256 parcelId => Parcel) parcels;
        mapping(uint256 parcelId => mapping(uint256 index => Share)) shares;
        mapping(bytes32 cadastralId => uint256 parcelId) parcelByCadastralId;
        mapping(uint256 parcelId => uint256[]) parents;
        mapping(uint256 parcelId => uint256[]) children;
        mapping(uint256 parcelId => uint256 count) activeLiens;
        /// @dev Unused since the hash-chained head (kept for the storage layout): stored entries, one per revision.
        mapping(uint256 parcelId => RevisionLog.History) histories;
        /// @dev Each parcel's chain-of-title head; its low 64 bits count the revisions ({ILandRegistry-historyHead}).
        mapping(uint256 parcelId => bytes32 head) heads;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.LandRegistry")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _LAND_REGISTRY_STORAGE =
        0x3626ad6d24beafc297ed5d5aa284127117611e04b41f96ef6ab10f48756ab100;

    // ----------------------------------------------------------------------- views

    /// @inheritdoc ILandRegistry
    function parcel(uint256 parcelId) external view returns (Parcel memory) {
        return _registryStorage().parcels[parcelId];
    }

    /// @inheritdoc ILandRegistry
    function ownersOf(uint256 parcelId) external view returns (Share[] memory) {
        if (_registryStorage().parcels[parcelId].status == ParcelStatus.None) revert LandParcelUnknown(parcelId);
        return _ownersOf(parcelId);
    }

    /// @inheritdoc ILandRegistry
    function isActiveOwner(uint256 parcelId, uint256 identityId) external view returns (bool) {
        LandRegistryStorage storage $ = _registryStorage();
        Parcel storage p = $.parcels[parcelId];
        if (p.status != ParcelStatus.Active) return false;
        uint256 count = p.ownerCount;
        for (uint256 i = 0; i < count; ++i) if ($.shares[parcelId][i].identityId == identityId) return true;
        return false;
    }

    /// @inheritdoc ILandRegistry
    function parcelOfCadastralId(bytes32 cadastralId) external view returns (uint256) {
        return _registryStorage().parcelByCadastralId[cadastralId];
    }

    /// @inheritdoc ILandRegistry
    function parentsOf(uint256 parcelId) external view returns (uint256[] memory) {
        return _registryStorage().parents[parcelId];
    }

    /// @inheritdoc ILandRegistry
    function childrenOf(uint256 parcelId) external view returns (uint256[] memory) {
        return _registryStorage().children[parcelId];
    }

    /// @inheritdoc ILandRegistry
    function titleCountOf(uint256 identityId) external view returns (uint256) {
        return _landTitlesStorage().titleCount[identityId];
    }

    /// @inheritdoc ILandRegistry
    function activeLienCount(uint256 parcelId) external view returns (uint256) {
        return _registryStorage().activeLiens[parcelId];
    }

    /// @inheritdoc ILandRegistry
    function revisionCount(uint256 parcelId) external view returns (uint256) {
        return _revisionOf(parcelId);
    }

    /// @inheritdoc ILandRegistry
    function historyHead(uint256 parcelId) external view returns (uint256 revision, bytes32 head) {
        head = _registryStorage().heads[parcelId];
        revision = uint64(uint256(head));
    }

    /// @dev A parcel's revision count: the low 64 bits of its chain-of-title head.
    function _revisionOf(uint256 parcelId) internal view returns (uint256) {
        return uint64(uint256(_registryStorage().heads[parcelId]));
    }

    function _ownersOf(uint256 parcelId) internal view returns (Share[] memory owners) {
        uint256 count = _registryStorage().parcels[parcelId].ownerCount;
        owners = new Share[](count);
        for (uint256 i = 0; i < count; ++i) owners[i] = _registryStorage().shares[parcelId][i];
    }

    function _activeParcel(uint256 parcelId) internal view returns (Parcel storage p) {
        p = _registryStorage().parcels[parcelId];
        if (p.status == ParcelStatus.None) revert LandParcelUnknown(parcelId);
        if (p.status == ParcelStatus.Retired) revert LandParcelRetired(parcelId);
    }

    /// @dev An active parcel that a subdivision or merger may change: not frozen, locked or encumbered.
    function _changeableParcel(uint256 parcelId) internal view returns (Parcel storage p) {
        p = _activeParcel(parcelId);
        if (p.frozen) revert LandParcelFrozen(parcelId);
        if (p.lockedByDeed != 0) revert LandParcelLocked(parcelId, p.lockedByDeed);
        uint256 liens = _registryStorage().activeLiens[parcelId];
        if (liens != 0) revert LandParcelEncumbered(parcelId, liens);
    }

    function _lockedBy(uint256 parcelId, uint256 deedId) internal view returns (Parcel storage p) {
        p = _activeParcel(parcelId);
        if (deedId == 0 || p.lockedByDeed != deedId) revert LandParcelNotLockedBy(parcelId, deedId);
    }

    function _registryStorage() internal pure returns (LandRegistryStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _LAND_REGISTRY_STORAGE
        }
    }

    /// @dev A sole owner's current primary wallet; the register itself (in trust) for a co-owned title and
    /// for a sole owner whose identity no longer holds its wallet (revoked: the wallet may be reused).
    function _holderOf(uint256 parcelId) internal view override returns (address) {
        if (_registryStorage().parcels[parcelId].ownerCount != 1) return address(this);
        uint64 ownerId = _registryStorage().shares[parcelId][0].identityId;
        address wallet = _identity().walletOf(ownerId);
        return _identity().identityOf(wallet) == ownerId ? wallet : address(this);
    }

    function _requireLiveTitle(uint256 parcelId) internal view override {
        if (_registryStorage().parcels[parcelId].status != ParcelStatus.Active) revert ERC721NonexistentToken(parcelId);
    }
}
