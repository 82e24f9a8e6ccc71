// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IPaymentsCommon
 * @notice Errors shared by the payments service's contracts (invoices, payroll streams): who may act, and the
 * identity-keyed ledger's withdrawals.
 */
interface IPaymentsCommon {
    /**
     * @notice The caller is not the current primary wallet of an Active, unexpired identity of level 1 or more.
     * @param caller The caller.
     */
    error PaymentsCallerNotVerified(address caller);

    /**
     * @notice The counterparty identity is unknown, the caller's own identity, or does not fit 64 bits.
     * @param identityId The identity given.
     */
    error PaymentsCounterpartyInvalid(uint256 identityId);

    /**
     * @notice An amount of zero, or one that does not fit the packed records.
     * @param amount The amount given.
     */
    error PaymentsAmountInvalid(uint256 amount);

    /**
     * @notice A page larger than {MAX_PAGE} was asked for.
     * @param limit The page size asked for.
     * @param max The largest page.
     */
    error PaymentsPageTooLarge(uint256 limit, uint256 max);
}
