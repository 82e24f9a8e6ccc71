// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {ISupplyChain} from "./ISupplyChain.sol";

/**
 * @title SupplyParties
 * @notice How the supply chain resolves callers to identities: always live, never a stored wallet.
 */
library SupplyParties {
    /// @notice The caller's identity, which must be an Active, unexpired business identity whose primary wallet it is.
    function producerOf(IIdentityRegistry registry, address caller) internal view returns (uint256 id) {
        id = registry.identityOf(caller);
        IIdentityRegistry.Identity memory r = registry.identity(id);
        if (
            id == 0 ||
            r.wallet != caller ||
            r.kind != IIdentityRegistry.IdentityKind.Business ||
            r.status != IIdentityRegistry.IdentityStatus.Active ||
            r.validUntil < block.timestamp
        ) revert ISupplyChain.SupplyNotProducer(caller);
    }

    /// @notice Reverts unless `caller` is the current primary wallet of the active identity `identityId`.
    function requireParty(IIdentityRegistry registry, uint256 identityId, address caller) internal view {
        if (registry.walletOf(identityId) != caller || !registry.isIdentityVerified(identityId, 1)) {
            revert ISupplyChain.SupplyCallerNotParty(identityId, caller);
        }
    }
}
