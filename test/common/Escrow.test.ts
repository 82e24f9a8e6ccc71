import { expect } from "chai";

import { deployBehindProxy } from "../../src/proxy.js";
import type { EscrowHarness } from "../../typechain-types/index.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

/** Identity ids: the depositor 1, the seller 2, the lender 3; the stranger's wallet is no identity. */
const DEPOSITOR = 1n;
const SELLER = 2n;
const LENDER = 3n;
const Status = { Active: 1, Suspended: 2, Revoked: 3 } as const;

async function escrowFixture() {
  const [depositor, seller, lender, stranger, sellerNewKey, successor] = await ethers.getSigners();
  const token = await ethers.deployContract("ReentrantToken"); // behaves as a plain ERC-20 until armed
  const identity = await ethers.deployContract("IdentityRegistryMock");
  const escrow = await deployBehindProxy<EscrowHarness>(connection, "EscrowHarness", [
    depositor.address,
    await token.getAddress(),
    await identity.getAddress(),
  ]);
  await identity.set(DEPOSITOR, depositor.address);
  await identity.set(SELLER, seller.address);
  await identity.set(LENDER, lender.address);
  await token.mint(depositor.address, 1_000n);
  await token.connect(depositor).approve(await escrow.getAddress(), ethers.MaxUint256);
  return { token, identity, escrow, depositor, seller, lender, stranger, sellerNewKey, successor };
}

