// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILandRegistry} from "../../land/ILandRegistry.sol";

/// @notice Test-only land register: parcel `i` (1..100) is active and sole-owned by identity `i`.
contract MockLandRegistry {
    function ownersOf(uint256 parcelId) external pure returns (ILandRegistry.Share[] memory owners) {
        owners = new ILandRegistry.Share[](1);
        owners[0] = ILandRegistry.Share({identityId: uint64(parcelId), bps: 10_000});
    }

    function isActiveOwner(uint256 parcelId, uint256 identityId) external pure returns (bool) {
        return parcelId >= 1 && parcelId <= 100 && identityId == parcelId;
    }

    function parcel(uint256) external pure returns (ILandRegistry.Parcel memory p) {
        p.status = ILandRegistry.ParcelStatus.Active;
    }
}
