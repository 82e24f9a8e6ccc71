// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Bn254} from "../../contracts/voting/Bn254.sol";
import {TestBase} from "../utils/TestBase.sol";

/// @notice Properties of the bn254 library: the precompiles agree with the group law, and invalid points are refused.
contract Bn254Test is TestBase {
    function test_generatorIsValidAndInfinityIsNot() public pure {
        require(Bn254.isValid(Bn254.GX, Bn254.GY), "G");
        require(!Bn254.isValid(0, 0), "infinity");
        require(!Bn254.isValid(1, 3), "off curve");
        require(!Bn254.isValid(Bn254.GX + Bn254.P, Bn254.GY), "x not reduced");
        require(!Bn254.isValid(Bn254.GX, Bn254.GY + Bn254.P), "y not reduced");
    }

    /// @notice (a + b)*G == a*G + b*G, and every multiple of G is a valid point (or infinity).
    function testFuzz_mulDistributesOverAdd(uint256 a, uint256 b) public view {
        a = a % Bn254.N;
        b = b % Bn254.N;
        (uint256 ax, uint256 ay) = Bn254.mul(Bn254.GX, Bn254.GY, a);
        (uint256 bx, uint256 by) = Bn254.mul(Bn254.GX, Bn254.GY, b);
        (uint256 sx, uint256 sy) = Bn254.add(ax, ay, bx, by);
        (uint256 ex, uint256 ey) = Bn254.mul(Bn254.GX, Bn254.GY, addmod(a, b, Bn254.N));
        require(sx == ex && sy == ey, "distributive");
        require(a == 0 || Bn254.isValid(ax, ay), "multiple valid");
    }

    /// @notice mulAdd(G, a, G, b) == (a + b)*G.
    function testFuzz_mulAdd(uint256 a, uint256 b) public view {
        a = a % Bn254.N;
        b = b % Bn254.N;
        (uint256 ex, uint256 ey) = Bn254.mul(Bn254.GX, Bn254.GY, addmod(a, b, Bn254.N));
        (uint256 mx, uint256 my) = Bn254.mulAdd(Bn254.GX, Bn254.GY, a, Bn254.GX, Bn254.GY, b);
        require(mx == ex && my == ey, "mulAdd");
    }

    /// @notice A - A is infinity; A - B + B is A; N*A is infinity.
    function testFuzz_negationAndOrder(uint256 a, uint256 b) public view {
        a = (a % (Bn254.N - 1)) + 1;
        (uint256 ax, uint256 ay) = Bn254.mul(Bn254.GX, Bn254.GY, a);
        (uint256 zx, uint256 zy) = Bn254.sub(ax, ay, ax, ay);
        require(zx == 0 && zy == 0, "A - A");
        (uint256 bx, uint256 by) = Bn254.mul(Bn254.GX, Bn254.GY, b);
        (uint256 dx, uint256 dy) = Bn254.sub(ax, ay, bx, by);
        (uint256 rx, uint256 ry) = Bn254.add(dx, dy, bx, by);
        require(rx == ax && ry == ay, "A - B + B");
        (uint256 ox, uint256 oy) = Bn254.mul(ax, ay, Bn254.N);
        require(ox == 0 && oy == 0, "N*A");
    }

    /// @notice Any (x, y) the library accepts satisfies the curve equation, and the precompile accepts it too.
    function testFuzz_validationMatchesTheCurve(uint256 x, uint256 y) public view {
        bool onCurve =
            x < Bn254.P &&
                y < Bn254.P &&
                mulmod(y, y, Bn254.P) == addmod(mulmod(x, mulmod(x, x, Bn254.P), Bn254.P), 3, Bn254.P);
        require(Bn254.isValid(x, y) == (onCurve && !(x == 0 && y == 0)), "validation");
        // A random pair is almost never on the curve: the precompile refuses what the library refuses.
        if (!onCurve && !(x == 0 && y == 0)) {
            (bool ok, ) = address(0x06).staticcall(abi.encode(x, y, Bn254.GX, Bn254.GY));
            require(!ok, "precompile accepted an invalid point");
        }
    }
}
