import { expect } from "chai";

import { DeedStatus, parcelSpec } from "../../src/land.js";
import { deployBehindProxy } from "../../src/proxy.js";
import type { LandDeeds } from "../../typechain-types/index.js";
import { Roles } from "../../src/roles.js";
import { DAY, deployLandCity, inFuture, PRICE } from "./fixtures.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

async function landFixture() {
  return deployLandCity(connection);
}

describe("Land service: keys and hostile contracts", function () {
  it("a title follows its owner's identity through a key recovery; only the new wallet can sell", async function () {
    const { identity, landRegistry, landDeeds, accounts, ids, soleParcel } =
      await networkHelpers.loadFixture(landFixture);
    const { alice, bob, carol } = accounts;
    const newWallet = (await ethers.getSigners())[15];
    await identity.connect(alice).appointGuardians(ids.alice, [ids.bob, ids.carol, ids.dave], 2);
    await networkHelpers.time.increase(await identity.recoveryDelay()); // guardians take effect after the delay
    await identity.connect(bob).initiateRecovery(ids.alice, newWallet.address);
    await identity.connect(carol).approveRecovery(1n);
    await networkHelpers.time.increase((await identity.recoveryDelay()) + 1n);
    await identity.connect(bob).executeRecovery(1n);

    expect(await landRegistry.ownerOf(soleParcel)).to.equal(newWallet.address);
    expect(await landRegistry.balanceOf(newWallet.address)).to.equal(1n);
    expect(await landRegistry.balanceOf(alice.address)).to.equal(0n);
    expect(await landRegistry.titleCountOf(ids.alice)).to.equal(1n);
    const deadline = await inFuture(connection, DAY);
    await expect(landDeeds.connect(alice).openDeed(soleParcel, ids.bob, PRICE, deadline))
      .to.be.revertedWithCustomError(landDeeds, "DeedCallerNotOwner")
      .withArgs(soleParcel, alice.address);
    await expect(landDeeds.connect(newWallet).openDeed(soleParcel, ids.bob, PRICE, deadline)).to.emit(
      landDeeds,
      "DeedOpened",
    );
  });

  it("a hostile settlement token that re-enters the deed office while paying a seller gets nothing more", async function () {
    const { manager, identity, landRegistry, landLiens, accounts, ids, soleParcel } =
      await networkHelpers.loadFixture(landFixture);
    const { admin, alice, bob, landRegistrar } = accounts;
    // A second deed office settling in a token that calls back into it on every payout.
    const hostile = await ethers.deployContract("ReentrantToken");
    const deeds = await deployBehindProxy<LandDeeds>(connection, "LandDeeds", [
      await manager.getAddress(),
      await landRegistry.getAddress(),
      await landLiens.getAddress(),
      await identity.getAddress(),
      await hostile.getAddress(),
    ]);
    const office = await deeds.getAddress();
    await manager.connect(admin).grantRole(Roles.LAND_MODULE, office, 0);
    await manager
      .connect(admin)
      .setTargetFunctionRole(office, [deeds.interface.getFunction("completeDeed").selector], Roles.LAND_REGISTRAR);

    await hostile.mint(bob.address, PRICE);
    await hostile.connect(bob).approve(office, PRICE);
    await deeds.connect(alice).openDeed(soleParcel, ids.bob, PRICE, await inFuture(connection, DAY));
    await deeds.connect(bob).fundDeed(1n);
    await deeds.connect(landRegistrar).completeDeed(1n);
    expect((await deeds.deed(1n)).status).to.equal(DeedStatus.Completed);

    await hostile.arm(office, deeds.interface.encodeFunctionData("withdraw"));
    await expect(deeds.connect(alice).withdraw()).to.changeTokenBalance(ethers, hostile, alice, PRICE);
    expect(await hostile.attempted()).to.equal(true);
    expect(await hostile.reentered()).to.equal(false);
    expect(deeds.interface.parseError(await hostile.reentryError())?.name).to.equal("ReentrancyGuardReentrantCall");
    expect(await deeds.totalOwed()).to.equal(0n);
    expect(await hostile.balanceOf(office)).to.equal(0n);
  });

  it("a seller that is a contract wallet is credited and withdraws like anyone else (pull payment)", async function () {
    const { identity, landRegistry, landDeeds, token, accounts, ids } = await networkHelpers.loadFixture(landFixture);
    const { registrar, landRegistrar, erin, bob } = accounts;
    // A business whose primary wallet is a smart-contract wallet.
    const wallet = await ethers.deployContract("ERC1271Wallet", [erin.address]);
    const walletAddress = await wallet.getAddress();
    const now = BigInt(await networkHelpers.time.latest());
    await identity
      .connect(registrar)
      .register(2, 3, ethers.id("company 42"), ethers.id("record"), now + 365n * DAY, walletAddress);
    const companyId = await identity.identityOf(walletAddress);
    await landRegistry
      .connect(landRegistrar)
      .registerParcel(parcelSpec("LOT-0042", 900n), [{ identityId: companyId, bps: 10_000 }]);
    const open = landDeeds.interface.encodeFunctionData("openDeed", [
      3n,
      ids.bob,
      PRICE,
      await inFuture(connection, DAY),
    ]);
    await wallet.connect(erin).execute(await landDeeds.getAddress(), open);
    await token.connect(bob).approve(await landDeeds.getAddress(), PRICE);
    await landDeeds.connect(bob).fundDeed(1n);
    await landDeeds.connect(landRegistrar).completeDeed(1n);
    const withdraw = landDeeds.interface.encodeFunctionData("withdraw");
    await expect(wallet.connect(erin).execute(await landDeeds.getAddress(), withdraw)).to.changeTokenBalance(
      ethers,
      token,
      walletAddress,
      PRICE,
    );
  });
});
