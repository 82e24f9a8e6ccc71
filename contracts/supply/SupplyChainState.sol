// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {ISupplyChain} from "./ISupplyChain.sol";

/**
 * @title SupplyChainState
 * @notice All state of {SupplyChain} in its ERC-7201 namespace (unchanged: moved here from the contract to keep
 * it under 400 lines), and the EIP-712 type of an acceptance. An abstract contract (not a library) so that
 * OpenZeppelin's upgrade validator sees the namespace.
 */
abstract contract SupplyChainState is ISupplyChain {
    /// @notice EIP-712 type of a relayed acceptance (signed, or asserted by a passkey, by the receiver identity).
    bytes32 internal constant _ACCEPT_TYPEHASH = keccak256(
        "Accept(uint256 batchId,uint256 holderId,uint256 receiverId,bytes32 where,uint256 nonce,uint256 deadline)"
    );

    /// @custom:storage-location erc7201:citychain.storage.SupplyChain
    struct SupplyChainStorage {
        IIdentityRegistry identity;
        uint64 batchCount;
        uint32 recallEpoch;
        mapping(uint256 batchId => Batch) batches;
        mapping(uint256 batchId => uint256) parents; // up to 4 uint64 ids, packed
        mapping(uint256 batchId => uint256) children; // first output id (uint64) | count << 64
        mapping(uint256 identityId => uint256) nonces;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.SupplyChain")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _SUPPLY_CHAIN_STORAGE = 0x397434264ec779ad196d8204491d63d3212915a28806072e9b6f0deda9647000;

    function _s() internal pure returns (SupplyChainStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _SUPPLY_CHAIN_STORAGE
        }
    }
}
