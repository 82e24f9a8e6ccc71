// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {ICarbonCommon} from "./ICarbonCommon.sol";

/**
 * @title CarbonParties
 * @notice How the carbon ledger resolves wallets to identities: always live, one `identity(id)` read per party.
 */
library CarbonParties {
    /**
     * @notice The identity whose current primary wallet is `wallet`, which must be Active and unexpired.
     * @dev A bound (secondary) wallet is not accepted: credits move only on the primary key's say.
     */
    function activeIdentityOf(IIdentityRegistry registry, address wallet) internal view returns (uint256 id) {
        id = registry.identityOf(wallet);
        if (id == 0) revert ICarbonCommon.CarbonWalletNotIdentity(wallet);
        IIdentityRegistry.Identity memory record = registry.identity(id);
        if (record.wallet != wallet) revert ICarbonCommon.CarbonWalletNotIdentity(wallet);
        if (!_isActive(record)) revert ICarbonCommon.CarbonIdentityNotActive(id);
    }

    /**
     * @notice Reverts unless `wallet` is the current primary wallet of identity `identityId`, which must be Active
     * and unexpired. Two reads of one record slot: the cheapest complete check when the caller names its identity.
     */
    function requirePrimaryWallet(IIdentityRegistry registry, uint256 identityId, address wallet) internal view {
        if (registry.walletOf(identityId) != wallet) revert ICarbonCommon.CarbonCallerNotHolder(identityId, wallet);
        if (!registry.isIdentityVerified(identityId, 1)) revert ICarbonCommon.CarbonIdentityNotActive(identityId);
    }

    /// @notice The current primary wallet of an emitter, which must be an Active, unexpired business identity.
    function emitterWallet(IIdentityRegistry registry, uint256 emitterId) internal view returns (address) {
        IIdentityRegistry.Identity memory record = registry.identity(emitterId);
        if (record.kind != IIdentityRegistry.IdentityKind.Business || !_isActive(record)) {
            revert ICarbonCommon.CarbonEmitterUnknown(emitterId);
        }
        return record.wallet;
    }

    /// @notice The current primary wallet of an Active, unexpired identity.
    function activeWallet(IIdentityRegistry registry, uint256 identityId) internal view returns (address) {
        IIdentityRegistry.Identity memory record = registry.identity(identityId);
        if (!_isActive(record)) revert ICarbonCommon.CarbonIdentityNotActive(identityId);
        return record.wallet;
    }

    function _isActive(IIdentityRegistry.Identity memory record) private view returns (bool) {
        return record.status == IIdentityRegistry.IdentityStatus.Active && record.validUntil >= block.timestamp;
    }
}
