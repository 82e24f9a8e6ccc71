import { expect } from "chai";
import { parseEther, Wallet } from "ethers";

import { StreamStatus } from "../../src/payments.js";
import { DAY, deployPaymentsCity, FUNDS, inFuture, recoverIdentity } from "./PaymentsSetup.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

const RATE = parseEther("0.001"); // per second
const LENGTH = 30n * DAY;

/** The employer streams alice RATE per second for 30 days from an hour from now, with a 7-day cliff (stream 1). */
async function streamFixture() {
  const city = await deployPaymentsCity(connection);
  const start = await inFuture(connection, 3600n);
  const cliff = start + 7n * DAY;
  const end = start + LENGTH;
  await (
    await city.payrollStreams.connect(city.accounts.employer).createStream(city.ids.alice, RATE, start, cliff, end)
  ).wait();
  return { ...city, start, cliff, end };
}

describe("Payments: payroll streams", function () {
  it("creates a stream, pulls its deposit and lists it for both sides", async function () {
    const city = await networkHelpers.loadFixture(deployPaymentsCity);
    const { payrollStreams, token, accounts, ids } = city;
    const start = await inFuture(connection, 100n);
    const end = start + LENGTH;
    const deposit = RATE * LENGTH;
    await expect(payrollStreams.connect(accounts.employer).createStream(ids.alice, RATE, start, 0n, end))
      .to.emit(payrollStreams, "StreamCreated")
      .withArgs(1n, ids.employer, ids.alice, RATE, start, 0n, end, deposit);
    await (await payrollStreams.connect(accounts.employer).createStream(ids.bob, RATE, start, 0n, end)).wait();
    expect(await token.balanceOf(accounts.employer.address)).to.equal(FUNDS - 2n * deposit);
    expect(await payrollStreams.totalHeld()).to.equal(2n * deposit);
    const s = await payrollStreams.stream(1n);
    expect([s.employerId, s.employeeId, s.ratePerSecond, s.start, s.cliff, s.end, s.withdrawn, s.status]).to.deep.equal(
      [ids.employer, ids.alice, RATE, start, 0n, end, 0n, BigInt(StreamStatus.Active)],
    );
    expect(await payrollStreams.streamCounts(ids.employer)).to.deep.equal([2n, 0n]);
    expect(await payrollStreams.streamCounts(ids.alice)).to.deep.equal([0n, 1n]);
    expect(await payrollStreams.streamsOf(ids.employer, true, 0n, 10n)).to.deep.equal([[2n, 1n], 0n]);
    expect(await payrollStreams.streamsOf(ids.employer, true, 0n, 1n)).to.deep.equal([[2n], 1n]);
    expect(await payrollStreams.streamsOf(ids.employer, true, 1n, 1n)).to.deep.equal([[1n], 0n]);
    expect(await payrollStreams.streamsOf(ids.alice, false, 0n, 10n)).to.deep.equal([[1n], 0n]);
    expect(await payrollStreams.streamsOf(ids.carol, false, 0n, 10n)).to.deep.equal([[], 0n]);
    await expect(payrollStreams.streamsOf(ids.alice, false, 2n, 10n))
      .to.be.revertedWithCustomError(payrollStreams, "StreamUnknown")
      .withArgs(2n);
    await expect(payrollStreams.streamsOf(ids.alice, false, 0n, 101n))
      .to.be.revertedWithCustomError(payrollStreams, "PaymentsPageTooLarge")
      .withArgs(101n, 100n);
    for (const view of [payrollStreams.stream, payrollStreams.withdrawable, payrollStreams.streamedAmount]) {
      await expect(view(3n)).to.be.revertedWithCustomError(payrollStreams, "StreamUnknown").withArgs(3n);
    }
  });

  it("refuses a stranger, a bad employee, bad times, a zero rate and a deposit that does not fit", async function () {
    const { payrollStreams, accounts, ids } = await networkHelpers.loadFixture(deployPaymentsCity);
    const { employer, mallory } = accounts;
    const start = await inFuture(connection, 100n);
    const end = start + DAY;
    await expect(payrollStreams.connect(mallory).createStream(ids.alice, 1n, start, 0n, end))
      .to.be.revertedWithCustomError(payrollStreams, "PaymentsCallerNotVerified")
      .withArgs(mallory.address);
    for (const employee of [ids.employer, 999n, 1n << 64n]) {
      await expect(payrollStreams.connect(employer).createStream(employee, 1n, start, 0n, end))
        .to.be.revertedWithCustomError(payrollStreams, "PaymentsCounterpartyInvalid")
        .withArgs(employee);
    }
    const now = BigInt(await networkHelpers.time.latest());
    for (const [s, c, e] of [
      [now - 1n, 0n, end],
      [start, 0n, start],
      [start, start - 1n, end],
      [start, end + 1n, end],
      [start, 0n, 1n << 40n],
    ]) {
      await expect(payrollStreams.connect(employer).createStream(ids.alice, 1n, s, c, e))
        .to.be.revertedWithCustomError(payrollStreams, "StreamTimesInvalid")
        .withArgs(s, c, e);
    }
    await expect(payrollStreams.connect(employer).createStream(ids.alice, 0n, start, 0n, end))
      .to.be.revertedWithCustomError(payrollStreams, "PaymentsAmountInvalid")
      .withArgs(0n);
    await expect(payrollStreams.connect(employer).createStream(ids.alice, 1n << 128n, start, 0n, end))
      .to.be.revertedWithCustomError(payrollStreams, "PaymentsAmountInvalid")
      .withArgs(1n << 128n);
    const big = (1n << 128n) - 1n;
    await expect(payrollStreams.connect(employer).createStream(ids.alice, big, start, 0n, end))
      .to.be.revertedWithCustomError(payrollStreams, "PaymentsAmountInvalid")
      .withArgs(big * DAY);
    expect(await payrollStreams.streamCounts(ids.employer)).to.deep.equal([0n, 0n]);
  });

  it("accrues nothing before the cliff, linearly after it; the employee withdraws up to the accrued amount", async function () {
    const { payrollStreams, token, accounts, ids, start, cliff, end } = await networkHelpers.loadFixture(streamFixture);
    const { alice, employer, mallory } = accounts;
    expect(await payrollStreams.withdrawable(1n)).to.equal(0n);
    await networkHelpers.time.increaseTo(cliff - 1n);
    expect(await payrollStreams.streamedAmount(1n)).to.equal(0n);
    await networkHelpers.time.increaseTo(cliff + 99n);
    expect(await payrollStreams.withdrawable(1n)).to.equal(RATE * (7n * DAY + 99n));
    for (const signer of [employer, mallory]) {
      await expect(payrollStreams.connect(signer).withdraw(1n, 1n))
        .to.be.revertedWithCustomError(payrollStreams, "StreamCallerNotEmployee")
        .withArgs(1n, signer.address);
    }
    await expect(payrollStreams.connect(alice).withdraw(1n, 0n))
      .to.be.revertedWithCustomError(payrollStreams, "PaymentsAmountInvalid")
      .withArgs(0n);
    const accrued = RATE * (cliff + 100n - start);
    await expect(payrollStreams.connect(alice).withdraw(1n, accrued + 1n))
      .to.be.revertedWithCustomError(payrollStreams, "StreamOverdraw")
      .withArgs(1n, accrued, accrued + 1n);
    const before = await token.balanceOf(alice.address);
    await expect(payrollStreams.connect(alice).withdraw(1n, accrued - RATE))
      .to.emit(payrollStreams, "StreamWithdrawn")
      .withArgs(1n, ids.alice, alice.address, accrued - RATE);
    expect(await token.balanceOf(alice.address)).to.equal(before + accrued - RATE);
    await networkHelpers.time.increaseTo(end + DAY);
    const rest = RATE * LENGTH - (accrued - RATE);
    expect(await payrollStreams.withdrawable(1n)).to.equal(rest);
    await (await payrollStreams.connect(alice).withdraw(1n, rest)).wait();
    expect((await payrollStreams.stream(1n)).withdrawn).to.equal(RATE * LENGTH);
    expect(await payrollStreams.totalHeld()).to.equal(0n);
    expect(await token.balanceOf(await payrollStreams.getAddress())).to.equal(0n);
    await expect(payrollStreams.connect(alice).withdraw(1n, 1n))
      .to.be.revertedWithCustomError(payrollStreams, "StreamOverdraw")
      .withArgs(1n, 0n, 1n);
    await expect(payrollStreams.connect(employer).cancel(1n))
      .to.be.revertedWithCustomError(payrollStreams, "StreamEnded")
      .withArgs(1n, end);
  });

  it("a cancellation keeps the accrued part for the employee and refunds the rest to the employer", async function () {
    const { payrollStreams, token, accounts, ids, start, cliff } = await networkHelpers.loadFixture(streamFixture);
    const { alice, employer } = accounts;
    await networkHelpers.time.increaseTo(cliff + DAY);
    for (const signer of [alice, accounts.mallory]) {
      await expect(payrollStreams.connect(signer).cancel(1n))
        .to.be.revertedWithCustomError(payrollStreams, "StreamCallerNotEmployer")
        .withArgs(1n, signer.address);
    }
    const before = await token.balanceOf(employer.address);
    const stopAt = cliff + DAY + 1n;
    const accrued = RATE * (stopAt - start);
    const refund = RATE * LENGTH - accrued;
    await expect(payrollStreams.connect(employer).cancel(1n))
      .to.emit(payrollStreams, "StreamCancelled")
      .withArgs(1n, ids.employer, employer.address, accrued, refund);
    expect(await token.balanceOf(employer.address)).to.equal(before + refund);
    await expect(payrollStreams.connect(employer).cancel(1n))
      .to.be.revertedWithCustomError(payrollStreams, "StreamNotActive")
      .withArgs(1n, StreamStatus.Cancelled);
    await networkHelpers.time.increase(10n * DAY);
    expect(await payrollStreams.withdrawable(1n)).to.equal(accrued);
    await (await payrollStreams.connect(alice).withdraw(1n, accrued)).wait();
    expect(await payrollStreams.totalHeld()).to.equal(0n);
    expect(await token.balanceOf(await payrollStreams.getAddress())).to.equal(0n);
    expect((await payrollStreams.stream(1n)).end).to.equal(stopAt);
    await expect(payrollStreams.connect(employer).cancel(2n))
      .to.be.revertedWithCustomError(payrollStreams, "StreamUnknown")
      .withArgs(2n);
  });

  it("a cancellation before the cliff refunds everything, and nothing accrues later", async function () {
    const { payrollStreams, token, accounts, start } = await networkHelpers.loadFixture(streamFixture);
    await networkHelpers.time.increaseTo(start + DAY);
    await (await payrollStreams.connect(accounts.employer).cancel(1n)).wait();
    expect(await token.balanceOf(accounts.employer.address)).to.equal(FUNDS);
    await networkHelpers.time.increase(40n * DAY);
    expect(await payrollStreams.withdrawable(1n)).to.equal(0n);
    expect(await payrollStreams.totalHeld()).to.equal(0n);
  });

  it("the stream follows the employee through a key recovery; the old key can withdraw nothing", async function () {
    const city = await networkHelpers.loadFixture(streamFixture);
    const { payrollStreams, token, accounts, ids, cliff, start } = city;
    const { alice, bob, carol } = accounts;
    const newKey = Wallet.createRandom(ethers.provider);
    await (await bob.sendTransaction({ to: newKey.address, value: parseEther("1") })).wait();
    await recoverIdentity(connection, city, ids.alice, alice, newKey.address, [
      [bob, ids.bob],
      [carol, ids.carol],
    ]);
    await networkHelpers.time.increaseTo(cliff + 10n);
    await expect(payrollStreams.connect(alice).withdraw(1n, 1n))
      .to.be.revertedWithCustomError(payrollStreams, "StreamCallerNotEmployee")
      .withArgs(1n, alice.address);
    const accrued = RATE * (cliff + 11n - start);
    await expect(payrollStreams.connect(newKey).withdraw(1n, accrued))
      .to.emit(payrollStreams, "StreamWithdrawn")
      .withArgs(1n, ids.alice, newKey.address, accrued);
    expect(await token.balanceOf(newKey.address)).to.equal(accrued);
    expect(await payrollStreams.streamsOf(ids.alice, false, 0n, 5n)).to.deep.equal([[1n], 0n]);
  });
});
