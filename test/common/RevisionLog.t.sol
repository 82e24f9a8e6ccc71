// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {RevisionHarness} from "../../contracts/mocks/RevisionHarness.sol";
import {RevisionLog} from "../../contracts/common/RevisionLog.sol";
import {TestBase} from "../utils/TestBase.sol";

contract RevisionLogFuzzTest is TestBase {
    RevisionHarness internal harness;
    bytes32 internal constant RECORD = bytes32(uint256(7));

    function setUp() public {
        harness = new RevisionHarness();
    }

    function testFuzz_pageReturnsTheRequestedWindowInOrder(uint256 count, uint256 from, uint256 limit) public {
        count = bound(count, 0, 40);
        from = bound(from, 0, 45);
        limit = bound(limit, 0, RevisionLog.MAX_PAGE);
        for (uint256 i = 1; i <= count; ++i) harness.append(RECORD, 1, uint192(i));

        RevisionLog.Entry[] memory entries = harness.page(RECORD, from, limit);
        uint256 first = from == 0 ? 1 : from;
        uint256 expected = first > count || limit == 0 ? 0 : _min(limit, count - first + 1);
        assertEq(entries.length, expected, "page length");
        for (uint256 i = 0; i < entries.length; ++i) {
            assertEq(entries[i].ref, first + i, "entry order");
        }
    }

    function testFuzz_appendNeverRewritesEarlierRevisions(
        uint16 kindA,
        uint16 kindB,
        uint192 refA,
        uint192 refB
    ) public {
        harness.append(RECORD, kindA, refA);
        harness.append(RECORD, kindB, refB);
        RevisionLog.Entry[] memory entries = harness.page(RECORD, 1, 2);
        assertEq(entries[0].kind, kindA, "first kind");
        assertEq(entries[0].ref, refA, "first ref");
        assertEq(entries[1].kind, kindB, "second kind");
        assertEq(harness.count(RECORD), 2, "count");
    }

    function _min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }
}
