// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title Bn254
 * @notice Arithmetic on the bn254 (alt_bn128) curve `y^2 = x^3 + 3` over the base field `P`, group order `N`,
 * through the EVM precompiles `ecAdd` (0x06, 150 gas) and `ecMul` (0x07, 6,000 gas) of EIP-196 / EIP-1108.
 * Points are affine `(x, y)`; `(0, 0)` is the point at infinity (the precompiles' convention).
 */
library Bn254 {
    /// @notice The base field modulus.
    uint256 internal constant P = 0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47;
    /// @notice The group order (the scalar field modulus).
    uint256 internal constant N = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001;
    /// @notice The generator `G = (1, 2)`.
    uint256 internal constant GX = 1;
    uint256 internal constant GY = 2;

    /// @notice A precompile call failed (only reachable with a point that was not validated first).
    error Bn254PrecompileFailed(address precompile);

    /// @notice Whether `(x, y)` is a point of the curve other than infinity, with coordinates below `P`.
    function isValid(uint256 x, uint256 y) internal pure returns (bool) {
        if (x >= P || y >= P || (x == 0 && y == 0)) return false;
        return mulmod(y, y, P) == addmod(mulmod(x, mulmod(x, x, P), P), 3, P);
    }

    /// @notice `-A`.
    function neg(uint256 x, uint256 y) internal pure returns (uint256, uint256) {
        return (x, y == 0 ? 0 : P - y);
    }

    /// @notice `A + B` (0x06).
    function add(uint256 ax, uint256 ay, uint256 bx, uint256 by) internal view returns (uint256 x, uint256 y) {
        bool ok;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, ax)
            mstore(add(m, 0x20), ay)
            mstore(add(m, 0x40), bx)
            mstore(add(m, 0x60), by)
            ok := staticcall(gas(), 0x06, m, 0x80, m, 0x40)
            x := mload(m)
            y := mload(add(m, 0x20))
        }
        if (!ok) revert Bn254PrecompileFailed(address(0x06));
    }

    /// @notice `s * A` (0x07).
    function mul(uint256 ax, uint256 ay, uint256 s) internal view returns (uint256 x, uint256 y) {
        bool ok;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, ax)
            mstore(add(m, 0x20), ay)
            mstore(add(m, 0x40), s)
            ok := staticcall(gas(), 0x07, m, 0x60, m, 0x40)
            x := mload(m)
            y := mload(add(m, 0x20))
        }
        if (!ok) revert Bn254PrecompileFailed(address(0x07));
    }

    /// @notice `s * A + t * B` (two 0x07 calls, one 0x06 call).
    function mulAdd(
        uint256 ax,
        uint256 ay,
        uint256 s,
        uint256 bx,
        uint256 by,
        uint256 t
    ) internal view returns (uint256 x, uint256 y) {
        (uint256 sx, uint256 sy) = mul(ax, ay, s);
        (uint256 ux, uint256 uy) = mul(bx, by, t);
        return add(sx, sy, ux, uy);
    }

    /// @notice `A - B`.
    function sub(uint256 ax, uint256 ay, uint256 bx, uint256 by) internal view returns (uint256, uint256) {
        (uint256 nx, uint256 ny) = neg(bx, by);
        return add(ax, ay, nx, ny);
    }
}
