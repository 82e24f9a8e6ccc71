// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";

import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {IEscrow} from "./IEscrow.sol";

/**
 * @title Escrow
 * @notice Building block for services that hold funds for a deal: lock, release, refund, pull payments,
 * all keyed by identity id.
 * @dev Internal functions only move accounting; tokens enter in {_lock} (before any state change, with a
 * reentrancy guard held by the caller's entry point) and leave only in {withdraw} (after the credit is
 * zeroed, checks-effects-interactions) and in {_sweepExcess} (only what exceeds `totalOwed()`). The token must
 * be a plain ERC-20 (no fee on transfer), such as CityToken. `totalOwed()` never exceeds the token balance:
 * that is the solvency invariant tests check. Upgradeable: its state (token included) lives in its own ERC-7201
 * namespace, set by {__Escrow_init} from the service's `initialize`; the reentrancy guard is transient (stateless).
 */
abstract contract Escrow is Initializable, IEscrow, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice How far back {claimPredecessorCredit} follows a chain of revoked identities.
    uint256 public constant MAX_SUCCESSION_DEPTH = 4;

    /// @custom:storage-location erc7201:citychain.storage.Escrow
    struct EscrowStorage {
        IERC20 token;
        uint256 totalOwed;
        mapping(uint256 escrowId => EscrowAccount) escrows;
        mapping(uint256 identityId => uint256 amount) credits;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.Escrow")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _ESCROW_STORAGE = 0xfc4660a7f4af8c791bf4113e095352b881a37a1c5cb23d725125dfbf06fa0b00;

    /// @inheritdoc IEscrow
    function withdraw() external nonReentrant {
        uint256 identityId = _activeCaller();
        uint256 amount = _escrowStorage().credits[identityId];
        if (amount == 0) revert EscrowNothingToWithdraw(identityId);
        _escrowStorage().credits[identityId] = 0;
        _escrowStorage().totalOwed -= amount;
        emit PaymentWithdrawn(identityId, msg.sender, amount);
        _escrowStorage().token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IEscrow
    function claimPredecessorCredit() external {
        uint256 identityId = _activeCaller();
        IIdentityRegistry registry = _escrowIdentityRegistry();
        uint256 claimed;
        uint256 predecessorId = registry.predecessorOf(identityId);
        for (uint256 i = 0; i < MAX_SUCCESSION_DEPTH && predecessorId != 0; ++i) {
            // A predecessor is revoked by construction (the registry links a new identity to a revoked one).
            uint256 amount = _escrowStorage().credits[predecessorId];
            if (amount != 0) {
                _escrowStorage().credits[predecessorId] = 0;
                claimed += amount;
                emit CreditInherited(predecessorId, identityId, amount);
            }
            predecessorId = registry.predecessorOf(predecessorId);
        }
        if (claimed == 0) revert EscrowNoPredecessorCredit(identityId);
        _escrowStorage().credits[identityId] += claimed;
    }

    /// @inheritdoc IEscrow
    function escrowToken() external view returns (address) {
        return address(_escrowStorage().token);
    }

    /// @inheritdoc IEscrow
    function escrowAccount(uint256 escrowId) external view returns (EscrowAccount memory) {
        return _escrowStorage().escrows[escrowId];
    }

    /// @inheritdoc IEscrow
    function creditOf(uint256 identityId) external view returns (uint256) {
        return _escrowStorage().credits[identityId];
    }

    /// @inheritdoc IEscrow
    function totalOwed() public view returns (uint256) {
        return _escrowStorage().totalOwed;
    }

    /// @notice Sets the ERC-20 this escrow holds; call it from the service's `initialize`.
    // solhint-disable-next-line func-name-mixedcase
    function __Escrow_init(IERC20 token) internal onlyInitializing {
        _escrowStorage().token = token;
    }

    /**
     * @notice Pulls `amount` from `payer` (who approved this contract, or signed a permit) and locks it under
     * a fresh `escrowId` on behalf of identity `depositorId` (refunds go to that identity).
     */
    function _lock(uint256 escrowId, uint256 depositorId, address payer, uint256 amount) internal {
        if (depositorId == 0 || depositorId > type(uint64).max || payer == address(0)) revert EscrowZeroAccount();
        if (amount == 0) revert EscrowZeroAmount();
        if (amount > type(uint96).max) revert EscrowAmountTooLarge(amount, type(uint96).max);
        if (_escrowStorage().escrows[escrowId].depositorId != 0) revert EscrowAlreadyExists(escrowId);
        _escrowStorage().escrows[escrowId] = EscrowAccount({
            depositorId: uint64(depositorId),
            remaining: uint96(amount)
        });
        _escrowStorage().totalOwed += amount;
        emit EscrowLocked(escrowId, depositorId, payer, amount);
        _escrowStorage().token.safeTransferFrom(payer, address(this), amount);
    }

    /// @notice Credits `amount` of an escrow's locked funds to identity `payeeId`.
    function _release(uint256 escrowId, uint256 payeeId, uint256 amount) internal {
        if (payeeId == 0) revert EscrowZeroAccount();
        if (amount == 0) revert EscrowZeroAmount();
        EscrowAccount storage account = _lockedEscrow(escrowId);
        uint256 remaining = account.remaining;
        if (amount > remaining) revert EscrowInsufficient(escrowId, remaining, amount);
        account.remaining = uint96(remaining - amount);
        _escrowStorage().credits[payeeId] += amount;
        emit EscrowReleased(escrowId, payeeId, amount);
    }

    /// @notice Credits everything still locked in an escrow back to its depositor identity.
    /// @return amount The amount refunded.
    function _refund(uint256 escrowId) internal returns (uint256 amount) {
        EscrowAccount storage account = _lockedEscrow(escrowId);
        amount = account.remaining;
        uint256 depositorId = account.depositorId;
        account.remaining = 0;
        _escrowStorage().credits[depositorId] += amount;
        emit EscrowRefunded(escrowId, depositorId, amount);
    }

    /// @notice Sends `to` the tokens held beyond `totalOwed()` (sent to the contract directly).
    /// @return amount The amount swept.
    function _sweepExcess(address to) internal returns (uint256 amount) {
        if (to == address(0)) revert EscrowZeroAccount();
        uint256 balance = _escrowStorage().token.balanceOf(address(this));
        if (balance <= _escrowStorage().totalOwed) revert EscrowNoExcess();
        amount = balance - _escrowStorage().totalOwed;
        emit EscrowExcessSwept(to, amount);
        _escrowStorage().token.safeTransfer(to, amount);
    }

    /// @notice The token held in escrow, for services that call it (e.g. to submit a permit).
    function _escrowToken() internal view returns (address) {
        return address(_escrowStorage().token);
    }

    /// @notice The amount still locked under an escrow id (0 if none).
    function _remaining(uint256 escrowId) internal view returns (uint256) {
        return _escrowStorage().escrows[escrowId].remaining;
    }

    /// @notice The city's identity registry: who a payee is and which wallet withdraws for it.
    function _escrowIdentityRegistry() internal view virtual returns (IIdentityRegistry);

    /// @dev The Active identity whose current primary wallet is the caller.
    function _activeCaller() private view returns (uint256 identityId) {
        IIdentityRegistry registry = _escrowIdentityRegistry();
        identityId = registry.identityOf(msg.sender);
        if (identityId == 0 || registry.walletOf(identityId) != msg.sender) {
            revert EscrowCallerNotPrimaryWallet(msg.sender);
        }
        IIdentityRegistry.IdentityStatus status = registry.identity(identityId).status;
        if (status != IIdentityRegistry.IdentityStatus.Active)
            revert EscrowIdentityNotActive(identityId, uint8(status));
    }

    function _escrowStorage() private pure returns (EscrowStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _ESCROW_STORAGE
        }
    }

    function _lockedEscrow(uint256 escrowId) private view returns (EscrowAccount storage account) {
        account = _escrowStorage().escrows[escrowId];
        if (account.remaining == 0) revert EscrowNotLocked(escrowId);
    }
}
