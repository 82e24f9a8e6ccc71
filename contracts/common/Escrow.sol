// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IEscrow} from "./IEscrow.sol";

/**
 * @title Escrow
 * @notice Building block for services that hold funds for a deal: lock, release, refund, pull payments.
 * @dev Internal functions only move accounting; tokens enter in {_lock} (before any state change, with a
 * reentrancy guard held by the caller's entry point) and leave only in {withdraw}, after the credit is
 * zeroed (checks-effects-interactions). The token must be a plain ERC-20 (no fee on transfer), such as
 * CityToken. `totalOwed()` never exceeds the token balance: that is the solvency invariant tests check.
 */
abstract contract Escrow is IEscrow, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    IERC20 private immutable _ESCROW_TOKEN;
    uint256 private _totalOwed;
    mapping(uint256 escrowId => EscrowAccount) private _escrows;
    mapping(address account => uint256 amount) private _credits;

    /// @param token The ERC-20 this escrow holds.
    constructor(IERC20 token) {
        _ESCROW_TOKEN = token;
    }

    /// @inheritdoc IEscrow
    function withdraw() external nonReentrant {
        uint256 amount = _credits[msg.sender];
        if (amount == 0) revert EscrowNothingToWithdraw(msg.sender);
        _credits[msg.sender] = 0;
        _totalOwed -= amount;
        emit PaymentWithdrawn(msg.sender, amount);
        _ESCROW_TOKEN.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IEscrow
    function escrowToken() external view returns (address) {
        return address(_ESCROW_TOKEN);
    }

    /// @inheritdoc IEscrow
    function escrowAccount(uint256 escrowId) external view returns (EscrowAccount memory) {
        return _escrows[escrowId];
    }

    /// @inheritdoc IEscrow
    function creditOf(address account) external view returns (uint256) {
        return _credits[account];
    }

    /// @inheritdoc IEscrow
    function totalOwed() external view returns (uint256) {
        return _totalOwed;
    }

    /**
     * @notice Pulls `amount` from `depositor` (who approved this contract, or signed a permit) and locks it
     * under a fresh `escrowId`.
     */
    function _lock(uint256 escrowId, address depositor, uint256 amount) internal {
        if (depositor == address(0)) revert EscrowZeroAccount();
        if (amount == 0) revert EscrowZeroAmount();
        if (amount > type(uint96).max) revert EscrowAmountTooLarge(amount, type(uint96).max);
        if (_escrows[escrowId].depositor != address(0)) revert EscrowAlreadyExists(escrowId);
        _escrows[escrowId] = EscrowAccount({depositor: depositor, remaining: uint96(amount)});
        _totalOwed += amount;
        emit EscrowLocked(escrowId, depositor, amount);
        _ESCROW_TOKEN.safeTransferFrom(depositor, address(this), amount);
    }

    /// @notice Credits `amount` of an escrow's locked funds to `payee`.
    function _release(uint256 escrowId, address payee, uint256 amount) internal {
        if (payee == address(0)) revert EscrowZeroAccount();
        if (amount == 0) revert EscrowZeroAmount();
        EscrowAccount storage account = _lockedEscrow(escrowId);
        uint256 remaining = account.remaining;
        if (amount > remaining) revert EscrowInsufficient(escrowId, remaining, amount);
        account.remaining = uint96(remaining - amount);
        _credits[payee] += amount;
        emit EscrowReleased(escrowId, payee, amount);
    }

    /// @notice Credits everything still locked in an escrow back to its depositor.
    /// @return amount The amount refunded.
    function _refund(uint256 escrowId) internal returns (uint256 amount) {
        EscrowAccount storage account = _lockedEscrow(escrowId);
        amount = account.remaining;
        address depositor = account.depositor;
        account.remaining = 0;
        _credits[depositor] += amount;
        emit EscrowRefunded(escrowId, depositor, amount);
    }

    /// @notice The token held in escrow, for services that call it (e.g. to submit a permit).
    function _escrowToken() internal view returns (address) {
        return address(_ESCROW_TOKEN);
    }

    /// @notice The amount still locked under an escrow id (0 if none).
    function _remaining(uint256 escrowId) internal view returns (uint256) {
        return _escrows[escrowId].remaining;
    }

    function _lockedEscrow(uint256 escrowId) private view returns (EscrowAccount storage account) {
        account = _escrows[escrowId];
        if (account.remaining == 0) revert EscrowNotLocked(escrowId);
    }
}
