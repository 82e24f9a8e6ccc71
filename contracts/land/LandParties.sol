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
        uint8 level = minLevel(identity);
        return
            identity.isIdentityVerified(identityId, level) &&
            identity.identity(identityId).kind != IIdentityRegistry.IdentityKind.Device;
    }

    /// @notice The land service's minimum assurance level; reverts if the city has not set it.
    function minLevel(IIdentityRegistry identity) internal view returns (uint8 level) {
        level = identity.serviceMinLevel(LAND_SERVICE);
        if (level == 0) revert ILandRegistry.LandServiceLevelUnset();
    }

    /**
     * @notice The current primary wallet of `identityId` if it is a land party now at `level` (from
     * {minLevel}), else address(0): one registry call instead of four. Same rule as {isLandParty}: an Active,
     * unexpired, non-device identity at `level` or above (the identity registry's `isIdentityVerified` for a
     * non-device); an Active identity always holds its primary wallet (`identityOf(wallet) == identityId`).
     */
    function walletOfParty(
        IIdentityRegistry identity,
        uint256 identityId,
        uint8 level
    ) internal view returns (address) {
        IIdentityRegistry.Identity memory record = identity.identity(identityId);
        if (
            record.status != IIdentityRegistry.IdentityStatus.Active ||
            block.timestamp > record.validUntil ||
            record.level < level ||
            record.kind == IIdentityRegistry.IdentityKind.Device
        ) return address(0);
        return record.wallet;
    }
}
