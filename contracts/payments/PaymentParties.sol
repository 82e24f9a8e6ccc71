// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {IPaymentsCommon} from "./IPaymentsCommon.sol";

/**
 * @title PaymentParties
 * @notice How the payments service resolves callers and counterparties to identities: always live, never a
 * stored wallet (a key recovery moves every invoice, credit and stream at once).
 */
library PaymentParties {
    /// @notice The caller's identity: it must be the current primary wallet of a verified (level >= 1) identity.
    function verifiedCaller(IIdentityRegistry registry, address caller) internal view returns (uint256 id) {
        id = registry.identityOf(caller);
        if (id == 0 || registry.walletOf(id) != caller || !registry.isIdentityVerified(id, 1)) {
            revert IPaymentsCommon.PaymentsCallerNotVerified(caller);
        }
    }

    /// @notice Reverts unless `otherId` is a registered identity other than `selfId` that fits 64 bits.
    function requireCounterparty(IIdentityRegistry registry, uint256 selfId, uint256 otherId) internal view {
        if (otherId == selfId || otherId > type(uint64).max || registry.walletOf(otherId) == address(0)) {
            revert IPaymentsCommon.PaymentsCounterpartyInvalid(otherId);
        }
    }

    /// @notice Reverts unless a page of `limit` items is within `max`.
    function requirePage(uint256 limit, uint256 max) internal pure {
        if (limit > max) revert IPaymentsCommon.PaymentsPageTooLarge(limit, max);
    }
}
