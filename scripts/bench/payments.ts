import { id, Signature } from "ethers";

import { AssuranceLevel, IdentityKind } from "../../src/identity.js";
import {
  invoiceIdOf,
  invoiceIssueArgs,
  invoicePaymentArgs,
  signAuthorization,
  signInvoicePayment,
} from "../../src/payments.js";
import { gasOf, type BenchSuite, type Budget } from "./types.js";

/**
 * Payments (issue 14): a relayer submits a resident's ERC-3009 authorization. Like `ref.erc20.transfer`, the
 * receiver holds no tokens yet (a fresh balance slot). `payments.transfer_with_authorization` is a resident's
 * recurring payment on its nonce key (the key's sequence slot is rewritten); the first payment on a brand-new
 * key also creates that slot (`..._first_on_key`, recorded, no budget: a one-off per key, as a first permit).
 */
export const paymentsSuite: BenchSuite = async ({ connection, city }) => {
  const { networkHelpers } = connection;
  const { treasurer, alice, bob, carol, shop } = city.accounts;
  const ops: Record<string, bigint> = {};
  await (await city.token.connect(treasurer).mint(alice.address, 10n ** 24n)).wait();
  const validBefore = BigInt(await networkHelpers.time.latest()) + 86_400n;
  const pay = async (to: string) => {
    const auth = await signAuthorization(alice, city.token, to, 10n, { validBefore, nonceKey: 1n });
    const { v, r, s } = Signature.from(auth.signature);
    // The ERC-3009 standard form (v, r, s) a relayer submits for an EOA holder.
    return gasOf(
      city.token
        .connect(shop)
        ["transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)"](
          auth.from,
          auth.to,
          auth.value,
          auth.validAfter,
          auth.validBefore,
          auth.nonce,
          v,
          r,
          s,
        ),
    );
  };
  ops["payments.transfer_with_authorization_first_on_key"] = await pay(bob.address);
  ops["payments.transfer_with_authorization"] = await pay(carol.address);
  Object.assign(ops, await invoiceAndStreamOps({ connection, city }));
  return ops;
};

/** Fixed times (never the wall clock), so calldata and signatures are the same on every run. */
const DUE = 4_000_000_000n; // 2096
const STREAM_START = 3_000_000_000n; // 2065
const DAY = 86_400n;

/**
 * Invoices and streams, through the proxies, in steady state: the plumber has billed alice and been paid before
 * (its wallet holds tokens), and alice approved the invoices contract once for all (unlimited allowance).
 * `payments.invoice_total` = `invoice_issue` + `invoice_pay` (issue, then pay in full: one invoice slot written
 * and updated, the tokens straight to the plumber's wallet, the receipt an event).
 * `invoice_pay_second_part_relayed` is the second part of a split payment through a relayer,
 * `invoice_pay_relayed` a relayer's `payWithAuthorization` in full. The
 * `_after_1000` row pays an invoice issued after 1,000 more invoices to the same payer. Streams: a 30-day stream
 * (`stream_create`), the employee's second withdrawal (`stream_withdraw`), the employer's cancellation.
 */
