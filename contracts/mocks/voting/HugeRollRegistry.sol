// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Test-only identity registry stand-in whose identity count is larger than a tally lane can count.
contract HugeRollRegistry {
    /// @notice 2^31 identities: one more than the elections' largest roll.
    function identityCount() external pure returns (uint256) {
        return 1 << 31;
    }
}
