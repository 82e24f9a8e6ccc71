import { expect } from "chai";
import { id, parseEther, Wallet } from "ethers";

import {
  authorizationArgs,
  CANCEL_AUTHORIZATION,
  invoiceIdOf,
  invoiceIssueArgs,
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

/** The plumber billed alice 300 CITY, due in 30 days. */
async function billedFixture() {
  const city = await deployPaymentsCity(connection);
  const due = await inFuture(connection, 30n * DAY);
  const terms = { payerId: city.ids.alice, amount: AMOUNT, dueDate: due, referenceCommitment: REF };
  await (await city.invoices.connect(city.accounts.plumber).issue(...invoiceIssueArgs(terms))).wait();
  return { ...city, due, terms, invoiceId: invoiceIdOf(city.ids.plumber, terms) };
}

describe("Payments: invoices", function () {
  describe("issue", function () {
    it("records the invoice under an id known in advance and emits the due date and reference", async function () {
      const city = await networkHelpers.loadFixture(deployPaymentsCity);
      const { invoices, accounts, ids } = city;
      const due = await inFuture(connection, 10n * DAY);
      const terms = { payerId: ids.alice, amount: AMOUNT, dueDate: due, referenceCommitment: REF };
      const invoiceId = invoiceIdOf(ids.plumber, terms);
      expect(invoiceId >> 64n).to.equal(ids.plumber);
      expect(await invoices.invoiceIdOf(ids.plumber, ids.alice, AMOUNT, due, REF)).to.equal(invoiceId);
      expect(await invoices.connect(accounts.plumber).issue.staticCall(...invoiceIssueArgs(terms))).to.equal(invoiceId);
      await expect(invoices.connect(accounts.plumber).issue(...invoiceIssueArgs(terms)))
        .to.emit(invoices, "InvoiceIssued")
        .withArgs(invoiceId, ids.plumber, ids.alice, AMOUNT, due, REF);
      const inv = await invoices.invoice(invoiceId);
      expect([inv.issuerId, inv.payerId, inv.amount, inv.paid, inv.status]).to.deep.equal([
        ids.plumber,
        ids.alice,
        AMOUNT,
        0n,
        BigInt(InvoiceStatus.Open),
      ]);
      // The same terms twice: the issuer salts its reference commitment per document.
      await expect(invoices.connect(accounts.plumber).issue(...invoiceIssueArgs(terms)))
        .to.be.revertedWithCustomError(invoices, "InvoiceExists")
        .withArgs(invoiceId);
      // Another issuer with the same terms gets another id.
      await (await invoices.connect(accounts.bob).issue(...invoiceIssueArgs(terms))).wait();
      expect((await invoices.invoice(invoiceIdOf(ids.bob, terms))).issuerId).to.equal(ids.bob);
      // Both sides list their invoices from the indexed events.
      const billed = await invoices.queryFilter(invoices.filters.InvoiceIssued(undefined, undefined, ids.alice));
      expect(billed.map((e) => e.args.invoiceId)).to.deep.equal([invoiceId, invoiceIdOf(ids.bob, terms)]);
      const issued = await invoices.queryFilter(invoices.filters.InvoiceIssued(undefined, ids.plumber));
      expect(issued.map((e) => e.args.invoiceId)).to.deep.equal([invoiceId]);
      const unknown = invoiceIdOf(ids.alice, terms);
      await expect(invoices.invoice(unknown))
        .to.be.revertedWithCustomError(invoices, "InvoiceUnknown")
        .withArgs(unknown);
    });

    it("refuses a stranger, a bad counterparty, a bad amount and a past due date", async function () {
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
      expect(await invoices.queryFilter(invoices.filters.InvoiceIssued())).to.deep.equal([]);
    });
  });

  describe("pay directly", function () {
    it("pays in two parts, each straight to the issuer's wallet with a receipt, and refuses any overpayment", async function () {
      const { invoices, token, accounts, ids, invoiceId } = await networkHelpers.loadFixture(billedFixture);
      const { alice, plumber } = accounts;
      await expect(invoices.connect(alice).pay(invoiceId, AMOUNT + 1n))
        .to.be.revertedWithCustomError(invoices, "InvoiceOverpaid")
        .withArgs(invoiceId, AMOUNT, AMOUNT + 1n);
      await expect(invoices.connect(alice).pay(invoiceId, 0n))
        .to.be.revertedWithCustomError(invoices, "PaymentsAmountInvalid")
        .withArgs(0n);
      const first = parseEther("100");
      const pay1 = invoices.connect(alice).pay(invoiceId, first);
      await expect(pay1).to.emit(invoices, "InvoicePaid").withArgs(invoiceId, ids.alice, ids.plumber, first, first);
      await expect(pay1).to.changeTokenBalances(ethers, token, [alice, plumber], [-first, first]);
      await expect(invoices.connect(alice).pay(invoiceId, AMOUNT))
        .to.be.revertedWithCustomError(invoices, "InvoiceOverpaid")
        .withArgs(invoiceId, AMOUNT - first, AMOUNT);
      await networkHelpers.time.increase(DAY);
      await expect(invoices.connect(alice).pay(invoiceId, AMOUNT - first))
        .to.emit(invoices, "InvoicePaid")
        .withArgs(invoiceId, ids.alice, ids.plumber, AMOUNT - first, AMOUNT);
      // The receipts, as both sides read them: by the payer's and by the issuer's identity (indexed topics).
      for (const filter of [
        invoices.filters.InvoicePaid(undefined, ids.alice),
        invoices.filters.InvoicePaid(undefined, undefined, ids.plumber),
        invoices.filters.InvoicePaid(invoiceId),
      ]) {
        const receipts = await invoices.queryFilter(filter);
        const times = await Promise.all(receipts.map(async (e) => BigInt((await e.getBlock()).timestamp)));
        expect(receipts.map((e) => [e.args.invoiceId, e.args.payerId, e.args.amount])).to.deep.equal([
          [invoiceId, ids.alice, first],
          [invoiceId, ids.alice, AMOUNT - first],
        ]);
        expect(times[1] - times[0] >= DAY).to.equal(true);
      }
      const inv = await invoices.invoice(invoiceId);
      expect([inv.paid, inv.status]).to.deep.equal([AMOUNT, BigInt(InvoiceStatus.Paid)]);
      await expect(invoices.connect(alice).pay(invoiceId, 1n))
        .to.be.revertedWithCustomError(invoices, "InvoiceNotOpen")
        .withArgs(invoiceId, InvoiceStatus.Paid);
      expect(await token.balanceOf(await invoices.getAddress())).to.equal(0n);
      expect(await token.balanceOf(plumber.address)).to.equal(AMOUNT);
    });

    it("refuses anyone but the billed identity's primary wallet, and an unknown invoice", async function () {
      const { invoices, accounts, invoiceId } = await networkHelpers.loadFixture(billedFixture);
      for (const signer of [accounts.bob, accounts.plumber, accounts.mallory]) {
        await expect(invoices.connect(signer).pay(invoiceId, 1n))
          .to.be.revertedWithCustomError(invoices, "InvoiceCallerNotPayer")
          .withArgs(invoiceId, signer.address);
      }
      const unknown = invoiceId + 1n;
      await expect(invoices.connect(accounts.alice).pay(unknown, 1n))
        .to.be.revertedWithCustomError(invoices, "InvoiceUnknown")
        .withArgs(unknown);
      await networkHelpers.time.increase(31n * DAY);
      await (await invoices.connect(accounts.alice).pay(invoiceId, AMOUNT)).wait(); // late payment is allowed
      expect((await invoices.invoice(invoiceId)).status).to.equal(InvoiceStatus.Paid);
    });
  });

  describe("pay through a relayer (ERC-3009 bound to the invoice)", function () {
    it("a relayer submits the payer's signed part; replay, another invoice, another amount are refused", async function () {
      const { invoices, token, accounts, ids, invoiceId, terms } = await networkHelpers.loadFixture(billedFixture);
      const { alice, shop, plumber } = accounts;
      const validBefore = await inFuture(connection, DAY);
      const part = parseEther("120");
      const auth = await signInvoicePayment(alice, token, invoices, invoiceId, part, { validBefore });
      expect(BigInt(auth.nonce) >> 64n).to.equal(await invoices.paymentNonceKey(invoiceId));

      // The same signature presented for another invoice of alice: its nonce key does not match.
      const otherTerms = { ...terms, referenceCommitment: id("invoice PL-2026-002") };
      await (await invoices.connect(plumber).issue(...invoiceIssueArgs(otherTerms))).wait();
      const other = invoiceIdOf(ids.plumber, otherTerms);
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

      const relayed = invoices.connect(shop).payWithAuthorization(...invoicePaymentArgs(invoiceId, auth));
      await expect(relayed).to.emit(invoices, "InvoicePaid").withArgs(invoiceId, ids.alice, ids.plumber, part, part);
      await expect(relayed).to.changeTokenBalances(ethers, token, [alice, plumber, shop], [-part, part, 0n]);
      await expect(
        invoices.connect(shop).payWithAuthorization(...invoicePaymentArgs(invoiceId, auth)),
      ).to.be.revertedWithCustomError(token, "ERC3009UsedAuthorization");
      expect(await token.balanceOf(await invoices.getAddress())).to.equal(0n);
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
      const unknownId = (7n << 64n) | 1n;
      await expect(
        invoices.connect(shop).payWithAuthorization(...invoicePaymentArgs(unknownId, unbound)),
      ).to.be.revertedWithCustomError(invoices, "InvoiceAuthorizationNotBound");
      const forUnknown = await signInvoicePayment(alice, token, invoices, unknownId, 1n, { validBefore });
      await expect(invoices.connect(shop).payWithAuthorization(...invoicePaymentArgs(unknownId, forUnknown)))
        .to.be.revertedWithCustomError(invoices, "InvoiceUnknown")
        .withArgs(unknownId);
      expect((await invoices.invoice(invoiceId)).paid).to.equal(0n);
    });
  });

  describe("cancel", function () {
    it("the issuer cancels the unpaid remainder; the part paid stays the issuer's; nothing more can be paid", async function () {
      const { invoices, token, accounts, ids, invoiceId } = await networkHelpers.loadFixture(billedFixture);
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
      const inv = await invoices.invoice(invoiceId);
      expect([inv.amount, inv.paid, inv.status]).to.deep.equal([AMOUNT, part, BigInt(InvoiceStatus.Cancelled)]);
      expect(await token.balanceOf(plumber.address)).to.equal(part);
      expect((await invoices.queryFilter(invoices.filters.InvoicePaid(invoiceId))).length).to.equal(1);
      const unknown = invoiceId + 1n;
      await expect(invoices.connect(plumber).cancel(unknown, REF))
        .to.be.revertedWithCustomError(invoices, "InvoiceUnknown")
        .withArgs(unknown);
    });
  });

  describe("key recovery", function () {
    it("invoices and payments follow both identities; the old keys can do nothing", async function () {
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
      await expect(invoices.connect(plumber).cancel(invoiceId, REF))
        .to.be.revertedWithCustomError(invoices, "InvoiceCallerNotIssuer")
        .withArgs(invoiceId, plumber.address);

      // The new key (no ether) signs; the shop relays; the tokens go to the plumber's new key, not the old one.
      await (await token.connect(treasurer).mint(aliceKey.address, AMOUNT)).wait();
      const signed = await signInvoicePayment(aliceKey, token, invoices, invoiceId, parseEther("200"), {
        validBefore: await inFuture(connection, DAY),
      });
      const relayed = invoices.connect(shop).payWithAuthorization(...invoicePaymentArgs(invoiceId, signed));
      await expect(relayed)
        .to.emit(invoices, "InvoicePaid")
        .withArgs(invoiceId, ids.alice, ids.plumber, parseEther("200"), AMOUNT);
      await expect(relayed).to.changeTokenBalances(
        ethers,
        token,
        [aliceKey.address, plumberKey.address, plumber],
        [-parseEther("200"), parseEther("200"), 0n],
      );
      await (await shop.sendTransaction({ to: plumberKey.address, value: parseEther("1") })).wait();
      await expect(invoices.connect(plumberKey).cancel(invoiceId, REF))
        .to.be.revertedWithCustomError(invoices, "InvoiceNotOpen")
        .withArgs(invoiceId, InvoiceStatus.Paid);
    });
  });
});
