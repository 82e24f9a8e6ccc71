// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IEscrow
 * @notice Funds held for a deal until it completes or fails. A service locks a payer's tokens under an
 * escrow id on behalf of a depositor **identity**, then releases them to payee identities or refunds the
 * depositor identity. Released and refunded amounts are credited to identity ids, never to wallets, and
 * never pushed: each payee withdraws its own credit through its identity's current primary wallet (pull
 * payments), so a hostile payee cannot block a deal and a key recovery moves every credit with the identity.
 * The credit of a revoked identity passes to the identity that replaced it (`predecessorOf`).
 */
interface IEscrow {
    /// @notice One escrow, packed into one slot.
    struct EscrowAccount {
        uint64 depositorId; // the identity the deposit is refunded to
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
    /// @notice A payee or depositor identity id is zero (or does not fit 64 bits), or the payer is the zero address.
    error EscrowZeroAccount();
    /// @notice The caller's identity has no credit to withdraw.
    error EscrowNothingToWithdraw(uint256 identityId);
    /// @notice The caller is not the current primary wallet of an identity.
    error EscrowCallerNotPrimaryWallet(address caller);
    /// @notice A suspended or revoked identity cannot withdraw (its key may be in the wrong hands).
    error EscrowIdentityNotActive(uint256 identityId, uint8 status);
    /// @notice The identity did not replace a revoked identity with credit.
    error EscrowNoPredecessorCredit(uint256 identityId);
    /// @notice The contract holds no tokens beyond what it owes.
    error EscrowNoExcess();

    /// @notice `payer` paid `amount` into escrow on behalf of identity `depositorId`.
    event EscrowLocked(uint256 indexed escrowId, uint256 indexed depositorId, address indexed payer, uint256 amount);
    /// @notice Locked funds were credited to a payee identity.
    event EscrowReleased(uint256 indexed escrowId, uint256 indexed payeeId, uint256 amount);
    /// @notice Locked funds were credited back to the depositor identity.
    event EscrowRefunded(uint256 indexed escrowId, uint256 indexed depositorId, uint256 amount);
    /// @notice An identity's credit was paid to its current primary wallet.
    event PaymentWithdrawn(uint256 indexed identityId, address indexed wallet, uint256 amount);
    /// @notice A revoked identity's credit passed to the identity that replaced it.
    event CreditInherited(uint256 indexed predecessorId, uint256 indexed successorId, uint256 amount);
    /// @notice Tokens sent to the contract directly (beyond what it owes) were swept.
    event EscrowExcessSwept(address indexed to, uint256 amount);

    /// @notice Pays the caller's identity everything credited to it, to the caller (its current primary wallet).
    function withdraw() external;

    /**
     * @notice Moves the credit of the revoked identities the caller's identity replaced (its `predecessorOf`
     * chain, at most {MAX_SUCCESSION_DEPTH} steps back) to the caller's identity; then {withdraw} pays it.
     * The caller must be the current primary wallet of an Active identity.
     */
    function claimPredecessorCredit() external;

    /// @notice The token held in escrow.
    function escrowToken() external view returns (address);

    /// @notice An escrow's depositor identity and the amount still locked.
    function escrowAccount(uint256 escrowId) external view returns (EscrowAccount memory);

    /// @notice The amount identity `identityId` can withdraw.
    function creditOf(uint256 identityId) external view returns (uint256);

    /// @notice Everything the contract owes: all locked amounts plus all credits. Never above its balance.
    function totalOwed() external view returns (uint256);
}
