import { expect } from "chai";
import { id } from "ethers";

import { invoiceIdOf, invoiceIssueArgs, invoicePaymentArgs, signInvoicePayment } from "../../src/payments.js";
import { deployBehindProxy } from "../../src/proxy.js";
import type { IdentityRegistryMock, ReentrantToken, Invoices, PayrollStreams } from "../../typechain-types/index.js";
import { shouldRejectUnauthorized } from "../shared/unauthorized.js";
import { DAY, deployPaymentsCity, inFuture } from "./PaymentsSetup.js";
import { Trigger } from "../shared/hostile.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

/** The payments contracts again, behind proxies, over a hostile token that calls back on every move. */
async function hostileFixture() {
  const city = await deployPaymentsCity(connection);
  const token = (await ethers.deployContract("ReentrantToken")) as unknown as ReentrantToken;
  const args = [await city.manager.getAddress(), await city.identity.getAddress(), await token.getAddress()];
  const invoices = await deployBehindProxy<Invoices>(connection, "Invoices", args);
  const streams = await deployBehindProxy<PayrollStreams>(connection, "PayrollStreams", args);
  for (const holder of [city.accounts.alice, city.accounts.employer]) {
    await (await token.mint(holder.address, 10n ** 24n)).wait();
    await (await token.connect(holder).approve(await invoices.getAddress(), 10n ** 24n)).wait();
    await (await token.connect(holder).approve(await streams.getAddress(), 10n ** 24n)).wait();
  }
  return { ...city, token, invoices, streams };
}

describe("Payments: security", function () {
  shouldRejectUnauthorized(async () => {
    const city = await networkHelpers.loadFixture(deployPaymentsCity);
    return {
      contracts: { Invoices: city.invoices, PayrollStreams: city.payrollStreams },
      manager: city.manager,
      stranger: city.accounts.mallory,
    };
  }, ["Invoices", "PayrollStreams"]);

  it("refuses a payment to an issuer identity whose wallet is zero with a named error; nothing moves", async function () {
    // The real registry never returns a zero wallet; a registry that does (a stand-in here) must not surface as
    // the token's ERC20InvalidReceiver.
    const city = await networkHelpers.loadFixture(deployPaymentsCity);
    const { token, manager, accounts } = city;
    const registry = (await ethers.deployContract("IdentityRegistryMock")) as unknown as IdentityRegistryMock;
    const [issuerId, payerId] = [7n, 8n];
    await (await registry.set(issuerId, accounts.plumber.address)).wait();
    await (await registry.set(payerId, accounts.alice.address)).wait();
    const invoices = await deployBehindProxy<Invoices>(connection, "Invoices", [
      await manager.getAddress(),
      await registry.getAddress(),
      await token.getAddress(),
    ]);
    await (await token.connect(accounts.alice).approve(await invoices.getAddress(), 100n)).wait();
    const terms = { payerId, amount: 100n, dueDate: await inFuture(connection, DAY), referenceCommitment: id("z") };
    await (await invoices.connect(accounts.plumber).issue(...invoiceIssueArgs(terms))).wait();
    const invoiceId = invoiceIdOf(issuerId, terms);
    await (await registry.recover(issuerId, ethers.ZeroAddress)).wait();
    const balance = await token.balanceOf(accounts.alice.address);
    await expect(invoices.connect(accounts.alice).pay(invoiceId, 60n))
      .to.be.revertedWithCustomError(invoices, "InvoiceIssuerWalletZero")
      .withArgs(invoiceId, issuerId);
    const auth = await signInvoicePayment(accounts.alice, token, invoices, invoiceId, 60n, {
      validBefore: await inFuture(connection, DAY),
    });
    await expect(invoices.connect(accounts.mallory).payWithAuthorization(...invoicePaymentArgs(invoiceId, auth)))
      .to.be.revertedWithCustomError(invoices, "InvoiceIssuerWalletZero")
      .withArgs(invoiceId, issuerId);
    expect((await invoices.invoice(invoiceId)).paid).to.equal(0n);
    expect(await token.balanceOf(accounts.alice.address)).to.equal(balance);
    expect(await token.authorizationState(accounts.alice.address, auth.nonce)).to.equal(false);
  });

  describe("reentrancy through a hostile token", function () {
    it("an invoice payment cannot be re-entered; the tokens go straight to the issuer", async function () {
      const { token, invoices, accounts, ids } = await networkHelpers.loadFixture(hostileFixture);
      const guard = invoices.interface.encodeErrorResult("ReentrancyGuardReentrantCall", []);
      const due = await inFuture(connection, DAY);
      const terms = { payerId: ids.alice, amount: 100n, dueDate: due, referenceCommitment: id("x") };
      await (await invoices.connect(accounts.plumber).issue(...invoiceIssueArgs(terms))).wait();
      const invoiceId = invoiceIdOf(ids.plumber, terms);
      const address = await invoices.getAddress();

      // The payment moves tokens from alice to the plumber (never through the invoices contract): the token
      // calls back into the invoices contract in the middle of it.
      const attack = invoices.interface.encodeFunctionData("pay", [invoiceId, 1n]);
      await (await token.armOn(address, attack, Trigger.Any)).wait();
      await (await invoices.connect(accounts.alice).pay(invoiceId, 60n)).wait();
      expect(await token.attempted()).to.equal(true);
      expect(await token.reentered()).to.equal(false);
      expect(await token.reentryError()).to.equal(guard);
      expect((await invoices.invoice(invoiceId)).paid).to.equal(60n);
      expect(await token.balanceOf(accounts.plumber.address)).to.equal(60n);
      expect(await token.balanceOf(address)).to.equal(0n);
    });

    it("create, withdraw and cancel of streams cannot be re-entered", async function () {
      const { token, streams, accounts, ids } = await networkHelpers.loadFixture(hostileFixture);
      const guard = streams.interface.encodeErrorResult("ReentrancyGuardReentrantCall", []);
      const address = await streams.getAddress();
      const start = await inFuture(connection, 10n);
      const withdrawCall = streams.interface.encodeFunctionData("withdraw", [1n, 1n]);

      await (await token.armOn(address, streams.interface.encodeFunctionData("cancel", [1n]), Trigger.InOrOut)).wait();
      await (await streams.connect(accounts.employer).createStream(ids.alice, 10n, start, 0n, start + 100n)).wait();
      expect(await token.reentryError()).to.equal(guard);

      await networkHelpers.time.increaseTo(start + 50n);
      await (await token.armOn(address, withdrawCall, Trigger.InOrOut)).wait();
      await (await streams.connect(accounts.alice).withdraw(1n, 100n)).wait();
      expect(await token.reentered()).to.equal(false);
      expect(await token.reentryError()).to.equal(guard);

      await (await token.armOn(address, withdrawCall, Trigger.InOrOut)).wait();
      await (await streams.connect(accounts.employer).cancel(1n)).wait();
      expect(await token.reentered()).to.equal(false);
      expect(await token.reentryError()).to.equal(guard);
      const accrued = 10n * ((await streams.stream(1n)).end - start); // stopped at the cancellation
      expect(await streams.totalHeld()).to.equal(accrued - 100n);
      expect(await token.balanceOf(address)).to.equal(accrued - 100n);
    });
  });
});
