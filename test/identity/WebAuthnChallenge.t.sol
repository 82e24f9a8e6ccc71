// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Base64} from "@openzeppelin/contracts/utils/Base64.sol";

import {WebAuthnChallenge} from "../../contracts/identity/WebAuthnChallenge.sol";
import {TestBase} from "../utils/TestBase.sol";

/// @notice The loop-free base64url of a challenge equals OpenZeppelin's `Base64.encodeURL`, for every challenge.
contract WebAuthnChallengeTest is TestBase {
    function testFuzz_matchesOpenZeppelin(bytes32 challenge) public pure {
        _check(challenge);
    }

    function test_edges() public pure {
        _check(bytes32(0));
        _check(bytes32(type(uint256).max));
        _check(bytes32(uint256(1)));
        _check(bytes32(uint256(1) << 255));
        _check(0xfbff03effbffbfefbefbfeffbffbffbefbefbfffbfbfbefbfefbfbefbfbefbfb);
        _check(keccak256("citychain"));
    }

    function _check(bytes32 challenge) private pure {
        bytes memory expected = bytes(Base64.encodeURL(abi.encodePacked(challenge)));
        assertEq(expected.length, 43, "length");
        (bytes32 head, bytes11 tail) = WebAuthnChallenge.base64url(challenge);
        assertEq(keccak256(abi.encodePacked(head, tail)), keccak256(expected), string(abi.encodePacked(head, tail)));
    }
}
