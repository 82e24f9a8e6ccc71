// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {ILandRegistry} from "./ILandRegistry.sol";

/**
 * @title LandParties
 * @notice Who may hold a right in the land service (own a share, buy, hold a lien): a verified identity at
 * the land service's minimum level that is not a device. Fails closed: while the city has not set
 * `serviceMinLevel("land")` (level 0), nobody qualifies and every caller reverts with
 * {ILandRegistry-LandServiceLevelUnset}.
 */
library LandParties {
    /// @notice The directory id of the land service; its minimum assurance level applies to land parties.
    bytes32 internal constant LAND_SERVICE = "land";

    /// @notice Whether `identityId` may hold land rights now; reverts if the land level is unset.
    function isLandParty(IIdentityRegistry identity, uint256 identityId) internal view returns (bool) {
        uint8 level = identity.serviceMinLevel(LAND_SERVICE);
        if (level == 0) revert ILandRegistry.LandServiceLevelUnset();
        return
            identity.isIdentityVerified(identityId, level) &&
            identity.identity(identityId).kind != IIdentityRegistry.IdentityKind.Device;
    }
}
