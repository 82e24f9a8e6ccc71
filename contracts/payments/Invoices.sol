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
 * @dev Two storage slots per invoice, written at issue; a payment updates them and writes a receipt slot. The
 * first receipt lives in the invoice's second slot (`firstPaidAt`, amount = `paid`) and is copied out to the
 * receipts mapping only when a second payment comes, so an invoice paid at once costs no receipt slot. The
 * contract holds exactly the sum of the credits (identity-keyed ledger kept here; `Escrow` is not used because
 * invoices lock nothing: a payment is owed to the issuer at once).
 */
contract Invoices is CityService, ReentrancyGuardTransient, IInvoices {
    using PaymentParties for IIdentityRegistry;
    using SafeERC20 for IERC20;

    /// @inheritdoc IInvoices
    uint256 public constant MAX_PAGE = 100;

    struct Terms {
        uint64 payerId;
        uint96 amount;
        uint96 paid;
    }

    struct State {
        uint32 dueDate;
        InvoiceStatus status;
        uint24 receiptCount;
        uint40 firstPaidAt;
        uint128 prevBilled; // the previous invoice billed to the same payer (linked list, newest first)
    }

    struct StoredReceipt {
        uint96 amount;
        uint40 paidAt;
    }

    struct Party {
        uint64 issued;
        uint64 billed;
        uint128 billedHead;
    }

    /// @custom:storage-location erc7201:citychain.storage.Invoices
    struct InvoicesStorage {
        IIdentityRegistry identity;
        IERC20 token;
        mapping(uint256 invoiceId => Terms) terms;
        mapping(uint256 invoiceId => State) states;
        mapping(uint256 invoiceId => mapping(uint256 index => StoredReceipt)) receipts;
        mapping(uint256 identityId => Party) parties;
        mapping(uint256 identityId => uint256) credits;
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
    ) external returns (uint256) {
        InvoicesStorage storage $ = _s();
        uint256 issuerId = $.identity.verifiedCaller(msg.sender);
        $.identity.requireCounterparty(issuerId, payerId);
        if (amount == 0 || amount > type(uint96).max) revert PaymentsAmountInvalid(amount);
        if (dueDate <= block.timestamp || dueDate > type(uint32).max) {
            revert InvoiceDueDateInvalid(dueDate, block.timestamp);
        }
        Party storage issuer = $.parties[issuerId];
        uint256 invoiceId = (issuerId << 64) | ++issuer.issued;
        Party storage payer = $.parties[payerId];
        $.terms[invoiceId] = Terms({payerId: uint64(payerId), amount: uint96(amount), paid: 0});
        $.states[invoiceId] = State({
            dueDate: uint32(dueDate),
            status: InvoiceStatus.Open,
            receiptCount: 0,
            firstPaidAt: 0,
            prevBilled: payer.billedHead
        });
        payer.billedHead = uint128(invoiceId);
        ++payer.billed;
        emit InvoiceIssued(invoiceId, issuerId, payerId, amount, dueDate, referenceCommitment);
        return invoiceId;
    }

    /// @inheritdoc IInvoices
    function pay(uint256 invoiceId, uint256 amount) external nonReentrant {
        InvoicesStorage storage $ = _s();
        uint256 payerId = $.terms[invoiceId].payerId;
        if (payerId == 0) revert InvoiceUnknown(invoiceId);
        if ($.identity.walletOf(payerId) != msg.sender) revert InvoiceCallerNotPayer(invoiceId, msg.sender);
        _record($, invoiceId, payerId, amount, msg.sender);
        $.token.safeTransferFrom(msg.sender, address(this), amount);
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
        uint256 payerId = $.terms[invoiceId].payerId;
        if (payerId == 0) revert InvoiceUnknown(invoiceId);
        address wallet = $.identity.walletOf(payerId);
        _record($, invoiceId, payerId, amount, wallet);
        ICityToken(address($.token)).receiveWithAuthorization(
            wallet,
            address(this),
            amount,
            validAfter,
            validBefore,
            nonce,
            signature
        );
    }

    /// @inheritdoc IInvoices
    function cancel(uint256 invoiceId, bytes32 reason) external {
        InvoicesStorage storage $ = _s();
        State storage state = _open($, invoiceId);
        uint256 issuerId = invoiceId >> 64;
        if ($.identity.walletOf(issuerId) != msg.sender) revert InvoiceCallerNotIssuer(invoiceId, msg.sender);
        state.status = InvoiceStatus.Cancelled;
        Terms storage t = $.terms[invoiceId];
        emit InvoiceCancelled(invoiceId, issuerId, t.amount - t.paid, reason);
    }

    /// @inheritdoc IInvoices
    function withdraw() external nonReentrant {
        InvoicesStorage storage $ = _s();
        uint256 identityId = $.identity.verifiedCaller(msg.sender);
        uint256 amount = $.credits[identityId];
        if (amount == 0) revert InvoiceNothingToWithdraw(identityId);
        $.credits[identityId] = 0;
        emit InvoiceCreditWithdrawn(identityId, msg.sender, amount);
        $.token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IInvoices
    function invoice(uint256 invoiceId) external view returns (Invoice memory) {
        InvoicesStorage storage $ = _s();
        Terms memory t = $.terms[invoiceId];
        State memory st = $.states[invoiceId];
        if (st.status == InvoiceStatus.None) revert InvoiceUnknown(invoiceId);
        return Invoice(invoiceId >> 64, t.payerId, t.amount, t.paid, st.dueDate, st.status, st.receiptCount);
    }

    /// @inheritdoc IInvoices
    function isOverdue(uint256 invoiceId) external view returns (bool) {
        State memory st = _s().states[invoiceId];
        return st.status == InvoiceStatus.Open && block.timestamp > st.dueDate;
    }

    /// @inheritdoc IInvoices
    function receipt(uint256 invoiceId, uint256 index) public view returns (Receipt memory) {
        InvoicesStorage storage $ = _s();
        State memory st = $.states[invoiceId];
        if (index >= st.receiptCount) revert InvoiceReceiptUnknown(invoiceId, index);
        Terms memory t = $.terms[invoiceId];
        if (st.receiptCount == 1) return Receipt(invoiceId, t.payerId, t.paid, st.firstPaidAt);
        StoredReceipt memory r = $.receipts[invoiceId][index];
        return Receipt(invoiceId, t.payerId, r.amount, r.paidAt);
    }

    /// @inheritdoc IInvoices
    function receipts(uint256 invoiceId, uint256 start, uint256 limit) external view returns (Receipt[] memory page) {
        PaymentParties.requirePage(limit, MAX_PAGE);
        uint256 count = _s().states[invoiceId].receiptCount;
        uint256 n =
            start >= count
                ? 0
                : count - start < limit
                    ? count - start
                    : limit;
        page = new Receipt[](n);
        for (uint256 i = 0; i < n; ++i) page[i] = receipt(invoiceId, start + i);
    }

    /// @inheritdoc IInvoices
    function invoiceCounts(uint256 identityId) external view returns (uint256 issued, uint256 billed) {
        Party memory p = _s().parties[identityId];
        return (p.issued, p.billed);
    }

    /// @inheritdoc IInvoices
    function invoicesIssuedBy(
        uint256 issuerId,
        uint256 start,
        uint256 limit
    ) external view returns (uint256[] memory ids) {
        PaymentParties.requirePage(limit, MAX_PAGE);
        uint256 count = _s().parties[issuerId].issued;
        if (start == 0) start = 1;
        uint256 n =
            start > count
                ? 0
                : count - start + 1 < limit
                    ? count - start + 1
                    : limit;
        ids = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) ids[i] = (issuerId << 64) | (start + i);
    }

    /// @inheritdoc IInvoices
    function invoicesBilledTo(
        uint256 payerId,
        uint256 cursor,
        uint256 limit
    ) external view returns (uint256[] memory ids, uint256 next) {
        PaymentParties.requirePage(limit, MAX_PAGE);
        InvoicesStorage storage $ = _s();
        next = cursor == 0 ? $.parties[payerId].billedHead : cursor;
        if (next != 0 && $.terms[next].payerId != payerId) revert InvoiceUnknown(next);
        ids = new uint256[](limit);
        uint256 n;
        while (n < limit && next != 0) {
            ids[n++] = next;
            next = $.states[next].prevBilled;
        }
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(ids, n)
        }
    }

    /// @inheritdoc IInvoices
    function paymentNonceKey(uint256 invoiceId) public view returns (uint192) {
        return uint192(uint256(keccak256(abi.encode(address(this), invoiceId))));
    }

    /// @inheritdoc IInvoices
    function creditOf(uint256 identityId) external view returns (uint256) {
        return _s().credits[identityId];
    }

    /// @dev Checks and records a payment of `amount` to an Open invoice by its payer; credits the issuer.
    function _record(
        InvoicesStorage storage $,
        uint256 invoiceId,
        uint256 payerId,
        uint256 amount,
        address wallet
    ) private {
        State storage state = _open($, invoiceId);
        Terms storage t = $.terms[invoiceId];
        uint256 paid = t.paid;
        uint256 remaining = t.amount - paid;
        if (amount == 0) revert PaymentsAmountInvalid(amount);
        if (amount > remaining) revert InvoiceOverpaid(invoiceId, remaining, amount);
        uint256 index = state.receiptCount;
        if (index == type(uint24).max) revert InvoiceTooManyReceipts(invoiceId);
        if (index == 0) {
            state.firstPaidAt = uint40(block.timestamp);
        } else {
            if (index == 1) $.receipts[invoiceId][0] = StoredReceipt(uint96(paid), state.firstPaidAt);
            $.receipts[invoiceId][index] = StoredReceipt(uint96(amount), uint40(block.timestamp));
        }
        state.receiptCount = uint24(index + 1);
        paid += amount;
        t.paid = uint96(paid);
        if (amount == remaining) state.status = InvoiceStatus.Paid;
        $.credits[invoiceId >> 64] += amount;
        emit InvoicePaid(invoiceId, payerId, index, amount, paid, wallet);
    }

    /// @dev The state of an Open invoice.
    function _open(InvoicesStorage storage $, uint256 invoiceId) private view returns (State storage state) {
        state = $.states[invoiceId];
        InvoiceStatus status = state.status;
        if (status == InvoiceStatus.None) revert InvoiceUnknown(invoiceId);
        if (status != InvoiceStatus.Open) revert InvoiceNotOpen(invoiceId, status);
    }

    function _s() private pure returns (InvoicesStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _INVOICES_STORAGE
        }
    }
}
