import { expect } from "chai";

import { signPermit } from "../../src/permit.js";
import { cityOn, connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

async function deployCityFixture() {
  return cityOn(connection);
}

describe("CityToken", function () {
  it("is the ERC-20 the city configured", async function () {
    const { token, manager } = await networkHelpers.loadFixture(deployCityFixture);
    expect(await token.name()).to.equal("City Token");
    expect(await token.symbol()).to.equal("CITY");
    expect(await token.decimals()).to.equal(18n);
    expect(await token.authority()).to.equal(await manager.getAddress());
  });

  it("lets the treasurer mint", async function () {
    const { token, accounts } = await networkHelpers.loadFixture(deployCityFixture);
    const { treasurer, alice } = accounts;
    await expect(token.connect(treasurer).mint(alice.address, 1000n))
      .to.emit(token, "Transfer")
      .withArgs(ethers.ZeroAddress, alice.address, 1000n);
    expect(await token.totalSupply()).to.equal(1000n);
  });

  it("rejects a zero amount and the zero address, leaving supply untouched", async function () {
    const { token, accounts } = await networkHelpers.loadFixture(deployCityFixture);
    const { treasurer, alice } = accounts;
    await expect(token.connect(treasurer).mint(alice.address, 0n)).to.be.revertedWithCustomError(
      token,
      "CityTokenZeroAmount",
    );
    await expect(token.connect(treasurer).mint(ethers.ZeroAddress, 1n))
      .to.be.revertedWithCustomError(token, "ERC20InvalidReceiver")
      .withArgs(ethers.ZeroAddress);
    expect(await token.totalSupply()).to.equal(0n);
  });

  describe("EIP-2612 permit", function () {
    it("sets an allowance from the holder's signature, submitted by anyone", async function () {
      const { token, accounts } = await networkHelpers.loadFixture(deployCityFixture);
      const { alice, bob, carol } = accounts;
      const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
      const sig = await signPermit(alice, token, bob.address, 42n, deadline);
      await expect(token.connect(carol).permit(alice.address, bob.address, 42n, deadline, sig.v, sig.r, sig.s))
        .to.emit(token, "Approval")
        .withArgs(alice.address, bob.address, 42n);
      expect(await token.nonces(alice.address)).to.equal(1n);
    });

    it("rejects an expired or replayed permit", async function () {
      const { token, accounts } = await networkHelpers.loadFixture(deployCityFixture);
      const { alice, bob } = accounts;
      const now = BigInt(await networkHelpers.time.latest());
      const stale = await signPermit(alice, token, bob.address, 1n, now - 1n);
      await expect(token.permit(alice.address, bob.address, 1n, now - 1n, stale.v, stale.r, stale.s))
        .to.be.revertedWithCustomError(token, "ERC2612ExpiredSignature")
        .withArgs(now - 1n);

      const sig = await signPermit(alice, token, bob.address, 7n, now + 3600n);
      await token.permit(alice.address, bob.address, 7n, now + 3600n, sig.v, sig.r, sig.s);
      await expect(
        token.permit(alice.address, bob.address, 7n, now + 3600n, sig.v, sig.r, sig.s),
      ).to.be.revertedWithCustomError(token, "ERC2612InvalidSigner");
    });
  });
});
