import { AbiCoder, hexlify, keccak256, randomBytes, type Signer, type TypedDataField } from "ethers";

import { serviceDomain, type Eip712Service } from "./eip712.js";

/** What the SDK needs of an ERC-3009 token with keyed authorization nonces (CityToken). */
export interface AuthorizationToken extends Eip712Service {
  authorizationNonce(owner: string, key: bigint): Promise<string>;
}

/** EIP-712 types of ERC-3009, mirroring OpenZeppelin's `ERC3009` typehashes. */
const AUTHORIZATION_FIELDS: TypedDataField[] = [
  { name: "from", type: "address" },
  { name: "to", type: "address" },
  { name: "value", type: "uint256" },
  { name: "validAfter", type: "uint256" },
  { name: "validBefore", type: "uint256" },
  { name: "nonce", type: "bytes32" },
];
export const TRANSFER_WITH_AUTHORIZATION_TYPES = { TransferWithAuthorization: AUTHORIZATION_FIELDS };
export const RECEIVE_WITH_AUTHORIZATION_TYPES = { ReceiveWithAuthorization: AUTHORIZATION_FIELDS };
export const CANCEL_AUTHORIZATION_TYPES = {
  CancelAuthorization: [
    { name: "authorizer", type: "address" },
    { name: "nonce", type: "bytes32" },
  ],
};

/** A signed ERC-3009 authorization, ready for `transferWithAuthorization(...a, signature)` and friends. */
export interface Authorization {
  from: string;
  to: string;
  value: bigint;
  validAfter: bigint;
  validBefore: bigint;
  nonce: string;
  signature: string;
}

/** A fresh random 192-bit nonce key: authorizations on different keys never compete for a sequence. */
export function randomNonceKey(): bigint {
  return BigInt(hexlify(randomBytes(24)));
}

/**
 * The `bytes32` nonce of the holder's next authorization on `key`: CityToken's nonces are keyed
 * (`key << 64 | sequence`, sequences used in order), so a random ERC-3009 nonce is NOT accepted; the SDK
 * reads the next sequence of the key from the token.
 */
export async function nextAuthorizationNonce(token: AuthorizationToken, holder: string, key: bigint): Promise<string> {
  return token.authorizationNonce(holder, key);
}

/**
 * Signs an ERC-3009 authorization moving `value` of the holder's tokens to `to`, valid strictly between
 * `validAfter` and `validBefore` (seconds). `kind` "receive" binds the submitter: only `to` may submit it
 * (`receiveWithAuthorization`), which a payee contract should insist on to avoid front-running.
 */
export async function signAuthorization(
  holder: Signer,
  token: AuthorizationToken,
  to: string,
  value: bigint,
  options: { validAfter?: bigint; validBefore: bigint; nonceKey?: bigint; kind?: "transfer" | "receive" },
): Promise<Authorization> {
  const from = await holder.getAddress();
  const nonce = await nextAuthorizationNonce(token, from, options.nonceKey ?? randomNonceKey());
  const message = { from, to, value, validAfter: options.validAfter ?? 0n, validBefore: options.validBefore, nonce };
  const types = options.kind === "receive" ? RECEIVE_WITH_AUTHORIZATION_TYPES : TRANSFER_WITH_AUTHORIZATION_TYPES;
  const signature = await holder.signTypedData(await serviceDomain(token), types, message);
  return { ...message, signature };
}

/** Signs the cancellation of an unused authorization nonce (`cancelAuthorization(authorizer, nonce, signature)`). */
export async function signCancelAuthorization(
  holder: Signer,
  token: Eip712Service,
  nonce: string,
): Promise<{ authorizer: string; nonce: string; signature: string }> {
  const authorizer = await holder.getAddress();
  const signature = await holder.signTypedData(await serviceDomain(token), CANCEL_AUTHORIZATION_TYPES, {
    authorizer,
    nonce,
  });
  return { authorizer, nonce, signature };
}

/** The call arguments of the `bytes`-signature overloads, in order. */
export function authorizationArgs(a: Authorization): [string, string, bigint, bigint, bigint, string, string] {
  return [a.from, a.to, a.value, a.validAfter, a.validBefore, a.nonce, a.signature];
}

/** Full signatures of CityToken's ERC-3009 overloads (ethers needs them to pick the `bytes` variant). */
export const TRANSFER_WITH_AUTHORIZATION =
  "transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,bytes)";
export const RECEIVE_WITH_AUTHORIZATION =
  "receiveWithAuthorization(address,address,uint256,uint256,uint256,bytes32,bytes)";
export const CANCEL_AUTHORIZATION = "cancelAuthorization(address,bytes32,bytes)";

/** Lifecycle of an invoice (`IInvoices.InvoiceStatus`). */
export enum InvoiceStatus {
  None = 0,
  Open = 1,
  Paid = 2,
  Cancelled = 3,
}

/** Lifecycle of a payroll stream (`IPayrollStreams.StreamStatus`). */
export enum StreamStatus {
  None = 0,
  Active = 1,
  Cancelled = 2,
}

/** The terms of an invoice, as `issue(payerId, amount, dueDate, referenceCommitment)` takes them. */
export interface InvoiceTerms {
  payerId: bigint;
  amount: bigint;
  dueDate: bigint;
  referenceCommitment: string;
}

/**
 * The id of the invoice `issuerId` issues with `terms` (`IInvoices.invoiceIdOf`): `issuerId << 64 | h`, `h` the
 * low 64 bits of `keccak256(abi.encode(payerId, amount, dueDate, referenceCommitment))`. Known before sending.
 */
export function invoiceIdOf(issuerId: bigint, terms: InvoiceTerms): bigint {
  const encoded = AbiCoder.defaultAbiCoder().encode(
    ["uint256", "uint256", "uint256", "bytes32"],
    [terms.payerId, terms.amount, terms.dueDate, terms.referenceCommitment],
  );
  return (issuerId << 64n) | (BigInt(keccak256(encoded)) & (2n ** 64n - 1n));
}

/** The arguments of `issue(payerId, amount, dueDate, referenceCommitment)`. */
export function invoiceIssueArgs(terms: InvoiceTerms): [bigint, bigint, bigint, string] {
  return [terms.payerId, terms.amount, terms.dueDate, terms.referenceCommitment];
}

/** What the SDK needs of the invoices contract to bind an authorization to one invoice. */
export interface InvoiceBook {
  paymentNonceKey(invoiceId: bigint): Promise<bigint>;
  getAddress(): Promise<string>;
}

/**
 * Signs the billed wallet's ERC-3009 `ReceiveWithAuthorization` of `amount` to the invoices contract, with a
 * nonce on the invoice's own key (`paymentNonceKey`), so the signature pays this invoice and no other and only
 * the invoices contract can submit it. A relayer passes it to `payWithAuthorization(invoiceId, ...)`.
 */
export async function signInvoicePayment(
  payer: Signer,
  token: AuthorizationToken,
  invoices: InvoiceBook,
  invoiceId: bigint,
  amount: bigint,
  options: { validAfter?: bigint; validBefore: bigint },
): Promise<Authorization> {
  return signAuthorization(payer, token, await invoices.getAddress(), amount, {
    ...options,
    nonceKey: await invoices.paymentNonceKey(invoiceId),
    kind: "receive",
  });
}

/** The arguments of `payWithAuthorization(invoiceId, amount, validAfter, validBefore, nonce, signature)`. */
export function invoicePaymentArgs(
  invoiceId: bigint,
  a: Authorization,
): [bigint, bigint, bigint, bigint, string, string] {
  return [invoiceId, a.value, a.validAfter, a.validBefore, a.nonce, a.signature];
}
