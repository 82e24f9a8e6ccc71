// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {CityService} from "../common/CityService.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {ICityToken} from "../token/ICityToken.sol";
import {IInvoices} from "./IInvoices.sol";
import {PaymentParties} from "./PaymentParties.sol";

/**
 * @title Invoices
 * @notice Invoices with receipts, paid directly or through a relayer (ERC-3009). See {IInvoices}.
 * @dev One storage slot per invoice (payer 64 bits, amount 96, paid 96), written at issue and updated by each
 * payment; the receipt of a payment is its {InvoicePaid} event (a stored receipt slot would cost 22,100 gas per
 * payment, which the issue's budget for issue + pay does not allow). A cancellation shrinks `amount` to the paid
 * part (so a payment reads one slot to tell Open from not) and keeps the voided remainder in its own slot.
 * A payment goes straight to the issuer identity's current primary wallet: `CityToken` has no transfer
 * hooks (no ERC-777/1363 callback, no `_update` override), so paying the issuer runs no code of the issuer's
 * and is not a push to untrusted code; the token is the city's own, fixed at initialization. Should the token
 * ever call receivers, payments must go back to an identity-keyed credit and a pull (SECURITY.md). The
 * contract holds no tokens between transactions.
 */
contract Invoices is CityService, ReentrancyGuardTransient, IInvoices {
    using PaymentParties for IIdentityRegistry;
    using SafeERC20 for IERC20;

    struct Record {
        uint64 payerId;
        uint96 amount; // after a cancellation: the paid part (the remainder is in `voided`)
        uint96 paid;
    }

    /// @custom:storage-location erc7201:citychain.storage.Invoices
    struct InvoicesStorage {
        IIdentityRegistry identity;
        IERC20 token;
        mapping(uint256 invoiceId => Record) invoices;
        mapping(uint256 invoiceId => uint256) voided;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.Invoices")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _INVOICES_STORAGE = 0x04f05b51b77e006dc5f24c80e3418bf3367dd5482246303ba0b007a1fdf66e00;

    /**
     * @param authority The city's AccessManager.
     * @param identityRegistry The city's identity registry.
     * @param token The settlement token (CityToken: ERC-20 with ERC-3009).
     */
    function initialize(address authority, IIdentityRegistry identityRegistry, IERC20 token) external initializer {
        __CityService_init(authority);
        _s().identity = identityRegistry;
        _s().token = token;
    }

    /// @inheritdoc IInvoices
    function issue(
        uint256 payerId,
        uint256 amount,
        uint256 dueDate,
        bytes32 referenceCommitment
    ) external returns (uint256 invoiceId) {
        InvoicesStorage storage $ = _s();
        uint256 issuerId = $.identity.verifiedCaller(msg.sender);
        $.identity.requireCounterparty(issuerId, payerId);
        if (amount == 0 || amount > type(uint96).max) revert PaymentsAmountInvalid(amount);
        if (dueDate <= block.timestamp) revert InvoiceDueDateInvalid(dueDate, block.timestamp);
        invoiceId = invoiceIdOf(issuerId, payerId, amount, dueDate, referenceCommitment);
        Record storage record = $.invoices[invoiceId];
        if (record.payerId != 0) revert InvoiceExists(invoiceId);
        $.invoices[invoiceId] = Record({payerId: uint64(payerId), amount: uint96(amount), paid: 0});
        emit InvoiceIssued(invoiceId, issuerId, payerId, amount, dueDate, referenceCommitment);
    }

    /// @inheritdoc IInvoices
    function pay(uint256 invoiceId, uint256 amount) external nonReentrant {
        InvoicesStorage storage $ = _s();
        Record memory record = $.invoices[invoiceId];
        if (record.payerId == 0) revert InvoiceUnknown(invoiceId);
        if ($.identity.walletOf(record.payerId) != msg.sender) revert InvoiceCallerNotPayer(invoiceId, msg.sender);
        address to = _record($, invoiceId, record, amount);
        $.token.safeTransferFrom(msg.sender, to, amount);
    }

    /// @inheritdoc IInvoices
    function payWithAuthorization(
        uint256 invoiceId,
        uint256 amount,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes calldata signature
    ) external nonReentrant {
        InvoicesStorage storage $ = _s();
        if (uint256(nonce) >> 64 != paymentNonceKey(invoiceId)) revert InvoiceAuthorizationNotBound(invoiceId, nonce);
        Record memory record = $.invoices[invoiceId];
        if (record.payerId == 0) revert InvoiceUnknown(invoiceId);
        address wallet = $.identity.walletOf(record.payerId);
        address to = _record($, invoiceId, record, amount);
        ICityToken(address($.token)).receiveWithAuthorization(
            wallet,
            address(this),
            amount,
            validAfter,
            validBefore,
            nonce,
            signature
        );
        $.token.safeTransfer(to, amount);
    }

    /// @inheritdoc IInvoices
    function cancel(uint256 invoiceId, bytes32 reason) external {
        InvoicesStorage storage $ = _s();
        Record memory record = $.invoices[invoiceId];
        _requireOpen($, invoiceId, record);
        uint256 issuerId = invoiceId >> 64;
        if ($.identity.walletOf(issuerId) != msg.sender) revert InvoiceCallerNotIssuer(invoiceId, msg.sender);
        uint256 unpaid = record.amount - record.paid;
        $.voided[invoiceId] = unpaid;
        $.invoices[invoiceId].amount = record.paid;
        emit InvoiceCancelled(invoiceId, issuerId, unpaid, reason);
    }

    /// @inheritdoc IInvoices
    function invoice(uint256 invoiceId) external view returns (Invoice memory) {
        InvoicesStorage storage $ = _s();
        Record memory r = $.invoices[invoiceId];
        if (r.payerId == 0) revert InvoiceUnknown(invoiceId);
        uint256 voided = $.voided[invoiceId];
        return Invoice(invoiceId >> 64, r.payerId, r.amount + voided, r.paid, _status(r, voided));
    }

    /// @inheritdoc IInvoices
    function invoiceIdOf(
        uint256 issuerId,
        uint256 payerId,
        uint256 amount,
        uint256 dueDate,
        bytes32 referenceCommitment
    ) public pure returns (uint256) {
        uint256 h = uint256(keccak256(abi.encode(payerId, amount, dueDate, referenceCommitment)));
        return (issuerId << 64) | uint64(h);
    }

    /// @inheritdoc IInvoices
    function paymentNonceKey(uint256 invoiceId) public view returns (uint192) {
        return uint192(uint256(keccak256(abi.encode(address(this), invoiceId))));
    }

    /**
     * @dev Checks and records a payment of `amount` to the invoice `record` (read by the caller; its payer is
     * the payer); returns the issuer identity's current primary wallet, which the caller pays (never zero).
     */
    function _record(
        InvoicesStorage storage $,
        uint256 invoiceId,
        Record memory record,
        uint256 amount
    ) private returns (address to) {
        _requireOpen($, invoiceId, record);
        uint256 issuerId = invoiceId >> 64;
        to = $.identity.walletOf(issuerId);
        if (to == address(0)) revert InvoiceIssuerWalletZero(invoiceId, issuerId);
        uint256 remaining = record.amount - record.paid;
        if (amount == 0) revert PaymentsAmountInvalid(amount);
        if (amount > remaining) revert InvoiceOverpaid(invoiceId, remaining, amount);
        uint256 paid = record.paid + amount;
        $.invoices[invoiceId] = Record(record.payerId, record.amount, uint96(paid));
        emit InvoicePaid(invoiceId, record.payerId, issuerId, amount, paid);
    }

    /// @dev Reverts unless the invoice `record` exists and is Open.
    function _requireOpen(InvoicesStorage storage $, uint256 invoiceId, Record memory record) private view {
        if (record.payerId == 0) revert InvoiceUnknown(invoiceId);
        if (record.paid == record.amount) revert InvoiceNotOpen(invoiceId, _status(record, $.voided[invoiceId]));
    }

    /// @dev The status of an existing invoice.
    function _status(Record memory r, uint256 voided) private pure returns (InvoiceStatus) {
        if (voided != 0) return InvoiceStatus.Cancelled;
        return r.paid == r.amount ? InvoiceStatus.Paid : InvoiceStatus.Open;
    }

    function _s() private pure returns (InvoicesStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _INVOICES_STORAGE
        }
    }
}
