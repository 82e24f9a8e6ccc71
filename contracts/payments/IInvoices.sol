// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPaymentsCommon} from "./IPaymentsCommon.sol";

/**
 * @title IInvoices
 * @notice Invoices with on-chain receipts. Any verified identity (a business, a city department) issues an
 * invoice to another identity: amount, due date, reference commitment. The billed identity pays it in full or
 * in parts, directly (`transferFrom`, after an approval) or through a relayer with a signed ERC-3009
 * `ReceiveWithAuthorization` whose nonce key is bound to the invoice ({paymentNonceKey}). Every payment goes at
 * once to the issuer identity's current primary wallet (resolved at payment time, so a key recovery
 * moves every future payment; this contract never holds tokens between transactions) and leaves its receipt
 * on chain: the {InvoicePaid} event (invoice id, payer identity, issuer identity, amount, paid total; its block
 * gives the time), which both sides query by their identity id (an indexed topic); {invoice} reads the paid
 * total. Nothing is ever deleted.
 *
 * One storage slot per invoice (payer, amount, paid part). Invoice ids are `issuerId << 64 | h`, with `h` the
 * low 64 bits of `keccak256(abi.encode(payerId, amount, dueDate, referenceCommitment))` ({invoiceIdOf}): the
 * issuer knows the id before sending, and needs no counter. The due date and the reference commitment are kept
 * in the {InvoiceIssued} event only (the contract never acts on them: paying late is allowed). Lists (an
 * issuer's invoices, a payer's bills, an invoice's receipts) are read from the indexed events, so nobody's
 * storage grows with somebody else's bills.
 *
 * | status    | pay (part)       | pay (rest)   | cancel (issuer)                         |
 * |-----------|------------------|--------------|-----------------------------------------|
 * | Open      | Open, paid += x  | Paid         | Cancelled: the unpaid remainder is void |
 * | Paid      | InvoiceNotOpen   | -            | InvoiceNotOpen                          |
 * | Cancelled | InvoiceNotOpen   | -            | InvoiceNotOpen                          |
 *
 * Cancelling a partly paid invoice voids only the remainder: the parts already paid stay the issuer's and their
 * receipts stay (a refund is a business matter, e.g. an invoice the other way). Paying after the due date is
 * allowed (the due date is information for the parties).
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
        InvoiceStatus status;
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
    /// @notice The issuer already issued an invoice with this id (same payer, amount, due date and reference).
    error InvoiceExists(uint256 invoiceId);
    /// @notice The issuer identity has no primary wallet to be paid to (the identity registry returned zero).
    error InvoiceIssuerWalletZero(uint256 invoiceId, uint256 issuerId);

    /// @notice An invoice was issued (the reference commitment is kept in this event only).
    event InvoiceIssued(
        uint256 indexed invoiceId,
        uint256 indexed issuerId,
        uint256 indexed payerId,
        uint256 amount,
        uint256 dueDate,
        bytes32 referenceCommitment
    );
    /**
     * @notice A payment was made: the receipt. `amount` went from the payer identity's wallet to the issuer
     * identity's current primary wallet (the token's `Transfer` event of the same transaction names both);
     * `paidTotal` is the invoice's paid part after it; the block's timestamp is the time of payment.
     */
    event InvoicePaid(
        uint256 indexed invoiceId,
        uint256 indexed payerId,
        uint256 indexed issuerId,
        uint256 amount,
        uint256 paidTotal
    );
    /// @notice The issuer cancelled the invoice's unpaid remainder.
    event InvoiceCancelled(uint256 indexed invoiceId, uint256 indexed issuerId, uint256 unpaid, bytes32 reason);

    /**
     * @notice Issues an invoice from the caller's identity (its primary wallet, verified) to `payerId`.
     * @param payerId The billed identity (registered, not the issuer).
     * @param amount The amount due, 1 .. 2^96 - 1.
     * @param dueDate The due date (seconds), in the future (kept in the event).
     * @param referenceCommitment A salted commitment to the off-chain invoice document (kept in the event).
     * @return invoiceId {invoiceIdOf}(issuer, payerId, amount, dueDate, referenceCommitment).
     */
    function issue(
        uint256 payerId,
        uint256 amount,
        uint256 dueDate,
        bytes32 referenceCommitment
    ) external returns (uint256);

    /**
     * @notice Pays `amount` of an Open invoice from the caller, the billed identity's primary wallet, which
     * approved this contract. Writes a receipt; the tokens go to the issuer identity's current primary
     * wallet.
     * @param invoiceId The invoice.
     * @param amount 1 .. the unpaid remainder.
     */
    function pay(uint256 invoiceId, uint256 amount) external;

    /**
     * @notice Pays `amount` of an Open invoice with the billed identity's signed ERC-3009
     * `ReceiveWithAuthorization` (from its current primary wallet to this contract), submitted by anyone (a
     * relayer). The nonce's key must be {paymentNonceKey}(invoiceId), so the signature covers the invoice paid;
     * the token checks signer, amount, payee, validity window, chain and replay. The tokens then go on to the
     * issuer identity's current primary wallet in the same transaction.
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

    /// @notice The invoice `invoiceId`.
    function invoice(uint256 invoiceId) external view returns (Invoice memory);

    /**
     * @notice The id of the invoice `issuerId` issues with these terms: `issuerId << 64 | h`, `h` the low 64
     * bits of `keccak256(abi.encode(payerId, amount, dueDate, referenceCommitment))`.
     */
    function invoiceIdOf(
        uint256 issuerId,
        uint256 payerId,
        uint256 amount,
        uint256 dueDate,
        bytes32 referenceCommitment
    ) external pure returns (uint256);

    /// @notice The ERC-3009 nonce key that binds an authorization to an invoice of this contract.
    function paymentNonceKey(uint256 invoiceId) external view returns (uint192);
}