describe("Escrow", function () {
  it("locks a deposit, releases it to payee identities as credits, and pays each on withdrawal", async function () {
    const { token, escrow, depositor, seller, lender } = await networkHelpers.loadFixture(escrowFixture);
    await expect(escrow.lock(1n, DEPOSITOR, 600n))
      .to.emit(escrow, "EscrowLocked")
      .withArgs(1n, DEPOSITOR, depositor.address, 600n);
    expect(await token.balanceOf(await escrow.getAddress())).to.equal(600n);
    expect(await escrow.totalOwed()).to.equal(600n);

    await expect(escrow.release(1n, LENDER, 200n))
      .to.emit(escrow, "EscrowReleased")
      .withArgs(1n, LENDER, 200n);
    await escrow.release(1n, SELLER, 400n);
    expect(await escrow.remaining(1n)).to.equal(0n);
    expect(await escrow.creditOf(SELLER)).to.equal(400n);
    expect(await escrow.totalOwed()).to.equal(600n);

    await expect(escrow.connect(seller).withdraw()).to.changeTokenBalance(ethers, token, seller, 400n);
    await expect(escrow.connect(lender).withdraw())
      .to.emit(escrow, "PaymentWithdrawn")
      .withArgs(LENDER, lender.address, 200n);
    expect(await escrow.totalOwed()).to.equal(0n);
    expect(await token.balanceOf(await escrow.getAddress())).to.equal(0n);
  });

  it("refunds what is left to the depositor identity", async function () {
    const { token, escrow, depositor } = await networkHelpers.loadFixture(escrowFixture);
    await escrow.lock(1n, DEPOSITOR, 500n);
    await escrow.release(1n, SELLER, 100n);
    await expect(escrow.refund(1n)).to.emit(escrow, "EscrowRefunded").withArgs(1n, DEPOSITOR, 400n);
    expect((await escrow.escrowAccount(1n)).remaining).to.equal(0n);
    await expect(escrow.connect(depositor).withdraw()).to.changeTokenBalance(ethers, token, depositor, 400n);
  });

  describe("credits belong to identities (H-01)", function () {
    it("after a recovery the credit is paid to the new wallet; the old key gets nothing", async function () {
      const { token, identity, escrow, seller, sellerNewKey } = await networkHelpers.loadFixture(escrowFixture);
      await escrow.lock(1n, DEPOSITOR, 300n);
      await escrow.release(1n, SELLER, 300n);
      await identity.recover(SELLER, sellerNewKey.address);
      await expect(escrow.connect(seller).withdraw())
        .to.be.revertedWithCustomError(escrow, "EscrowCallerNotPrimaryWallet")
        .withArgs(seller.address);
      await expect(escrow.connect(sellerNewKey).withdraw()).to.changeTokenBalance(ethers, token, sellerNewKey, 300n);
    });

    it("a suspended identity cannot withdraw; a revoked one's credit passes to its successor", async function () {
      const { token, identity, escrow, seller, successor } = await networkHelpers.loadFixture(escrowFixture);
      await escrow.lock(1n, DEPOSITOR, 300n);
      await escrow.release(1n, SELLER, 300n);
      await identity.setStatus(SELLER, Status.Suspended);
      await expect(escrow.connect(seller).withdraw())
        .to.be.revertedWithCustomError(escrow, "EscrowIdentityNotActive")
        .withArgs(SELLER, Status.Suspended);
      await identity.setStatus(SELLER, Status.Revoked);
      await expect(escrow.connect(seller).withdraw()).to.be.revertedWithCustomError(
        escrow,
        "EscrowCallerNotPrimaryWallet",
      );
      // The subject is registered again as identity 7, whose predecessor is the revoked seller.
      await identity.set(7n, successor.address);
      await expect(escrow.connect(successor).claimPredecessorCredit())
        .to.be.revertedWithCustomError(escrow, "EscrowNoPredecessorCredit")
        .withArgs(7n);
      await identity.setPredecessor(7n, SELLER);
      await expect(escrow.connect(successor).claimPredecessorCredit())
        .to.emit(escrow, "CreditInherited")
        .withArgs(SELLER, 7n, 300n);
      expect(await escrow.creditOf(SELLER)).to.equal(0n);
      await expect(escrow.connect(successor).withdraw()).to.changeTokenBalance(ethers, token, successor, 300n);
      expect(await escrow.totalOwed()).to.equal(0n);
    });

    it("sweeps only what exceeds the amount owed", async function () {
      const { token, escrow, depositor, stranger } = await networkHelpers.loadFixture(escrowFixture);
      await escrow.lock(1n, DEPOSITOR, 300n);
      await expect(escrow.sweep(stranger.address)).to.be.revertedWithCustomError(escrow, "EscrowNoExcess");
      await token.connect(depositor).transfer(await escrow.getAddress(), 50n);
      await expect(escrow.sweep(ethers.ZeroAddress)).to.be.revertedWithCustomError(escrow, "EscrowZeroAccount");
      const sweep = escrow.sweep(stranger.address);
      await expect(sweep).to.emit(escrow, "EscrowExcessSwept").withArgs(stranger.address, 50n);
      await expect(sweep).to.changeTokenBalance(ethers, token, stranger, 50n);
      expect(await token.balanceOf(await escrow.getAddress())).to.equal(await escrow.totalOwed());
    });
  });

  describe("bad input", function () {
    it("names the token it holds and rejects a zero depositor or payer", async function () {
      const { token, escrow, depositor } = await networkHelpers.loadFixture(escrowFixture);
      expect(await escrow.escrowToken()).to.equal(await token.getAddress());
      await expect(escrow.lockFor(1n, 0n, depositor.address, 10n)).to.be.revertedWithCustomError(
        escrow,
        "EscrowZeroAccount",
      );
      await expect(escrow.lockFor(1n, DEPOSITOR, ethers.ZeroAddress, 10n)).to.be.revertedWithCustomError(
        escrow,
        "EscrowZeroAccount",
      );
    });

    it("rejects a zero amount, an oversized amount, a reused id and a zero payee", async function () {
      const { escrow } = await networkHelpers.loadFixture(escrowFixture);
      await expect(escrow.lock(1n, DEPOSITOR, 0n)).to.be.revertedWithCustomError(escrow, "EscrowZeroAmount");
      const max = 2n ** 96n - 1n;
      await expect(escrow.lock(1n, DEPOSITOR, max + 1n))
        .to.be.revertedWithCustomError(escrow, "EscrowAmountTooLarge")
        .withArgs(max + 1n, max);
      await escrow.lock(1n, DEPOSITOR, 10n);
      await expect(escrow.lock(1n, DEPOSITOR, 10n))
        .to.be.revertedWithCustomError(escrow, "EscrowAlreadyExists")
        .withArgs(1n);
      await expect(escrow.release(1n, 0n, 1n)).to.be.revertedWithCustomError(escrow, "EscrowZeroAccount");
      await expect(escrow.release(1n, SELLER, 0n)).to.be.revertedWithCustomError(escrow, "EscrowZeroAmount");
      expect(await escrow.totalOwed()).to.equal(10n);
    });

    it("rejects releasing more than is locked, from an unknown or settled escrow, and an empty withdrawal", async function () {
      const { escrow, seller, stranger } = await networkHelpers.loadFixture(escrowFixture);
      await escrow.lock(1n, DEPOSITOR, 10n);
      await expect(escrow.release(1n, SELLER, 11n))
        .to.be.revertedWithCustomError(escrow, "EscrowInsufficient")
        .withArgs(1n, 10n, 11n);
      await expect(escrow.release(2n, SELLER, 1n))
        .to.be.revertedWithCustomError(escrow, "EscrowNotLocked")
        .withArgs(2n);
      await escrow.refund(1n);
      await expect(escrow.refund(1n)).to.be.revertedWithCustomError(escrow, "EscrowNotLocked").withArgs(1n);
      await expect(escrow.connect(seller).withdraw())
        .to.be.revertedWithCustomError(escrow, "EscrowNothingToWithdraw")
        .withArgs(SELLER);
      await expect(escrow.connect(stranger).withdraw())
        .to.be.revertedWithCustomError(escrow, "EscrowCallerNotPrimaryWallet")
        .withArgs(stranger.address);
    });

    it("rejects a lock the payer did not fund, leaving no trace", async function () {
      const { token, escrow, stranger } = await networkHelpers.loadFixture(escrowFixture);
      await expect(escrow.connect(stranger).lock(5n, DEPOSITOR, 10n)).to.be.revertedWithCustomError(
        token,
        "ERC20InsufficientAllowance",
      );
      expect((await escrow.escrowAccount(5n)).depositorId).to.equal(0n);
      expect(await escrow.totalOwed()).to.equal(0n);
    });
  });

  describe("reentrancy", function () {
    it("a hostile token re-entering withdraw during the payout cannot take a second payment", async function () {
      const { token, escrow, seller } = await networkHelpers.loadFixture(escrowFixture);
      await escrow.lock(1n, DEPOSITOR, 300n);
      await escrow.release(1n, SELLER, 300n);
      // The token calls withdraw() back on the escrow while paying out: the guard must refuse it.
      await token.arm(await escrow.getAddress(), escrow.interface.encodeFunctionData("withdraw"));
      await expect(escrow.connect(seller).withdraw()).to.changeTokenBalance(ethers, token, seller, 300n);
      expect(await token.attempted()).to.equal(true);
      expect(await token.reentered()).to.equal(false);
      const reason = escrow.interface.parseError(await token.reentryError());
      expect(reason?.name).to.equal("ReentrancyGuardReentrantCall");
      expect(await escrow.totalOwed()).to.equal(0n);
      expect(await token.balanceOf(await escrow.getAddress())).to.equal(0n);
    });

    it("a hostile token re-entering release during a withdrawal is refused too", async function () {
      const { token, escrow, seller } = await networkHelpers.loadFixture(escrowFixture);
      await escrow.lock(1n, DEPOSITOR, 300n);
      await escrow.release(1n, SELLER, 100n);
      await token.arm(await escrow.getAddress(), escrow.interface.encodeFunctionData("release", [1n, SELLER, 200n]));
      await escrow.connect(seller).withdraw();
      expect(await token.reentered()).to.equal(false);
      expect(await escrow.remaining(1n)).to.equal(200n);
      expect(await escrow.creditOf(SELLER)).to.equal(0n);
    });
  });
});
