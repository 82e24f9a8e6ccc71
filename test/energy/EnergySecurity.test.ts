import { expect } from "chai";

import { nextInterval } from "../../src/energy/index.js";
import { deployBehindProxy } from "../../src/proxy.js";
import type { EnergyMarket, ReentrantToken } from "../../typechain-types/index.js";
import { deployEnergyCity, engineClearing, FEEDER, submitReading } from "./fixtures.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;

/** A settled market: bob bought 8,000 green Wh from alice, who delivered all of it. */
async function settledFixture() {
  const city = await deployEnergyCity(connection);
  const { energyMarket: market, accounts, meters, interval } = city;
  await market.connect(accounts.alice).placeAsk(interval, meters.alice.id, 8_000, 3);
  await market.connect(accounts.bob).placeBid(interval, meters.bob.id, 8_000, 10);
  // bob also bids in a later interval: an open order with money locked
  await market.connect(accounts.bob).placeBid(interval + 900n, meters.bob.id, 1_000, 7);
  await time.increaseTo(interval - 300n);
  const clearing = await engineClearing(city, interval, FEEDER);
  await market.submitClearing(interval, FEEDER, clearing.price, clearing.fills);
  await time.increaseTo(interval + 60n);
  await submitReading(city, meters.alice, interval, 8_000n, 0n, accounts.mallory);
  await time.increaseTo(interval + 1_800n);
  await market.settle(interval, FEEDER, clearing.fills);
  return { ...city, clearing };
}

