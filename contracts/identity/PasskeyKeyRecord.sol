// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPasskeyRegistry} from "./IPasskeyRegistry.sol";

/**
 * @title PasskeyKeyRecord
 * @notice The one slot the passkey verifier reads per passkey: the top 152 bits of `keccak256(qx, qy)` (the key's
 * commitment: the assertion carries the key, a forged one would need a 152-bit second preimage), the removed flag
 * (bit 96), the identity's wallet-change counter at registration (bits 64-95) and the identity id (bits 0-63).
 */
library PasskeyKeyRecord {
    /// @dev The commitment's bits.
    uint256 internal constant COMMITMENT_MASK = type(uint256).max << 104;
    /// @dev Set once the passkey is removed.
    uint256 internal constant REMOVED = 1 << 96;

    /// @dev The record of a live passkey.
    function pack(bytes32 qx, bytes32 qy, uint256 identityId, uint32 walletChange) internal pure returns (uint256) {
        return commitment(qx, qy) | (uint256(walletChange) << 64) | uint64(identityId);
    }

    /// @dev The record of a passkey from its full {IPasskeyRegistry.Passkey} (0 if unknown).
    function fromPasskey(IPasskeyRegistry.Passkey storage key) internal view returns (uint256 record) {
        uint64 identityId = key.identityId;
        if (identityId == 0) return 0;
        record = pack(key.qx, key.qy, identityId, key.walletChange);
        if (key.removedAt != 0) record |= REMOVED;
    }

    /// @dev The top 152 bits of `keccak256(qx, qy)`, the rest zero.
    function commitment(bytes32 qx, bytes32 qy) internal pure returns (uint256) {
        bytes32 hash;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x00, qx)
            mstore(0x20, qy)
            hash := keccak256(0x00, 0x40)
        }
        return uint256(hash) & COMMITMENT_MASK;
    }
}
