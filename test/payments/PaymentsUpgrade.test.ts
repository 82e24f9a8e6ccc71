import { expect } from "chai";
import { id, parseEther } from "ethers";

import { erc7201Slot } from "../../src/erc7201.js";
import { invoiceIdOf, invoiceIssueArgs } from "../../src/payments.js";
import type { InvoicesV2, PayrollStreamsV2 } from "../../typechain-types/index.js";
import { snapshotViews, upgradeService } from "../shared/upgrades.js";
import { DAY, deployPaymentsCity, inFuture } from "./PaymentsSetup.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

const REF = id("PL-1");

/** Live records: an invoice paid in two parts, one partly paid and open, one cancelled; a stream mid-way. */
async function liveFixture() {
  const city = await deployPaymentsCity(connection);
  const { invoices, payrollStreams, accounts, ids } = city;
  const due = await inFuture(connection, 30n * DAY);
  const terms = (n: number) => ({
    payerId: ids.alice,
    amount: parseEther("100"),
    dueDate: due,
    referenceCommitment: id(`PL-${n}`),
  });
  const invoiceIds = [1, 2, 3].map((n) => invoiceIdOf(ids.plumber, terms(n)));
  for (const n of [1, 2, 3])
    await (await invoices.connect(accounts.plumber).issue(...invoiceIssueArgs(terms(n)))).wait();
  await (await invoices.connect(accounts.alice).pay(invoiceIds[0], parseEther("40"))).wait();
  await (await invoices.connect(accounts.alice).pay(invoiceIds[0], parseEther("60"))).wait();
  await (await invoices.connect(accounts.alice).pay(invoiceIds[1], parseEther("10"))).wait();
  await (await invoices.connect(accounts.plumber).cancel(invoiceIds[2], REF)).wait();
  const start = await inFuture(connection, 10n);
  await (await payrollStreams.connect(accounts.employer).createStream(ids.alice, 1000n, start, 0n, start + DAY)).wait();
  await networkHelpers.time.increaseTo(start + 100n);
  await (await payrollStreams.connect(accounts.alice).withdraw(1n, 50_000n)).wait();
  return { ...city, start, invoiceIds };
}

describe("Payments: upgrades", function () {
  it("storage namespaces are the ERC-7201 slots of their ids", async function () {
    const { readFileSync } = await import("node:fs");
    for (const name of ["Invoices", "PayrollStreams"]) {
      const source = readFileSync(`contracts/payments/${name}.sol`, "utf8");
      expect(source).to.include(`erc7201:citychain.storage.${name}`);
      expect(source).to.include(erc7201Slot(`citychain.storage.${name}`));
    }
  });

  it("every invoice and stream survives an upgrade to V2, and works after it", async function () {
    const city = await networkHelpers.loadFixture(liveFixture);
    const { invoices, payrollStreams, accounts, ids, invoiceIds } = city;
    const views = () =>
      snapshotViews({
        paid: () => invoices.invoice(invoiceIds[0]),
        open: () => invoices.invoice(invoiceIds[1]),
        cancelled: () => invoices.invoice(invoiceIds[2]),
        stream: () => payrollStreams.stream(1n),
        held: () => payrollStreams.totalHeld(),
        streams: () => payrollStreams.streamsOf(ids.alice, false, 0n, 10n),
      });
    const before = await views();
    const invoicesV2 = await upgradeService<InvoicesV2>(connection, city, invoices, "InvoicesV2", {
      migration: (await ethers.getContractFactory("InvoicesV2")).interface.encodeFunctionData("initializeV2", [7n]),
      service: "invoices",
    });
    const streamsV2 = await upgradeService<PayrollStreamsV2>(connection, city, payrollStreams, "PayrollStreamsV2", {
      migration: (await ethers.getContractFactory("PayrollStreamsV2")).interface.encodeFunctionData("initializeV2", [
        8n,
      ]),
      service: "payroll",
    });
    expect(await invoicesV2.version()).to.equal("2");
    expect(await invoicesV2.v2Field()).to.equal(7n);
    expect(await streamsV2.v2Field()).to.equal(8n);
    expect(await views()).to.deep.equal(before);

    await expect(invoices.connect(accounts.alice).pay(invoiceIds[1], parseEther("90")))
      .to.emit(invoices, "InvoicePaid")
      .withArgs(invoiceIds[1], ids.alice, ids.plumber, parseEther("90"), parseEther("100"));
    expect(await city.token.balanceOf(accounts.plumber.address)).to.equal(parseEther("200"));
    await expect(payrollStreams.connect(accounts.employer).cancel(1n)).to.emit(payrollStreams, "StreamCancelled");
  });

  it("refuses an upgrade by a non-UPGRADER, a second initialize, and any use of the implementation", async function () {
    const { invoices, payrollStreams, identity, token, manager, accounts } =
      await networkHelpers.loadFixture(liveFixture);
    const v2 = await ethers.deployContract("InvoicesV2");
    await expect(invoices.connect(accounts.plumber).upgradeToAndCall(await v2.getAddress(), "0x"))
      .to.be.revertedWithCustomError(invoices, "AccessManagedUnauthorized")
      .withArgs(accounts.plumber.address);
    const args = [await manager.getAddress(), await identity.getAddress(), await token.getAddress()] as const;
    for (const proxy of [invoices, payrollStreams]) {
      await expect(proxy.initialize(...args)).to.be.revertedWithCustomError(proxy, "InvalidInitialization");
    }
    const invoicesImpl = await ethers.getContractAt("Invoices", await invoices.implementation());
    await expect(invoicesImpl.initialize(...args)).to.be.revertedWithCustomError(invoicesImpl, "InvalidInitialization");
    const streamsImpl = await ethers.getContractAt("PayrollStreams", await payrollStreams.implementation());
    await expect(streamsImpl.initialize(...args)).to.be.revertedWithCustomError(streamsImpl, "InvalidInitialization");
  });
});
