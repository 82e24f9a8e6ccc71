import { expect } from "chai";
import { network } from "hardhat";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

async function escrowFixture() {
  const [depositor, seller, lender, stranger] = await ethers.getSigners();
  const token = await ethers.deployContract("ReentrantToken"); // behaves as a plain ERC-20 until armed
  const escrow = await ethers.deployContract("EscrowHarness", [await token.getAddress()]);
  await token.mint(depositor.address, 1_000n);
  await token.connect(depositor).approve(await escrow.getAddress(), ethers.MaxUint256);
  return { token, escrow, depositor, seller, lender, stranger };
}

describe("Escrow", function () {
  it("locks a deposit, releases it to payees as credits, and pays each on withdrawal", async function () {
    const { token, escrow, depositor, seller, lender } = await networkHelpers.loadFixture(escrowFixture);
    await expect(escrow.lock(1n, 600n)).to.emit(escrow, "EscrowLocked").withArgs(1n, depositor.address, 600n);
    expect(await token.balanceOf(await escrow.getAddress())).to.equal(600n);
    expect(await escrow.totalOwed()).to.equal(600n);

    await expect(escrow.release(1n, lender.address, 200n))
      .to.emit(escrow, "EscrowReleased")
      .withArgs(1n, lender.address, 200n);
    await escrow.release(1n, seller.address, 400n);
    expect(await escrow.remaining(1n)).to.equal(0n);
    expect(await escrow.creditOf(seller.address)).to.equal(400n);
    expect(await escrow.totalOwed()).to.equal(600n);

    await expect(escrow.connect(seller).withdraw()).to.changeTokenBalance(ethers, token, seller, 400n);
    await expect(escrow.connect(lender).withdraw()).to.emit(escrow, "PaymentWithdrawn").withArgs(lender.address, 200n);
    expect(await escrow.totalOwed()).to.equal(0n);
    expect(await token.balanceOf(await escrow.getAddress())).to.equal(0n);
  });

  it("refunds what is left to the depositor", async function () {
    const { token, escrow, depositor, seller } = await networkHelpers.loadFixture(escrowFixture);
    await escrow.lock(1n, 500n);
    await escrow.release(1n, seller.address, 100n);
    await expect(escrow.refund(1n)).to.emit(escrow, "EscrowRefunded").withArgs(1n, depositor.address, 400n);
    expect((await escrow.escrowAccount(1n)).remaining).to.equal(0n);
    await expect(escrow.connect(depositor).withdraw()).to.changeTokenBalance(ethers, token, depositor, 400n);
  });

  describe("bad input", function () {
    it("names the token it holds and rejects a zero depositor", async function () {
      const { token, escrow } = await networkHelpers.loadFixture(escrowFixture);
      expect(await escrow.escrowToken()).to.equal(await token.getAddress());
      await expect(escrow.lockFor(1n, ethers.ZeroAddress, 10n)).to.be.revertedWithCustomError(
        escrow,
        "EscrowZeroAccount",
      );
    });

    it("rejects a zero amount, an oversized amount, a reused id and a zero payee", async function () {
      const { escrow, seller } = await networkHelpers.loadFixture(escrowFixture);
      await expect(escrow.lock(1n, 0n)).to.be.revertedWithCustomError(escrow, "EscrowZeroAmount");
      const max = 2n ** 96n - 1n;
      await expect(escrow.lock(1n, max + 1n))
        .to.be.revertedWithCustomError(escrow, "EscrowAmountTooLarge")
        .withArgs(max + 1n, max);
      await escrow.lock(1n, 10n);
      await expect(escrow.lock(1n, 10n)).to.be.revertedWithCustomError(escrow, "EscrowAlreadyExists").withArgs(1n);
      await expect(escrow.release(1n, ethers.ZeroAddress, 1n)).to.be.revertedWithCustomError(
        escrow,
        "EscrowZeroAccount",
      );
      await expect(escrow.release(1n, seller.address, 0n)).to.be.revertedWithCustomError(escrow, "EscrowZeroAmount");
      expect(await escrow.totalOwed()).to.equal(10n);
    });

    it("rejects releasing more than is locked, from an unknown or settled escrow, and an empty withdrawal", async function () {
      const { escrow, seller, stranger } = await networkHelpers.loadFixture(escrowFixture);
      await escrow.lock(1n, 10n);
      await expect(escrow.release(1n, seller.address, 11n))
        .to.be.revertedWithCustomError(escrow, "EscrowInsufficient")
        .withArgs(1n, 10n, 11n);
      await expect(escrow.release(2n, seller.address, 1n))
        .to.be.revertedWithCustomError(escrow, "EscrowNotLocked")
        .withArgs(2n);
      await escrow.refund(1n);
      await expect(escrow.refund(1n)).to.be.revertedWithCustomError(escrow, "EscrowNotLocked").withArgs(1n);
      await expect(escrow.connect(stranger).withdraw())
        .to.be.revertedWithCustomError(escrow, "EscrowNothingToWithdraw")
        .withArgs(stranger.address);
    });

    it("rejects a lock the depositor did not fund, leaving no trace", async function () {
      const { token, escrow, stranger } = await networkHelpers.loadFixture(escrowFixture);
      await expect(escrow.connect(stranger).lock(5n, 10n)).to.be.revertedWithCustomError(
        token,
        "ERC20InsufficientAllowance",
      );
      expect((await escrow.escrowAccount(5n)).depositor).to.equal(ethers.ZeroAddress);
      expect(await escrow.totalOwed()).to.equal(0n);
    });
  });

  describe("reentrancy", function () {
    it("a hostile token re-entering withdraw during the payout cannot take a second payment", async function () {
      const { token, escrow, seller } = await networkHelpers.loadFixture(escrowFixture);
      await escrow.lock(1n, 300n);
      await escrow.release(1n, seller.address, 300n);
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
      await escrow.lock(1n, 300n);
      await escrow.release(1n, seller.address, 100n);
      await token.arm(
        await escrow.getAddress(),
        escrow.interface.encodeFunctionData("release", [1n, seller.address, 200n]),
      );
      await escrow.connect(seller).withdraw();
      expect(await token.reentered()).to.equal(false);
      expect(await escrow.remaining(1n)).to.equal(200n);
      expect(await escrow.creditOf(seller.address)).to.equal(0n);
    });
  });
});
