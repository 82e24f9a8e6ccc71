// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Accounting} from "../../contracts/common/Accounting.sol";
import {TestBase} from "../utils/TestBase.sol";

/// @notice External entry points to the library, so a test can catch (and compare) the errors it reverts with.
contract AccountingCaller {
    function proRataSplit(uint256 total, uint16[] memory bps) external pure returns (uint256[] memory) {
        return Accounting.proRataSplit(total, bps);
    }

    function checkShares(uint16[] memory bps) external pure returns (uint256) {
        return Accounting.checkShares(bps);
    }

    function shareOf(uint256 amount, uint256 bps) external pure returns (uint256) {
        return Accounting.shareOf(amount, bps);
    }

    function lock(uint256 owed, uint256 amount) external pure returns (uint256, uint256) {
        return Accounting.lock(owed, amount);
    }

    function release(uint256 remaining, uint256 credit, uint256 amount) external pure returns (uint256, uint256) {
        return Accounting.release(remaining, credit, amount);
    }

    function withdraw(uint256 owed, uint256 credit) external pure returns (uint256) {
        return Accounting.withdraw(owed, credit);
    }
}

/**
 * @notice The properties `npm run verify:smt` proves, checked by fuzzing, plus the loop-level ones the SMTChecker
 * cannot prove (the parts before the last never exceed the total; the last part's rounding bound).
 */
