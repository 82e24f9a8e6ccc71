// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPaymentsCommon} from "./IPaymentsCommon.sol";

/**
 * @title IInvoices
 * @notice Invoices with on-chain receipts. Any verified identity (a business, a city department) issues an
 * invoice to another identity: amount, due date, reference commitment. The billed identity pays it in full or
 * in parts, directly (`transferFrom`, after an approval) or through a relayer with a signed ERC-3009
 * `ReceiveWithAuthorization` whose nonce key is bound to the invoice ({paymentNonceKey}). Every payment writes
 * a receipt (invoice id, payer identity, amount, time) and credits the issuer identity, which withdraws to its
 * current primary wallet (pull). Nothing is ever deleted.
 *
 * Invoice ids are `issuerId << 64 | n` (the issuer's n-th invoice, from 1): an issuer's invoices are listed by
 * counting, a payer's through a per-payer linked list ({invoicesBilledTo}); each identity's lists are its own
 * (a spammer billing you lengthens only your list of bills, in pages, and pays for its own storage).
 *
 * | status    | pay (part)       | pay (rest)   | cancel (issuer)                         |
 * |-----------|------------------|--------------|-----------------------------------------|
 * | Open      | Open, paid += x  | Paid         | Cancelled: the unpaid remainder is void |
 * | Paid      | InvoiceNotOpen   | -            | InvoiceNotOpen                          |
 * | Cancelled | InvoiceNotOpen   | -            | InvoiceNotOpen                          |
 *
 * Cancelling a partly paid invoice voids only the remainder: the parts already paid stay credited to the issuer
 * and their receipts stay (a refund is a business matter, e.g. an invoice the other way). Paying after the due
 * date is allowed (the due date is information for the parties; {isOverdue} answers it).
 */
interface IInvoices is IPaymentsCommon {
    /// @notice Lifecycle of an invoice; see the table above.
    enum InvoiceStatus {
        None,
        Open,
        Paid,
        Cancelled
    }

    /// @notice An invoice as the views return it.
    struct Invoice {
        uint256 issuerId;
        uint256 payerId;
        uint256 amount;
        uint256 paid;
        uint256 dueDate;
        InvoiceStatus status;
        uint256 receiptCount;
    }

    /// @notice A receipt: who paid how much of which invoice, and when.
    struct Receipt {
        uint256 invoiceId;
        uint256 payerId;
        uint256 amount;
        uint256 paidAt;
    }

    /// @notice No invoice has this id.
    error InvoiceUnknown(uint256 invoiceId);
    /// @notice The invoice is Paid or Cancelled.
    error InvoiceNotOpen(uint256 invoiceId, InvoiceStatus status);
    /// @notice The payment is more than the unpaid remainder.
    error InvoiceOverpaid(uint256 invoiceId, uint256 remaining, uint256 amount);
    /// @notice The caller (or the signer) is not the current primary wallet of the billed identity.
    error InvoiceCallerNotPayer(uint256 invoiceId, address caller);
    /// @notice The caller is not the current primary wallet of the issuer identity.
    error InvoiceCallerNotIssuer(uint256 invoiceId, address caller);
    /// @notice The due date is not in the future.
    error InvoiceDueDateInvalid(uint256 dueDate, uint256 nowTime);
    /// @notice The authorization's nonce key is not {paymentNonceKey} of this invoice.
    error InvoiceAuthorizationNotBound(uint256 invoiceId, bytes32 nonce);
    /// @notice The invoice has as many receipts as its record can count.
    error InvoiceTooManyReceipts(uint256 invoiceId);
    /// @notice The invoice has no receipt with this index.
    error InvoiceReceiptUnknown(uint256 invoiceId, uint256 index);
    /// @notice The identity has no credit to withdraw.
    error InvoiceNothingToWithdraw(uint256 identityId);

    /// @notice An invoice was issued (the reference commitment is kept in this event only).
    event InvoiceIssued(
        uint256 indexed invoiceId,
        uint256 indexed issuerId,
        uint256 indexed payerId,
        uint256 amount,
        uint256 dueDate,
        bytes32 referenceCommitment
    );
    /// @notice A payment was made: receipt `receiptIndex` of the invoice; `wallet` is the wallet that paid.
    event InvoicePaid(
        uint256 indexed invoiceId,
        uint256 indexed payerId,
        uint256 indexed receiptIndex,
        uint256 amount,
        uint256 paidTotal,
        address wallet
    );
    /// @notice The issuer cancelled the invoice's unpaid remainder.
    event InvoiceCancelled(uint256 indexed invoiceId, uint256 indexed issuerId, uint256 unpaid, bytes32 reason);
    /// @notice An identity's credit was paid to its current primary wallet.
    event InvoiceCreditWithdrawn(uint256 indexed identityId, address indexed wallet, uint256 amount);

