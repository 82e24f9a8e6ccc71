// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title Accounting
 * @notice The city's money arithmetic as pure functions: pro-rata splits by basis points, share sums, and the
 * escrow ledger (lock, release, refund, withdraw). Services call these instead of writing the arithmetic inline,
 * so every payout in the city uses the same proven code.
 * @dev Every function states its properties as `assert`s. `npm run verify:smt` proves them (and the absence of
 * overflow, underflow and division by zero) with solc's SMTChecker (CHC engine, z3) for every input; the fuzz
 * tests in `test/common/Accounting.t.sol` check the same properties at 10,000 runs under the deep profile.
 * Inputs a function cannot handle revert with a custom error before any arithmetic, never with a panic. The checks
 * are written `require(condition, Error(...))`: solc 0.8.37's SMTChecker does not model `if (...) revert Error(...)`
 * (it would report the guarded arithmetic as unsafe), but it does model `require` with a custom error.
 */
library Accounting {
    /// @notice Basis points of a whole (100 %).
    uint256 internal constant FULL_SHARE = 10_000;
    /// @notice The most holders a split accepts (the land registry's co-owner cap).
    uint256 internal constant MAX_HOLDERS = 16;
    /// @notice The largest amount a split or an escrow accepts (the escrow stores amounts as `uint96`).
    uint256 internal constant MAX_AMOUNT = type(uint96).max;

    /// @notice An amount is above {MAX_AMOUNT}.
    error AccountingAmountTooLarge(uint256 amount, uint256 max);
    /// @notice A share is above {FULL_SHARE} basis points.
    error AccountingShareTooLarge(uint256 bps, uint256 max);
    /// @notice A split names no holder or more than {MAX_HOLDERS}.
    error AccountingHolderCountInvalid(uint256 count, uint256 max);
    /// @notice The holder at `index` has a share of zero.
    error AccountingShareZero(uint256 index);
    /// @notice The shares do not sum to {FULL_SHARE}.
    error AccountingSharesInvalid(uint256 sum);
    /// @notice The holders before this one were credited `credited`, and this part would take the sum above `total`.
    error AccountingOverCredited(uint256 credited, uint256 total);
    /// @notice A release asks for more than is still locked.
    error AccountingInsufficient(uint256 remaining, uint256 requested);
    /// @notice Adding `amount` to what is owed would overflow.
    error AccountingOwedOverflow(uint256 owed, uint256 amount);
    /// @notice A withdrawal asks for more than is owed in total.
    error AccountingOwedUnderflow(uint256 owed, uint256 amount);

    // ---------------------------------------------------------------- shares and splits

    /**
     * @notice `bps` basis points of `amount`, rounded down: `floor(amount * bps / 10,000)`.
     * @dev Proven: the part never exceeds `amount`, and it is the exact share minus less than one unit.
     */
    function shareOf(uint256 amount, uint256 bps) internal pure returns (uint256 part) {
        require(amount <= MAX_AMOUNT, AccountingAmountTooLarge(amount, MAX_AMOUNT));
        require(bps <= FULL_SHARE, AccountingShareTooLarge(bps, FULL_SHARE));
        part = (amount * bps) / FULL_SHARE;
        assert(part * FULL_SHARE <= amount * bps); // never above the exact share
        assert(amount * bps < (part + 1) * FULL_SHARE); // less than one unit below it
        assert(amount * bps <= amount * FULL_SHARE); // (the one non-linear step towards the next line)
        assert(part <= amount);
    }

    /**
     * @notice One holder's part of a pro-rata split, exactly as `LandDeeds.completeDeed` pays co-owners: every
     * holder but the last gets `floor(total * bps / 10,000)`, the last gets what is left (`total - credited`),
     * so the parts always sum to `total` and the rounding remainder goes to the last holder.
     * @dev Drop-in for a loop over holders (replaces `part = ...; credited += part;`):
     * `(uint256 part, credited) = Accounting.proRataPart(total, credited, holders[i].bps, i + 1 == n);`
     * Reverts with {AccountingOverCredited} if `credited` plus this part would exceed `total` (impossible for shares
     * checked by {checkShares}: the parts before the last sum to at most their exact shares, below `total`).
     * Proven: `creditedAfter == credited + part <= total`, and `creditedAfter == total` for the last holder.
     * @param total The amount being split (at most {MAX_AMOUNT}).
     * @param credited What the holders before this one received.
     * @param bps This holder's share in basis points (ignored for the last holder).
     * @param last Whether this is the last holder.
     * @return part What this holder receives.
     * @return creditedAfter What the holders up to this one received (`credited + part`).
     */
    function proRataPart(
        uint256 total,
        uint256 credited,
        uint256 bps,
        bool last
    ) internal pure returns (uint256 part, uint256 creditedAfter) {
        require(credited <= total, AccountingOverCredited(credited, total));
        if (last) {
            part = total - credited;
        } else {
            part = shareOf(total, bps);
            require(part <= total - credited, AccountingOverCredited(credited, total));
        }
        creditedAfter = credited + part;
        assert(creditedAfter <= total);
        assert(!last || creditedAfter == total);
    }

    /**
     * @notice Splits `total` among holders by basis points with {proRataPart}, after checking the shares with
     * {checkShares}: every holder but the last gets `floor(total * bps / 10,000)`, the last what is left.
     * @dev Proven: the parts sum to `total`, with no overflow, underflow or out-of-bounds access; every part but
     * the last is {shareOf}'s (at most the exact share). That {proRataPart}'s over-credit guard never fires for
     * checked shares follows from those bounds (part_i * 10,000 <= total * bps_i, summed over the shares before
     * the last, which total less than 10,000), a non-linear sum the SMTChecker does not prove:
     * `test/common/Accounting.t.sol` checks it, and that the last part is its exact share plus at most one unit
     * per other holder, by fuzzing.
     * @return parts One part per holder, in order.
     */
    function proRataSplit(uint256 total, uint16[] memory bps) internal pure returns (uint256[] memory parts) {
        checkShares(bps);
        uint256 count = bps.length;
        parts = new uint256[](count);
        uint256 credited;
        for (uint256 i = 0; i < count; ++i) {
            (parts[i], credited) = proRataPart(total, credited, bps[i], i + 1 == count);
        }
        assert(credited == total);
    }

    /**
     * @notice Checks a set of shares: 1 to {MAX_HOLDERS} holders, each share above zero, summing to
     * {FULL_SHARE} basis points.
     * @dev Proven: the running sum never exceeds 10,000 (so it cannot overflow) and the count is in `1..16`.
     * @return sum The sum of the shares (always {FULL_SHARE} when the call returns).
     */
    function checkShares(uint16[] memory bps) internal pure returns (uint256 sum) {
        uint256 count = bps.length;
        require(count != 0 && count <= MAX_HOLDERS, AccountingHolderCountInvalid(count, MAX_HOLDERS));
        for (uint256 i = 0; i < count; ++i) {
            uint256 share = bps[i];
            require(share != 0, AccountingShareZero(i));
            sum += share;
            require(sum <= FULL_SHARE, AccountingSharesInvalid(sum));
        }
        require(sum == FULL_SHARE, AccountingSharesInvalid(sum));
        assert(count >= 1 && count <= MAX_HOLDERS);
    }

    // ---------------------------------------------------------------- escrow ledger

    /**
     * @notice Locks `amount` under a new escrow: what the escrow owes grows by exactly `amount`.
     * @param owed What the escrow owed before (all locked amounts plus all credits).
     * @return owedAfter What it owes after.
     * @return remaining What is locked under the new escrow (`amount`).
     */
    function lock(uint256 owed, uint256 amount) internal pure returns (uint256 owedAfter, uint256 remaining) {
        require(amount <= MAX_AMOUNT, AccountingAmountTooLarge(amount, MAX_AMOUNT));
        require(amount <= type(uint256).max - owed, AccountingOwedOverflow(owed, amount));
        owedAfter = owed + amount;
        remaining = amount;
        assert(owedAfter - remaining == owed);
        assert(owedAfter >= owed);
    }

    /**
     * @notice Releases `amount` of an escrow to a payee's credit: what stays locked shrinks by exactly `amount`
     * and the payee's credit grows by it, so what the escrow owes does not change.
     * @param remaining What is still locked.
     * @param credit The payee's credit before.
     * @param amount What to release (at most `remaining`).
     * @return remainingAfter What stays locked.
     * @return creditAfter The payee's credit after.
     */
    function release(
        uint256 remaining,
        uint256 credit,
        uint256 amount
    ) internal pure returns (uint256 remainingAfter, uint256 creditAfter) {
        require(amount <= remaining, AccountingInsufficient(remaining, amount));
        require(remaining <= MAX_AMOUNT, AccountingAmountTooLarge(remaining, MAX_AMOUNT));
        require(amount <= type(uint256).max - credit, AccountingOwedOverflow(credit, amount));
        remainingAfter = remaining - amount;
        creditAfter = credit + amount;
        assert(remainingAfter <= remaining);
        assert(remainingAfter + amount == remaining);
        assert(creditAfter - credit == remaining - remainingAfter);
    }

    /**
     * @notice Refunds everything still locked to the depositor's credit: nothing stays locked.
     * @param remaining What is still locked.
     * @param credit The depositor's credit before.
     * @return remainingAfter Always zero.
     * @return creditAfter The depositor's credit after (`credit + remaining`).
     */
    function refund(
        uint256 remaining,
        uint256 credit
    ) internal pure returns (uint256 remainingAfter, uint256 creditAfter) {
        (remainingAfter, creditAfter) = release(remaining, credit, remaining);
        assert(remainingAfter == 0);
        assert(creditAfter - credit == remaining);
    }

    /**
     * @notice Pays out a credit: what the escrow owes shrinks by exactly the credit, and never below zero.
     * @param owed What the escrow owes (all locked amounts plus all credits, so at least `credit`).
     * @param credit The credit withdrawn.
     * @return owedAfter What the escrow owes after.
     */
    function withdraw(uint256 owed, uint256 credit) internal pure returns (uint256 owedAfter) {
        require(credit <= owed, AccountingOwedUnderflow(owed, credit));
        owedAfter = owed - credit;
        assert(owedAfter <= owed);
        assert(owedAfter + credit == owed);
    }
}