contract AccountingFuzzTest is TestBase {
    uint256 internal constant FULL = 10_000;
    uint256 internal constant MAX = type(uint96).max;
    AccountingCaller internal caller;

    function setUp() public {
        caller = new AccountingCaller();
    }

    /// A random valid share set: 1..16 positive shares summing to 10,000 (cut points over 1..9,999).
    function _shares(uint256 seed, uint256 count) internal pure returns (uint16[] memory bps) {
        bps = new uint16[](count);
        uint256 left = FULL;
        for (uint256 i = 0; i + 1 < count; ++i) {
            uint256 rest = count - i - 1; // holders after this one each need at least 1
            uint256 share = 1 + (uint256(keccak256(abi.encode(seed, i))) % (left - rest));
            bps[i] = uint16(share);
            left -= share;
        }
        bps[count - 1] = uint16(left);
    }

    function testFuzz_shareOfIsTheExactShareRoundedDown(uint256 amount, uint256 bps) public pure {
        amount = bound(amount, 0, MAX);
        bps = bound(bps, 0, FULL);
        uint256 part = Accounting.shareOf(amount, bps);
        assertLe(part, amount, "part above amount");
        assertLe(part * FULL, amount * bps, "part above the exact share");
        assertTrue(amount * bps < (part + 1) * FULL, "part a unit or more below the exact share");
    }

    function testFuzz_shareOfRejectsOutOfRangeInputs(uint256 amount, uint256 bps) public {
        amount = bound(amount, MAX + 1, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(Accounting.AccountingAmountTooLarge.selector, amount, MAX));
        caller.shareOf(amount, 1);
        bps = bound(bps, FULL + 1, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(Accounting.AccountingShareTooLarge.selector, bps, FULL));
        caller.shareOf(1, bps);
    }

    /// The split pays exactly what `LandDeeds.completeDeed` pays today, sums to the total, and bounds the rounding.
    function testFuzz_splitSumsToTheTotalAndMatchesTheDeedOffice(
        uint256 total,
        uint256 seed,
        uint256 count
    ) public view {
        total = bound(total, 0, MAX);
        count = bound(count, 1, Accounting.MAX_HOLDERS);
        uint16[] memory bps = _shares(seed, count);
        uint256[] memory parts = caller.proRataSplit(total, bps);
        assertEq(parts.length, count, "one part per holder");

        uint256 sum;
        uint256 credited; // LandDeeds.completeDeed's inline loop, as the reference
        for (uint256 i = 0; i < count; ++i) {
            uint256 expected = i + 1 == count ? total - credited : (total * bps[i]) / FULL;
            credited += expected;
            assertEq(parts[i], expected, "differs from the deed office's split");
            (uint256 part, uint256 creditedAfter) = Accounting.proRataPart(total, sum, bps[i], i + 1 == count);
            assertEq(parts[i], part, "differs from proRataPart");
            assertEq(creditedAfter, sum + part, "proRataPart's running total");
            if (i + 1 < count) assertLe(parts[i] * FULL, total * bps[i], "an early part above its exact share");
            sum += parts[i];
        }
        assertEq(sum, total, "parts do not sum to the total");
        uint256 last = parts[count - 1];
        uint256 lastExact = total * bps[count - 1];
        assertGe(last * FULL + FULL - 1, lastExact, "last part below its exact share rounded down");
        // Each earlier holder loses less than one unit to rounding; the last holder gets those units.
        assertLe(last * FULL, lastExact + (count - 1) * (FULL - 1), "last part above its exact share + rounding");
    }

    function testFuzz_checkSharesAcceptsExactlyTheValidSets(uint256 seed, uint256 count, bool valid) public view {
        count = bound(count, 0, Accounting.MAX_HOLDERS + 2);
        uint16[] memory bps;
        if (valid && count >= 1 && count <= Accounting.MAX_HOLDERS) {
            bps = _shares(seed, count);
        } else {
            bps = new uint16[](count);
            for (uint256 i = 0; i < count; ++i) bps[i] = uint16(uint256(keccak256(abi.encode(seed, i))) % 12_000);
        }
        bytes memory expected = _checkSharesError(bps);
        try caller.checkShares(bps) returns (uint256 sum) {
            assertEq(expected.length, 0, "accepted an invalid share set");
            assertEq(sum, FULL, "sum of an accepted set");
        } catch (bytes memory reason) {
            assertEq(keccak256(reason), keccak256(expected), "wrong error for an invalid share set");
        }
    }

    /// Reference for {Accounting.checkShares}: the error it must revert with, or empty when the set is valid.
    function _checkSharesError(uint16[] memory bps) internal pure returns (bytes memory) {
        uint256 count = bps.length;
        if (count == 0 || count > Accounting.MAX_HOLDERS) {
            return abi.encodeWithSelector(Accounting.AccountingHolderCountInvalid.selector, count, 16);
        }
        uint256 sum;
        for (uint256 i = 0; i < count; ++i) {
            if (bps[i] == 0) return abi.encodeWithSelector(Accounting.AccountingShareZero.selector, i);
            sum += bps[i];
            if (sum > FULL) return abi.encodeWithSelector(Accounting.AccountingSharesInvalid.selector, sum);
        }
        if (sum != FULL) return abi.encodeWithSelector(Accounting.AccountingSharesInvalid.selector, sum);
        return "";
    }

    function testFuzz_releaseNeverExceedsWhatIsLocked(uint256 remaining, uint256 credit, uint256 amount) public {
        remaining = bound(remaining, 0, MAX);
        credit = bound(credit, 0, MAX * 16);
        amount = bound(amount, 0, MAX + 1);
        if (amount > remaining) {
            vm.expectRevert(abi.encodeWithSelector(Accounting.AccountingInsufficient.selector, remaining, amount));
            caller.release(remaining, credit, amount);
            return;
        }
        (uint256 remainingAfter, uint256 creditAfter) = Accounting.release(remaining, credit, amount);
        assertEq(remainingAfter + amount, remaining, "locked amount not reduced by the release");
        assertEq(creditAfter, credit + amount, "credit not increased by the release");
        (remainingAfter, creditAfter) = Accounting.refund(remainingAfter, creditAfter);
        assertEq(remainingAfter, 0, "refund leaves funds locked");
        assertEq(creditAfter, credit + remaining, "release + refund credit the whole escrow");
    }

    function testFuzz_withdrawNeverUnderflowsWhatIsOwed(uint256 owed, uint256 credit) public {
        if (credit > owed) {
            vm.expectRevert(abi.encodeWithSelector(Accounting.AccountingOwedUnderflow.selector, owed, credit));
            caller.withdraw(owed, credit);
            return;
        }
        assertEq(Accounting.withdraw(owed, credit) + credit, owed, "withdraw does not reduce owed by the credit");
    }

    function testFuzz_lockRejectsOverflowAndOversizedAmounts(uint256 owed, uint256 amount) public {
        amount = bound(amount, 1, MAX);
        owed = bound(owed, type(uint256).max - amount + 1, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(Accounting.AccountingOwedOverflow.selector, owed, amount));
        caller.lock(owed, amount);
        vm.expectRevert(abi.encodeWithSelector(Accounting.AccountingAmountTooLarge.selector, MAX + 1, MAX));
        caller.lock(0, MAX + 1);
    }

    /**
     * The escrow ledger on values: random locks, releases, refunds and withdrawals over four escrows and four
     * payees; what is owed always equals everything locked plus every credit.
     */
    function testFuzz_ledgerOwesExactlyWhatIsLockedAndCredited(uint256 seed) public pure {
        uint256 owed;
        uint256[4] memory remaining;
        uint256[4] memory credits;
        for (uint256 step = 0; step < 24; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            uint256 e = (r >> 8) % 4;
            uint256 p = (r >> 16) % 4;
            uint256 op = r % 4;
            if (op == 0 && remaining[e] == 0) {
                (owed, remaining[e]) = Accounting.lock(owed, 1 + ((r >> 24) % MAX));
            } else if (op == 1 && remaining[e] != 0) {
                uint256 amount = 1 + ((r >> 24) % remaining[e]);
                (remaining[e], credits[p]) = Accounting.release(remaining[e], credits[p], amount);
            } else if (op == 2) {
                (remaining[e], credits[p]) = Accounting.refund(remaining[e], credits[p]);
            } else if (op == 3) {
                owed = Accounting.withdraw(owed, credits[p]);
                credits[p] = 0;
            }
            uint256 sum;
            for (uint256 i = 0; i < 4; ++i) sum += remaining[i] + credits[i];
            assertEq(owed, sum, "owed != locked + credits");
        }
    }
}
