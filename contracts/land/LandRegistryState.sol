// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILandRegistry} from "./ILandRegistry.sol";
import {LandTitles} from "./LandTitles.sol";

/**
 * @title LandRegistryState
 * @notice The land title register's views and the view helpers its changes share (its state and shared steps
 * live in {LandRegisterCore}). {LandRegistry} adds the changes.
 */
abstract contract LandRegistryState is LandTitles {
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
}
