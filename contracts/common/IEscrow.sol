// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IEscrow
 * @notice Funds held for a deal until it completes or fails. A service locks a depositor's tokens under an
 * escrow id, then releases them to payees or refunds the depositor. Released and refunded amounts are
 * credited, never pushed: each payee withdraws its own credit (pull payments), so a hostile payee cannot
 * block a deal.
 */
interface IEscrow {
    /// @notice One escrow, packed into one slot.
    struct EscrowAccount {
        address depositor;
        uint96 remaining; // still locked; 0 once fully released or refunded
    }

    /// @notice An amount of zero was given.
    error EscrowZeroAmount();
    /// @notice The amount does not fit the packed escrow record.
    error EscrowAmountTooLarge(uint256 amount, uint256 max);
    /// @notice The escrow id is already in use.
    error EscrowAlreadyExists(uint256 escrowId);
    /// @notice No funds are locked under this id.
    error EscrowNotLocked(uint256 escrowId);
    /// @notice The release asks for more than is still locked.
    error EscrowInsufficient(uint256 escrowId, uint256 remaining, uint256 requested);
    /// @notice A payee or depositor is the zero address.
    error EscrowZeroAccount();
    /// @notice The caller has no credit to withdraw.
    error EscrowNothingToWithdraw(address account);

    /// @notice Funds were locked.
    event EscrowLocked(uint256 indexed escrowId, address indexed depositor, uint256 amount);
    /// @notice Locked funds were credited to a payee.
    event EscrowReleased(uint256 indexed escrowId, address indexed payee, uint256 amount);
    /// @notice Locked funds were credited back to the depositor.
    event EscrowRefunded(uint256 indexed escrowId, address indexed depositor, uint256 amount);
    /// @notice A payee withdrew its credit.
    event PaymentWithdrawn(address indexed payee, uint256 amount);

    /// @notice Pays the caller everything credited to it.
    function withdraw() external;

    /// @notice The token held in escrow.
    function escrowToken() external view returns (address);

    /// @notice An escrow's depositor and the amount still locked.
    function escrowAccount(uint256 escrowId) external view returns (EscrowAccount memory);

    /// @notice The amount `account` can withdraw.
    function creditOf(address account) external view returns (uint256);

    /// @notice Everything the contract owes: all locked amounts plus all credits. Never above its balance.
    function totalOwed() external view returns (uint256);
}
