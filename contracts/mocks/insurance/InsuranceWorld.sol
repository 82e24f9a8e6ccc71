// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILandRegistry} from "../../land/ILandRegistry.sol";

/**
 * @notice Test-only stand-ins for the identity registry and the land register, with only the views the insurance
 * service reads (same selectors), so invariant tests can run the service alone. Identity `i` owns parcel `i`.
 */
contract MockIdentityRegistry {
    mapping(address wallet => uint256) public identityOf;
    mapping(uint256 identityId => address) public walletOf;

    function set(uint256 identityId, address wallet) external {
        identityOf[walletOf[identityId]] = 0;
        identityOf[wallet] = identityId;
        walletOf[identityId] = wallet;
    }

    function isIdentityVerified(uint256 identityId, uint8) external view returns (bool) {
        return walletOf[identityId] != address(0);
    }
}

/// @notice Test-only land register: parcel `i` (1..100) is active and sole-owned by identity `i`.
contract MockLandRegistry {
    function ownersOf(uint256 parcelId) external pure returns (ILandRegistry.Share[] memory owners) {
        owners = new ILandRegistry.Share[](1);
        owners[0] = ILandRegistry.Share({identityId: uint64(parcelId), bps: 10_000});
    }

    function parcel(uint256) external pure returns (ILandRegistry.Parcel memory p) {
        p.status = ILandRegistry.ParcelStatus.Active;
    }
}