const invoiceAndStreamOps: BenchSuite = async ({ connection, city }) => {
  const { networkHelpers } = connection;
  const { identity, token, invoices, payrollStreams, accounts } = city;
  const { registrar, treasurer, plumber, alice, employer, bob, shop } = accounts;
  const ops: Record<string, bigint> = {};
  const register = async (signer: typeof alice, label: string, kind: number) => {
    await (
      await identity
        .connect(registrar)
        .register(kind, AssuranceLevel.BIOMETRIC, id(`subject ${label}`), id(`record ${label}`), DUE, signer.address)
    ).wait();
    return identity.identityOf(signer.address);
  };
  const plumberId = await register(plumber, "plumber", IdentityKind.Business);
  const aliceId = await register(alice, "alice", IdentityKind.Resident);
  await register(employer, "employer", IdentityKind.Business);
  const bobId = await register(bob, "bob", IdentityKind.Resident);
  for (const holder of [alice, employer]) {
    await (await token.connect(treasurer).mint(holder.address, 10n ** 24n)).wait();
    await (await token.connect(holder).approve(await invoices.getAddress(), 2n ** 256n - 1n)).wait();
    await (await token.connect(holder).approve(await payrollStreams.getAddress(), 2n ** 256n - 1n)).wait();
  }
  const asPlumber = invoices.connect(plumber);
  const asAlice = invoices.connect(alice);
  // Invoice n of the bench: the reference commitment (a salted hash of the document) differs per invoice.
  const terms = (n: number, amount = 1000n) => ({
    payerId: aliceId,
    amount,
    dueDate: DUE,
    referenceCommitment: id(`invoice ${n}`),
  });
  const issue = (n: number) => asPlumber.issue(...invoiceIssueArgs(terms(n)));
  const invoiceId = (n: number) => invoiceIdOf(plumberId, terms(n));
  await (await issue(1)).wait(); // warm-up: invoice 1, paid (the plumber's wallet holds tokens)
  await (await asAlice.pay(invoiceId(1), 1000n)).wait();

  ops["payments.invoice_issue"] = await gasOf(issue(2));
  ops["payments.invoice_pay"] = await gasOf(asAlice.pay(invoiceId(2), 1000n));
  ops["payments.invoice_total"] = ops["payments.invoice_issue"] + ops["payments.invoice_pay"];

  await (await issue(3)).wait(); // paid in two parts, the second relayed
  await (await asAlice.pay(invoiceId(3), 400n)).wait();
  const auth = await signInvoicePayment(alice, token, invoices, invoiceId(3), 600n, { validBefore: DUE });
  ops["payments.invoice_pay_second_part_relayed"] = await gasOf(
    invoices.connect(shop).payWithAuthorization(...invoicePaymentArgs(invoiceId(3), auth)),
  );
  await (await issue(4)).wait(); // paid in full through the relayer
  const full = await signInvoicePayment(alice, token, invoices, invoiceId(4), 1000n, { validBefore: DUE });
  ops["payments.invoice_pay_relayed"] = await gasOf(
    invoices.connect(shop).payWithAuthorization(...invoicePaymentArgs(invoiceId(4), full)),
  );
  await (await issue(5)).wait(); // cancelled unpaid
  ops["payments.invoice_cancel"] = await gasOf(asPlumber.cancel(invoiceId(5), id("reason")));

  for (let n = 6; n < 1_006; n++) await (await issue(n)).wait();
  await (await issue(1_006)).wait();
  ops["payments.pay_after_1000"] = await gasOf(asAlice.pay(invoiceId(1_006), 1000n));

  const asEmployer = payrollStreams.connect(employer);
  const asBob = payrollStreams.connect(bob);
  const rate = 10n ** 12n;
  await networkHelpers.time.setNextBlockTimestamp(STREAM_START - 100n);
  await (await asEmployer.createStream(bobId, rate, STREAM_START, 0n, STREAM_START + 30n * DAY)).wait(); // 1
  await networkHelpers.time.setNextBlockTimestamp(STREAM_START - 50n);
  ops["payments.stream_create"] = await gasOf(
    asEmployer.createStream(bobId, rate, STREAM_START, STREAM_START + DAY, STREAM_START + 30n * DAY),
  ); // 2
  await networkHelpers.time.setNextBlockTimestamp(STREAM_START + DAY);
  await (await asBob.withdraw(1n, rate * 1000n)).wait();
  await networkHelpers.time.setNextBlockTimestamp(STREAM_START + 2n * DAY);
  ops["payments.stream_withdraw"] = await gasOf(asBob.withdraw(1n, rate * 1000n));
  await networkHelpers.time.setNextBlockTimestamp(STREAM_START + 3n * DAY);
  ops["payments.stream_cancel"] = await gasOf(asEmployer.cancel(2n));
  return ops;
};

/** Issue 14's budgets. */
export const paymentsBudgets: Budget[] = [
  { operation: "payments.transfer_with_authorization", atMost: 1.5, of: "ref.erc20.transfer" },
  { operation: "payments.invoice_total", atMost: 3, of: "ref.erc20.transfer" },
  { operation: "payments.pay_after_1000", withinPercent: 2, of: "payments.invoice_pay" },
];