describe("Energy service: keys and hostile contracts", function () {
  it("a key recovery moves every order, credit and certificate; the old key can do nothing", async function () {
    const city = await networkHelpers.loadFixture(settledFixture);
    const {
      identity,
      energyMarket: market,
      energyCertificates: certificates,
      token,
      accounts,
      ids,
      interval,
      meters,
    } = city;
    const { bob, carol, dave, erin } = accounts;
    const newWallet = ethers.Wallet.createRandom().connect(ethers.provider);
    await networkHelpers.setBalance(newWallet.address, 10n ** 20n);
    const credit = await market.balanceOf(ids.bob);
    expect(credit).to.be.greaterThan(0n);
    await identity.connect(bob).appointGuardians(ids.bob, [ids.carol, ids.dave, ids.erin], 2);
    await time.increase(await identity.recoveryDelay()); // guardians take effect after the delay
    await identity.connect(carol).initiateRecovery(ids.bob, newWallet.address);
    await identity.connect(dave).approveRecovery(1n);
    await time.increase((await identity.recoveryDelay()) + 1n);
    await identity.connect(erin).executeRecovery(1n);

    // the old key: no withdrawal, no claim, no new order
    await expect(market.connect(bob).withdraw()).to.be.revertedWithCustomError(market, "EnergyCallerNotIdentity");
    await expect(certificates.connect(bob).claim(interval)).to.be.revertedWithCustomError(
      certificates,
      "EnergyCertificateCallerNotIdentity",
    );
    // the open bid of the later interval still belongs to bob's identity
    expect((await market.bid(interval + 900n, FEEDER, 0n)).identityId).to.equal(ids.bob);
    // the new key: the credit, the certificates, and new orders
    await expect(certificates.connect(newWallet).claim(interval))
      .to.emit(certificates, "CertificatesClaimed")
      .withArgs(interval, ids.bob, 8_000n);
    expect(await certificates.balanceOf(newWallet.address, interval)).to.equal(8_000n);
    expect(await certificates.balanceOf(bob.address, interval)).to.equal(0n);
    await expect(market.connect(newWallet).withdraw())
      .to.emit(market, "Withdrawn")
      .withArgs(ids.bob, newWallet.address, credit);
    expect(await token.balanceOf(newWallet.address)).to.equal(credit);
    const later = nextInterval(BigInt(await time.latest()), 3_600n);
    await token.connect(bob).transfer(newWallet.address, 10_000n);
    await token.connect(newWallet).approve(await market.getAddress(), 10_000n);
    await expect(market.connect(newWallet).placeBid(later, meters.bob.id, 100, 5)).to.emit(market, "BidPlaced");
  });

  it("certificates do not move and answer ERC-1155 and ERC-165 queries", async function () {
    const city = await networkHelpers.loadFixture(settledFixture);
    const { energyCertificates: certificates, accounts, interval } = city;
    await certificates.connect(accounts.bob).claim(interval);
    const c = certificates.connect(accounts.bob);
    await expect(c.safeTransferFrom(accounts.bob.address, accounts.carol.address, interval, 1n, "0x"))
      .to.be.revertedWithCustomError(certificates, "EnergyCertificateNonTransferable")
      .withArgs(interval);
    await expect(
      c.safeBatchTransferFrom(accounts.bob.address, accounts.carol.address, [], [], "0x"),
    ).to.be.revertedWithCustomError(certificates, "EnergyCertificateNonTransferable");
    await expect(c.setApprovalForAll(accounts.carol.address, true)).to.be.revertedWithCustomError(
      certificates,
      "EnergyCertificateNonTransferable",
    );
    expect(await certificates.isApprovedForAll(accounts.bob.address, accounts.carol.address)).to.equal(false);
    expect(
      await certificates.balanceOfBatch([accounts.bob.address, accounts.mallory.address], [interval, interval]),
    ).to.deep.equal([8_000n, 0n]);
    await expect(certificates.balanceOfBatch([accounts.bob.address], [])).to.be.revertedWithCustomError(
      certificates,
      "ERC1155InvalidArrayLength",
    );
    expect(await certificates.uri(interval)).to.equal(`citychain:energy/certificate/${interval}`);
    expect(await certificates.supportsInterface("0xd9b67a26")).to.equal(true); // ERC-1155
    expect(await certificates.supportsInterface("0x0e89341c")).to.equal(true); // metadata URI
    expect(await certificates.supportsInterface("0x01ffc9a7")).to.equal(true); // ERC-165
    expect(await certificates.supportsInterface("0xffffffff")).to.equal(false);
    expect(await certificates.energyMarket()).to.equal(await city.energyMarket.getAddress());
  });

  it("a hostile token cannot re-enter withdraw; the market's books stay whole", async function () {
    const city = await networkHelpers.loadFixture(settledFixture);
    const { identity, energyMeters, manager, accounts, ids, meters } = city;
    const hostile = (await ethers.deployContract("ReentrantToken")) as unknown as ReentrantToken;
    const market = await deployBehindProxy<EnergyMarket>(connection, "EnergyMarket", [
      await manager.getAddress(),
      await identity.getAddress(),
      await energyMeters.getAddress(),
      await hostile.getAddress(),
    ]);
    const admin = market.connect(accounts.admin); // not wired: AccessManager's ADMIN holds it
    await admin.setOperatorAccount(ids.erin);
    await admin.setFeederCapacity(FEEDER, 10_000n);
    const interval = nextInterval(BigInt(await time.latest()), 3_600n);
    await hostile.mint(accounts.bob.address, 10n ** 9n);
    await hostile.connect(accounts.bob).approve(await market.getAddress(), 10n ** 9n);
    await market.connect(accounts.alice).placeAsk(interval, meters.alice.id, 1_000, 3);
    await market.connect(accounts.bob).placeBid(interval, meters.bob.id, 1_000, 5);
    await time.increaseTo(interval - 300n);
    await market.submitClearing(interval, FEEDER, 4n, [1_000n, 1_000n]);
    await time.increaseTo(interval + 60n);
    await submitReading(city, meters.alice, interval, 1_000n, 0n, accounts.mallory);
    await time.increaseTo(interval + 1_800n);
    await market.settle(interval, FEEDER, [1_000n, 1_000n]);
    expect(await market.balanceOf(ids.bob)).to.equal(1_000n); // lock 5,000 - paid 4,000
    // every transfer out of the market re-enters withdraw (as the token: refused by the guard first)
    await hostile.arm(await market.getAddress(), market.interface.encodeFunctionData("withdraw"));
    await expect(market.connect(accounts.bob).withdraw())
      .to.emit(market, "Withdrawn")
      .withArgs(ids.bob, accounts.bob.address, 1_000n);
    expect(await hostile.attempted()).to.equal(true);
    expect(await hostile.reentered()).to.equal(false);
    expect(await hostile.reentryError()).to.equal(market.interface.getError("ReentrancyGuardReentrantCall")!.selector);
    const [locked, credited] = await market.totals();
    expect(await hostile.balanceOf(await market.getAddress())).to.equal(locked + credited);
  });
});
