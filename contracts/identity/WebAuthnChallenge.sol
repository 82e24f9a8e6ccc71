// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title WebAuthnChallenge
 * @notice The base64url form (no padding) of a 32-byte WebAuthn challenge, as a browser writes it into
 * clientDataJSON, computed without a loop or memory: 43 characters returned as two words.
 * @dev SWAR ("SIMD within a register"): the challenge's 256 bits are spread into one byte per 6-bit group (four
 * mask-and-shift steps, each halving the groups in every lane), then each byte is mapped to its character in all
 * lanes at once (`A-Z a-z 0-9 - _`: value + 65, + 6 from 26, - 75 from 52, - 13 from 62, + 49 from 63; a lane's
 * `value >= k` is bit 7 of `value + 128 - k`, no lane carries into another since values are below 64).
 * Checked against OpenZeppelin's `Base64.encodeURL` by test/identity/WebAuthnChallenge.t.sol (fuzzed).
 */
library WebAuthnChallenge {
    /**
     * @notice `base64url(challenge)`: its first 32 characters and its last 11.
     * @param challenge The challenge (the action's EIP-712 digest).
     * @return head Characters 0-31.
     * @return tail Characters 32-42.
     */
    function base64url(bytes32 challenge) internal pure returns (bytes32 head, bytes11 tail) {
        uint256 x;
        uint256 z;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // The first 192 bits: 4 x 48 bits in 64-bit lanes, then 8 x 24 in 32-bit lanes.
            x := shr(64, challenge)
            x := or(
                or(and(x, 0xffffffffffff), and(shl(16, x), 0xffffffffffff0000000000000000)),
                or(
                    and(shl(32, x), 0xffffffffffff00000000000000000000000000000000),
                    and(shl(48, x), 0xffffffffffff000000000000000000000000000000000000000000000000)
                )
            )
            x := or(
                and(x, 0x0000000000ffffff0000000000ffffff0000000000ffffff0000000000ffffff),
                and(shl(8, x), 0x00ffffff0000000000ffffff0000000000ffffff0000000000ffffff00000000)
            )
            // The last 64 bits and 8 zero bits (2 of them the padding of character 42): 3 x 24 bits.
            z := shl(8, and(challenge, 0xffffffffffffffff))
            z := or(or(and(z, 0xffffff), and(shl(8, z), 0xffffff00000000)), and(shl(16, z), 0xffffff0000000000000000))
        }
        head = bytes32(_chars(_spread24(x)));
        tail = bytes11(bytes32(_chars(_spread24(z)) << 160));
    }

    /// @dev 24-bit groups in 32-bit lanes -> 12-bit groups in 16-bit lanes -> 6-bit groups in byte lanes.
    function _spread24(uint256 x) private pure returns (uint256 y) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            x := or(
                and(x, 0x00000fff00000fff00000fff00000fff00000fff00000fff00000fff00000fff),
                and(shl(4, x), 0x0fff00000fff00000fff00000fff00000fff00000fff00000fff00000fff0000)
            )
            y := or(
                and(x, 0x003f003f003f003f003f003f003f003f003f003f003f003f003f003f003f003f),
                and(shl(2, x), 0x3f003f003f003f003f003f003f003f003f003f003f003f003f003f003f003f00)
            )
        }
    }

    /// @dev The base64url character of every byte lane (each holding a value below 64).
    function _chars(uint256 v) private pure returns (uint256 a) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let ones := 0x0101010101010101010101010101010101010101010101010101010101010101
            let from26 := and(shr(7, add(v, 0x6666666666666666666666666666666666666666666666666666666666666666)), ones)
            let from52 := and(shr(7, add(v, 0x4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c)), ones)
            let from62 := and(shr(7, add(v, 0x4242424242424242424242424242424242424242424242424242424242424242)), ones)
            let from63 := and(shr(7, add(v, 0x4141414141414141414141414141414141414141414141414141414141414141)), ones)
            a := add(add(v, mul(ones, 65)), add(mul(from26, 6), mul(from63, 49)))
            a := sub(a, add(mul(from52, 75), mul(from62, 13)))
        }
    }
}