    /**
     * @notice Issues an invoice from the caller's identity (its primary wallet, verified) to `payerId`.
     * @param payerId The billed identity (registered, not the issuer).
     * @param amount The amount due, 1 .. 2^96 - 1.
     * @param dueDate The due date (seconds), in the future, below 2^32.
     * @param referenceCommitment A commitment to the off-chain invoice document (kept in the event).
     * @return invoiceId `issuerId << 64 | n`.
     */
    function issue(
        uint256 payerId,
        uint256 amount,
        uint256 dueDate,
        bytes32 referenceCommitment
    ) external returns (uint256);

    /**
     * @notice Pays `amount` of an Open invoice from the caller, the billed identity's primary wallet, which
     * approved this contract. Writes a receipt and credits the issuer identity.
     * @param invoiceId The invoice.
     * @param amount 1 .. the unpaid remainder.
     */
    function pay(uint256 invoiceId, uint256 amount) external;

    /**
     * @notice Pays `amount` of an Open invoice with the billed identity's signed ERC-3009
     * `ReceiveWithAuthorization` (from its current primary wallet to this contract), submitted by anyone (a
     * relayer). The nonce's key must be {paymentNonceKey}(invoiceId), so the signature covers the invoice paid;
     * the token checks signer, amount, payee, validity window, chain and replay.
     * @param invoiceId The invoice.
     * @param amount The signed amount, 1 .. the unpaid remainder.
     * @param validAfter The authorization is valid strictly after this time.
     * @param validBefore The authorization is valid strictly before this time.
     * @param nonce `paymentNonceKey(invoiceId) << 64 | sequence`.
     * @param signature The payer wallet's ECDSA or ERC-1271 signature.
     */
    function payWithAuthorization(
        uint256 invoiceId,
        uint256 amount,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes calldata signature
    ) external;

    /**
     * @notice Cancels the unpaid remainder of an Open invoice; only the issuer identity's primary wallet.
     * @param invoiceId The invoice.
     * @param reason A commitment to the reason.
     */
    function cancel(uint256 invoiceId, bytes32 reason) external;

    /// @notice Pays the caller identity's whole credit to the caller (its current primary wallet, verified).
    function withdraw() external;

    /// @notice The invoice `invoiceId`.
    function invoice(uint256 invoiceId) external view returns (Invoice memory);

    /// @notice Whether an Open invoice is past its due date.
    function isOverdue(uint256 invoiceId) external view returns (bool);

    /// @notice Receipt `index` (from 0) of an invoice.
    function receipt(uint256 invoiceId, uint256 index) external view returns (Receipt memory);

    /**
     * @notice Up to `limit` (at most {MAX_PAGE}) receipts of an invoice from index `start`.
     * @return page The receipts.
     */
    function receipts(uint256 invoiceId, uint256 start, uint256 limit) external view returns (Receipt[] memory page);

    /// @notice How many invoices identity `identityId` issued and received.
    function invoiceCounts(uint256 identityId) external view returns (uint256 issued, uint256 billed);

    /**
     * @notice Up to `limit` ids of the invoices `issuerId` issued, from its `start`-th (from 1), oldest first.
     * @return ids The invoice ids.
     */
    function invoicesIssuedBy(
        uint256 issuerId,
        uint256 start,
        uint256 limit
    ) external view returns (uint256[] memory ids);

    /**
     * @notice Up to `limit` ids of the invoices billed to `payerId`, newest first, starting at `cursor` (0: the
     * newest); `next` is the cursor of the following page (0 when none).
     */
    function invoicesBilledTo(
        uint256 payerId,
        uint256 cursor,
        uint256 limit
    ) external view returns (uint256[] memory ids, uint256 next);

    /// @notice The ERC-3009 nonce key that binds an authorization to an invoice of this contract.
    function paymentNonceKey(uint256 invoiceId) external view returns (uint192);

    /// @notice The credit identity `identityId` can withdraw.
    function creditOf(uint256 identityId) external view returns (uint256);

    /// @notice The largest page of the paged views.
    function MAX_PAGE() external view returns (uint256);
}
