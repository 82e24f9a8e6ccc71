import { expect } from "chai";
import { id, parseEther, Wallet } from "ethers";

import {
  authorizationArgs,
  CANCEL_AUTHORIZATION,
  invoiceIdOf,
  invoicePaymentArgs,
  InvoiceStatus,
  RECEIVE_WITH_AUTHORIZATION,
  signAuthorization,
  signCancelAuthorization,
  signInvoicePayment,
} from "../../src/payments.js";
import { DAY, deployPaymentsCity, inFuture, recoverIdentity } from "./PaymentsSetup.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

const AMOUNT = parseEther("300");
const REF = id("invoice PL-2026-001");

/** The plumber billed alice 300 CITY, due in 30 days (invoice 1 of the plumber). */
async function billedFixture() {
  const city = await deployPaymentsCity(connection);
  const due = await inFuture(connection, 30n * DAY);
  await (await city.invoices.connect(city.accounts.plumber).issue(city.ids.alice, AMOUNT, due, REF)).wait();
  return { ...city, due, invoiceId: invoiceIdOf(city.ids.plumber, 1n) };
}

describe("Payments: invoices", function () {
  describe("issue", function () {
    it("records the invoice, lists it for both sides and emits the reference", async function () {
      const city = await networkHelpers.loadFixture(deployPaymentsCity);
      const { invoices, accounts, ids } = city;
      const due = await inFuture(connection, 10n * DAY);
      const invoiceId = invoiceIdOf(ids.plumber, 1n);
      await expect(invoices.connect(accounts.plumber).issue(ids.alice, AMOUNT, due, REF))
        .to.emit(invoices, "InvoiceIssued")
        .withArgs(invoiceId, ids.plumber, ids.alice, AMOUNT, due, REF);
      const inv = await invoices.invoice(invoiceId);
      expect([
        inv.issuerId,
        inv.payerId,
        inv.amount,
        inv.paid,
        inv.dueDate,
        inv.status,
        inv.receiptCount,
      ]).to.deep.equal([ids.plumber, ids.alice, AMOUNT, 0n, due, BigInt(InvoiceStatus.Open), 0n]);
      await (await invoices.connect(accounts.bob).issue(ids.alice, 5n, due, REF)).wait();
      await (await invoices.connect(accounts.plumber).issue(ids.bob, 7n, due, REF)).wait();
      expect(await invoices.invoiceCounts(ids.plumber)).to.deep.equal([2n, 0n]);
      expect(await invoices.invoiceCounts(ids.alice)).to.deep.equal([0n, 2n]);
      expect(await invoices.invoicesIssuedBy(ids.plumber, 0n, 10n)).to.deep.equal([
        invoiceId,
        invoiceIdOf(ids.plumber, 2n),
      ]);
      expect(await invoices.invoicesIssuedBy(ids.plumber, 2n, 10n)).to.deep.equal([invoiceIdOf(ids.plumber, 2n)]);
      expect(await invoices.invoicesIssuedBy(ids.plumber, 3n, 10n)).to.deep.equal([]);
      const bobInvoice = invoiceIdOf(ids.bob, 1n);
      expect(await invoices.invoicesBilledTo(ids.alice, 0n, 10n)).to.deep.equal([[bobInvoice, invoiceId], 0n]);
      expect(await invoices.invoicesBilledTo(ids.alice, 0n, 1n)).to.deep.equal([[bobInvoice], invoiceId]);
      expect(await invoices.invoicesBilledTo(ids.alice, invoiceId, 1n)).to.deep.equal([[invoiceId], 0n]);
      await expect(invoices.invoicesBilledTo(ids.bob, invoiceId, 1n))
        .to.be.revertedWithCustomError(invoices, "InvoiceUnknown")
        .withArgs(invoiceId);
      await expect(invoices.invoicesBilledTo(ids.alice, 0n, 101n))
        .to.be.revertedWithCustomError(invoices, "PaymentsPageTooLarge")
        .withArgs(101n, 100n);
      await expect(invoices.invoicesIssuedBy(ids.alice, 0n, 101n)).to.be.revertedWithCustomError(
        invoices,
        "PaymentsPageTooLarge",
      );
      await expect(invoices.invoice(invoiceIdOf(ids.alice, 1n)))
        .to.be.revertedWithCustomError(invoices, "InvoiceUnknown")
        .withArgs(invoiceIdOf(ids.alice, 1n));
    });

    it("refuses a stranger, a bad counterparty, a bad amount and a past or too distant due date", async function () {
      const { invoices, accounts, ids } = await networkHelpers.loadFixture(deployPaymentsCity);
      const due = await inFuture(connection, DAY);
      await expect(invoices.connect(accounts.mallory).issue(ids.alice, 1n, due, REF))
        .to.be.revertedWithCustomError(invoices, "PaymentsCallerNotVerified")
        .withArgs(accounts.mallory.address);
      for (const payer of [ids.plumber, 999n, 0n, 1n << 64n]) {
        await expect(invoices.connect(accounts.plumber).issue(payer, 1n, due, REF))
          .to.be.revertedWithCustomError(invoices, "PaymentsCounterpartyInvalid")
          .withArgs(payer);
      }
      for (const amount of [0n, 1n << 96n]) {
        await expect(invoices.connect(accounts.plumber).issue(ids.alice, amount, due, REF))
          .to.be.revertedWithCustomError(invoices, "PaymentsAmountInvalid")
          .withArgs(amount);
      }
      const now = BigInt(await networkHelpers.time.latest());
      await expect(invoices.connect(accounts.plumber).issue(ids.alice, 1n, now, REF)).to.be.revertedWithCustomError(
        invoices,
        "InvoiceDueDateInvalid",
      );
      await expect(
        invoices.connect(accounts.plumber).issue(ids.alice, 1n, 1n << 32n, REF),
      ).to.be.revertedWithCustomError(invoices, "InvoiceDueDateInvalid");
      expect(await invoices.invoiceCounts(ids.plumber)).to.deep.equal([0n, 0n]);
    });
  });

  describe("pay directly", function () {
    it("pays in two parts with a receipt each, credits the issuer, and refuses any overpayment", async function () {
      const { invoices, token, accounts, ids, invoiceId } = await networkHelpers.loadFixture(billedFixture);
      const { alice, plumber } = accounts;
      await expect(invoices.connect(alice).pay(invoiceId, AMOUNT + 1n))
        .to.be.revertedWithCustomError(invoices, "InvoiceOverpaid")
        .withArgs(invoiceId, AMOUNT, AMOUNT + 1n);
      await expect(invoices.connect(alice).pay(invoiceId, 0n))
        .to.be.revertedWithCustomError(invoices, "PaymentsAmountInvalid")
        .withArgs(0n);
      const first = parseEther("100");
      await expect(invoices.connect(alice).pay(invoiceId, first))
        .to.emit(invoices, "InvoicePaid")
        .withArgs(invoiceId, ids.alice, 0n, first, first, alice.address);
      const t1 = BigInt(await networkHelpers.time.latest());
      expect(await invoices.receipt(invoiceId, 0n)).to.deep.equal([invoiceId, ids.alice, first, t1]);
      await expect(invoices.connect(alice).pay(invoiceId, AMOUNT))
        .to.be.revertedWithCustomError(invoices, "InvoiceOverpaid")
        .withArgs(invoiceId, AMOUNT - first, AMOUNT);
      await networkHelpers.time.increase(DAY);
      await expect(invoices.connect(alice).pay(invoiceId, AMOUNT - first))
        .to.emit(invoices, "InvoicePaid")
        .withArgs(invoiceId, ids.alice, 1n, AMOUNT - first, AMOUNT, alice.address);
      const t2 = BigInt(await networkHelpers.time.latest());
      expect(await invoices.receipts(invoiceId, 0n, 10n)).to.deep.equal([
        [invoiceId, ids.alice, first, t1],
        [invoiceId, ids.alice, AMOUNT - first, t2],
      ]);
      expect(await invoices.receipts(invoiceId, 1n, 1n)).to.deep.equal([[invoiceId, ids.alice, AMOUNT - first, t2]]);
      expect(await invoices.receipts(invoiceId, 2n, 1n)).to.deep.equal([]);
      await expect(invoices.receipt(invoiceId, 2n))
        .to.be.revertedWithCustomError(invoices, "InvoiceReceiptUnknown")
        .withArgs(invoiceId, 2n);
      await expect(invoices.receipts(invoiceId, 0n, 101n)).to.be.revertedWithCustomError(
        invoices,
        "PaymentsPageTooLarge",
      );
      const inv = await invoices.invoice(invoiceId);
      expect([inv.paid, inv.status, inv.receiptCount]).to.deep.equal([AMOUNT, BigInt(InvoiceStatus.Paid), 2n]);
      await expect(invoices.connect(alice).pay(invoiceId, 1n))
        .to.be.revertedWithCustomError(invoices, "InvoiceNotOpen")
        .withArgs(invoiceId, InvoiceStatus.Paid);
      expect(await invoices.creditOf(ids.plumber)).to.equal(AMOUNT);
      expect(await token.balanceOf(await invoices.getAddress())).to.equal(AMOUNT);

      await expect(invoices.connect(plumber).withdraw())
        .to.emit(invoices, "InvoiceCreditWithdrawn")
        .withArgs(ids.plumber, plumber.address, AMOUNT);
      expect(await token.balanceOf(plumber.address)).to.equal(AMOUNT);
      await expect(invoices.connect(plumber).withdraw())
        .to.be.revertedWithCustomError(invoices, "InvoiceNothingToWithdraw")
        .withArgs(ids.plumber);
      await expect(invoices.connect(accounts.mallory).withdraw())
        .to.be.revertedWithCustomError(invoices, "PaymentsCallerNotVerified")
        .withArgs(accounts.mallory.address);
    });

    it("a payment in full at once keeps its receipt in the invoice record", async function () {
      const { invoices, accounts, ids, invoiceId } = await networkHelpers.loadFixture(billedFixture);
      await (await invoices.connect(accounts.alice).pay(invoiceId, AMOUNT)).wait();
      const t = BigInt(await networkHelpers.time.latest());
      expect(await invoices.receipts(invoiceId, 0n, 5n)).to.deep.equal([[invoiceId, ids.alice, AMOUNT, t]]);
      expect((await invoices.invoice(invoiceId)).status).to.equal(InvoiceStatus.Paid);
    });

    it("refuses anyone but the billed identity's primary wallet, and an unknown invoice", async function () {
      const { invoices, accounts, ids, invoiceId } = await networkHelpers.loadFixture(billedFixture);
      for (const signer of [accounts.bob, accounts.plumber, accounts.mallory]) {
        await expect(invoices.connect(signer).pay(invoiceId, 1n))
          .to.be.revertedWithCustomError(invoices, "InvoiceCallerNotPayer")
          .withArgs(invoiceId, signer.address);
      }
      const unknown = invoiceIdOf(ids.plumber, 2n);
      await expect(invoices.connect(accounts.alice).pay(unknown, 1n))
        .to.be.revertedWithCustomError(invoices, "InvoiceUnknown")
        .withArgs(unknown);
      expect(await invoices.isOverdue(invoiceId)).to.equal(false);
      await networkHelpers.time.increase(31n * DAY);
      expect(await invoices.isOverdue(invoiceId)).to.equal(true);
      await (await invoices.connect(accounts.alice).pay(invoiceId, AMOUNT)).wait(); // late payment is allowed
      expect(await invoices.isOverdue(invoiceId)).to.equal(false);
    });
  });

  describe("pay through a relayer (ERC-3009 bound to the invoice)", function () {
    it("a relayer submits the payer's signed part; replay, another invoice, another amount are refused", async function () {
      const { invoices, token, accounts, ids, invoiceId, due } = await networkHelpers.loadFixture(billedFixture);
      const { alice, shop, plumber } = accounts;
      const validBefore = await inFuture(connection, DAY);
      const part = parseEther("120");
      const auth = await signInvoicePayment(alice, token, invoices, invoiceId, part, { validBefore });
      expect(BigInt(auth.nonce) >> 64n).to.equal(await invoices.paymentNonceKey(invoiceId));

      // The same signature presented for another invoice of alice: its nonce key does not match.
      await (await invoices.connect(plumber).issue(ids.alice, AMOUNT, due, REF)).wait();
      const other = invoiceIdOf(ids.plumber, 2n);
      await expect(invoices.connect(shop).payWithAuthorization(...invoicePaymentArgs(other, auth)))
        .to.be.revertedWithCustomError(invoices, "InvoiceAuthorizationNotBound")
        .withArgs(other, auth.nonce);
      // Another amount than signed: the token's signature check fails.
      const [, , ...rest] = invoicePaymentArgs(invoiceId, auth);
      await expect(
        invoices.connect(shop).payWithAuthorization(invoiceId, part + 1n, ...rest),
      ).to.be.revertedWithCustomError(token, "ERC3009InvalidSignature");
      // Front-running the invoices contract on the token itself: only the payee may submit a receive.
      await expect(token.connect(accounts.mallory)[RECEIVE_WITH_AUTHORIZATION](...authorizationArgs(auth)))
        .to.be.revertedWithCustomError(token, "ERC20InvalidReceiver")
        .withArgs(await invoices.getAddress());

      await expect(invoices.connect(shop).payWithAuthorization(...invoicePaymentArgs(invoiceId, auth)))
        .to.emit(invoices, "InvoicePaid")
        .withArgs(invoiceId, ids.alice, 0n, part, part, alice.address);
      await expect(
        invoices.connect(shop).payWithAuthorization(...invoicePaymentArgs(invoiceId, auth)),
      ).to.be.revertedWithCustomError(token, "ERC3009UsedAuthorization");
      expect(await invoices.creditOf(ids.plumber)).to.equal(part);
      expect(await token.balanceOf(await invoices.getAddress())).to.equal(part);
      expect((await invoices.invoice(invoiceId)).paid).to.equal(part);
    });

    it("refuses an unbound, expired, cancelled or foreign-signed authorization, and more than is due", async function () {
      const { invoices, token, accounts, invoiceId } = await networkHelpers.loadFixture(billedFixture);
      const { alice, bob, shop } = accounts;
      const validBefore = await inFuture(connection, DAY);
      const address = await invoices.getAddress();
      const unbound = await signAuthorization(alice, token, address, 1n, { validBefore, kind: "receive" });
      await expect(invoices.connect(shop).payWithAuthorization(...invoicePaymentArgs(invoiceId, unbound)))
        .to.be.revertedWithCustomError(invoices, "InvoiceAuthorizationNotBound")
        .withArgs(invoiceId, unbound.nonce);
      const byBob = await signInvoicePayment(bob, token, invoices, invoiceId, 1n, { validBefore });
      await expect(
        invoices.connect(shop).payWithAuthorization(...invoicePaymentArgs(invoiceId, byBob)),
      ).to.be.revertedWithCustomError(token, "ERC3009InvalidSignature");
      const tooMuch = await signInvoicePayment(alice, token, invoices, invoiceId, AMOUNT + 1n, { validBefore });
      await expect(invoices.connect(shop).payWithAuthorization(...invoicePaymentArgs(invoiceId, tooMuch)))
        .to.be.revertedWithCustomError(invoices, "InvoiceOverpaid")
        .withArgs(invoiceId, AMOUNT, AMOUNT + 1n);
      const soon = await signInvoicePayment(alice, token, invoices, invoiceId, 1n, {
        validBefore: await inFuture(connection, 60n),
      });
      await networkHelpers.time.increase(120n);
      await expect(
        invoices.connect(shop).payWithAuthorization(...invoicePaymentArgs(invoiceId, soon)),
      ).to.be.revertedWithCustomError(token, "ERC3009InvalidAuthorizationTime");
      const later = await signInvoicePayment(alice, token, invoices, invoiceId, 1n, {
        validAfter: await inFuture(connection, DAY),
        validBefore: await inFuture(connection, 2n * DAY),
      });
      await expect(
        invoices.connect(shop).payWithAuthorization(...invoicePaymentArgs(invoiceId, later)),
      ).to.be.revertedWithCustomError(token, "ERC3009InvalidAuthorizationTime");
      const cancelled = await signInvoicePayment(alice, token, invoices, invoiceId, 1n, {
        validBefore: await inFuture(connection, DAY),
      });
      const c = await signCancelAuthorization(alice, token, cancelled.nonce);
      await (await token.connect(shop)[CANCEL_AUTHORIZATION](c.authorizer, c.nonce, c.signature)).wait();
      await expect(
        invoices.connect(shop).payWithAuthorization(...invoicePaymentArgs(invoiceId, cancelled)),
      ).to.be.revertedWithCustomError(token, "ERC3009UsedAuthorization");
      await expect(
        invoices.connect(shop).payWithAuthorization(...invoicePaymentArgs(invoiceIdOf(7n, 1n), unbound)),
      ).to.be.revertedWithCustomError(invoices, "InvoiceAuthorizationNotBound");
      const unknownId = invoiceIdOf(7n, 1n);
      const forUnknown = await signInvoicePayment(alice, token, invoices, unknownId, 1n, { validBefore });
      await expect(invoices.connect(shop).payWithAuthorization(...invoicePaymentArgs(unknownId, forUnknown)))
        .to.be.revertedWithCustomError(invoices, "InvoiceUnknown")
        .withArgs(unknownId);
      expect((await invoices.invoice(invoiceId)).paid).to.equal(0n);
    });
  });

  describe("cancel", function () {
    it("the issuer cancels the unpaid remainder; the part paid stays credited; nothing more can be paid", async function () {
      const { invoices, accounts, ids, invoiceId } = await networkHelpers.loadFixture(billedFixture);
      const { alice, plumber } = accounts;
      const part = parseEther("50");
      await (await invoices.connect(alice).pay(invoiceId, part)).wait();
      for (const signer of [alice, accounts.mallory]) {
        await expect(invoices.connect(signer).cancel(invoiceId, REF))
          .to.be.revertedWithCustomError(invoices, "InvoiceCallerNotIssuer")
          .withArgs(invoiceId, signer.address);
      }
      await expect(invoices.connect(plumber).cancel(invoiceId, REF))
        .to.emit(invoices, "InvoiceCancelled")
        .withArgs(invoiceId, ids.plumber, AMOUNT - part, REF);
      await expect(invoices.connect(plumber).cancel(invoiceId, REF))
        .to.be.revertedWithCustomError(invoices, "InvoiceNotOpen")
        .withArgs(invoiceId, InvoiceStatus.Cancelled);
      await expect(invoices.connect(alice).pay(invoiceId, 1n))
        .to.be.revertedWithCustomError(invoices, "InvoiceNotOpen")
        .withArgs(invoiceId, InvoiceStatus.Cancelled);
      expect(await invoices.creditOf(ids.plumber)).to.equal(part);
      expect((await invoices.receipts(invoiceId, 0n, 10n)).length).to.equal(1);
      const unknown = invoiceIdOf(ids.plumber, 9n);
      await expect(invoices.connect(plumber).cancel(unknown, REF))
        .to.be.revertedWithCustomError(invoices, "InvoiceUnknown")
        .withArgs(unknown);
    });
  });

  describe("key recovery", function () {
    it("invoices, credits and payments follow both identities; the old keys can do nothing", async function () {
      const city = await networkHelpers.loadFixture(billedFixture);
      const { invoices, token, accounts, ids, invoiceId } = city;
      const { alice, plumber, bob, carol, shop, treasurer } = accounts;
      await (await invoices.connect(alice).pay(invoiceId, parseEther("100"))).wait();
      const oldSigned = await signInvoicePayment(alice, token, invoices, invoiceId, 1n, {
        validBefore: await inFuture(connection, 30n * DAY),
      });

      const aliceKey = Wallet.createRandom(ethers.provider);
      const plumberKey = Wallet.createRandom(ethers.provider);
      await recoverIdentity(connection, city, ids.alice, alice, aliceKey.address, [
        [bob, ids.bob],
        [carol, ids.carol],
      ]);
      await recoverIdentity(connection, city, ids.plumber, plumber, plumberKey.address, [
        [bob, ids.bob],
        [carol, ids.carol],
      ]);
      await expect(invoices.connect(alice).pay(invoiceId, 1n))
        .to.be.revertedWithCustomError(invoices, "InvoiceCallerNotPayer")
        .withArgs(invoiceId, alice.address);
      await expect(
        invoices.connect(shop).payWithAuthorization(...invoicePaymentArgs(invoiceId, oldSigned)),
      ).to.be.revertedWithCustomError(token, "ERC3009InvalidSignature");
      await expect(invoices.connect(plumber).withdraw())
        .to.be.revertedWithCustomError(invoices, "PaymentsCallerNotVerified")
        .withArgs(plumber.address);
      await expect(invoices.connect(plumber).cancel(invoiceId, REF))
        .to.be.revertedWithCustomError(invoices, "InvoiceCallerNotIssuer")
        .withArgs(invoiceId, plumber.address);

      // The new key (no ether) signs; the shop relays. The plumber's new key withdraws everything.
      await (await token.connect(treasurer).mint(aliceKey.address, AMOUNT)).wait();
      const signed = await signInvoicePayment(aliceKey, token, invoices, invoiceId, parseEther("200"), {
        validBefore: await inFuture(connection, DAY),
      });
      await expect(invoices.connect(shop).payWithAuthorization(...invoicePaymentArgs(invoiceId, signed)))
        .to.emit(invoices, "InvoicePaid")
        .withArgs(invoiceId, ids.alice, 1n, parseEther("200"), AMOUNT, aliceKey.address);
      await (await shop.sendTransaction({ to: plumberKey.address, value: parseEther("1") })).wait();
      await expect(invoices.connect(plumberKey).withdraw())
        .to.emit(invoices, "InvoiceCreditWithdrawn")
        .withArgs(ids.plumber, plumberKey.address, AMOUNT);
      expect(await invoices.invoicesBilledTo(ids.alice, 0n, 5n)).to.deep.equal([[invoiceId], 0n]);
      expect(await invoices.invoicesIssuedBy(ids.plumber, 1n, 5n)).to.deep.equal([invoiceId]);
    });
  });
});
