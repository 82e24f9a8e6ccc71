import { expect } from "chai";

import { signPermit } from "../../src/permit.js";
import { Roles } from "../../src/roles.js";
import { serviceId } from "../../src/services.js";
import type { CityTokenV2, ServiceDirectoryV2 } from "../../typechain-types/index.js";
import { upgradeService } from "../shared/upgrades.js";
import { cityOn, connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

const WEEK = 7n * 86_400n;

/** A city whose token holds live records: balances, an allowance, a used permit nonce. */
async function liveTokenFixture() {
  const city = await cityOn(connection);
  const { token, accounts } = city;
  const { treasurer, alice, bob, carol } = accounts;
  await token.connect(treasurer).mint(alice.address, 1_000n);
  await token.connect(alice).transfer(bob.address, 300n);
  await token.connect(alice).approve(carol.address, 50n);
  const deadline = BigInt(await networkHelpers.time.latest()) + WEEK;
  const permit = await signPermit(bob, token, carol.address, 20n, deadline);
  await token.permit(bob.address, carol.address, 20n, deadline, permit.v, permit.r, permit.s);
  const v2 = await ethers.deployContract("CityTokenV2");
  return { ...city, v2 };
}

/** The same city where the admin's UPGRADER role carries a 7-day execution delay, as on a public network. */
async function delayedUpgraderFixture() {
  const city = await liveTokenFixture();
  await city.manager.connect(city.accounts.admin).grantRole(Roles.UPGRADER, city.accounts.admin.address, WEEK);
  return city;
}

describe("Upgrades (issue 18): the token and the directory behind UUPS proxies", function () {
  it("keeps every balance, allowance and permit nonce through an upgrade, and the new code works", async function () {
    const city = await networkHelpers.loadFixture(liveTokenFixture);
    const { token, directory, accounts } = city;
    const { alice, bob, carol, treasurer } = accounts;
    const before = {
      supply: await token.totalSupply(),
      alice: await token.balanceOf(alice.address),
      bob: await token.balanceOf(bob.address),
      allowance: await token.allowance(alice.address, carol.address),
      permitted: await token.allowance(bob.address, carol.address),
      nonce: await token.nonces(bob.address),
      domain: await token.DOMAIN_SEPARATOR(),
      authority: await token.authority(),
    };
    const address = await token.getAddress();
    const oldImplementation = await token.implementation();

    const migration = city.v2.interface.encodeFunctionData("initializeV2", [42n]);
    await expect(token.connect(accounts.admin).upgradeToAndCall(await city.v2.getAddress(), migration))
      .to.emit(token, "Upgraded")
      .withArgs(await city.v2.getAddress());
    const upgraded = (await ethers.getContractAt("CityTokenV2", address)) as unknown as CityTokenV2;

    expect(await upgraded.getAddress()).to.equal(address);
    expect(await upgraded.version()).to.equal("2");
    expect(await upgraded.v2Field()).to.equal(42n);
    expect(await upgraded.totalSupply()).to.equal(before.supply);
    expect(await upgraded.balanceOf(alice.address)).to.equal(before.alice);
    expect(await upgraded.balanceOf(bob.address)).to.equal(before.bob);
    expect(await upgraded.allowance(alice.address, carol.address)).to.equal(before.allowance);
    expect(await upgraded.allowance(bob.address, carol.address)).to.equal(before.permitted);
    expect(await upgraded.nonces(bob.address)).to.equal(before.nonce);
    expect(await upgraded.DOMAIN_SEPARATOR()).to.equal(before.domain);
    expect(await upgraded.authority()).to.equal(before.authority);
    // Permissions and every function still work: the treasurer mints, a stranger cannot, holders transfer.
    await upgraded.connect(treasurer).mint(carol.address, 5n);
    await expect(upgraded.connect(carol).mint(carol.address, 5n)).to.be.revertedWithCustomError(
      upgraded,
      "AccessManagedUnauthorized",
    );
    await upgraded.connect(carol).transferFrom(alice.address, carol.address, 50n);
    expect(await upgraded.balanceOf(carol.address)).to.equal(55n);
    // The migration step runs once.
    await expect(upgraded.initializeV2(7n)).to.be.revertedWithCustomError(upgraded, "InvalidInitialization");

    // The directory writes the new code down, with its hash; the first version stays readable.
    await expect(directory.recordImplementation(serviceId("token")))
      .to.emit(directory, "ServiceImplementationRecorded")
      .withArgs(
        serviceId("token"),
        address,
        2,
        await city.v2.getAddress(),
        ethers.keccak256(await ethers.provider.getCode(await city.v2.getAddress())),
      );
    expect(await directory.implementationVersion(serviceId("token"))).to.equal(2n);
    expect((await directory.implementationAt(serviceId("token"), 1)).implementation).to.equal(oldImplementation);
    await expect(directory.recordImplementation(serviceId("token")))
      .to.be.revertedWithCustomError(directory, "DirectoryImplementationUnchanged")
      .withArgs(serviceId("token"), await city.v2.getAddress());
    await expect(directory.implementationAt(serviceId("token"), 3))
      .to.be.revertedWithCustomError(directory, "DirectoryImplementationUnknown")
      .withArgs(serviceId("token"), 3);
  });

  it("upgrades the directory itself without losing a listing", async function () {
    const city = await networkHelpers.loadFixture(liveTokenFixture);
    const listed = await city.directory.service(serviceId("token"));
    const migration = (await ethers.getContractFactory("ServiceDirectoryV2")).interface.encodeFunctionData(
      "initializeV2",
      [7n],
    );
    const upgraded = await upgradeService<ServiceDirectoryV2>(connection, city, city.directory, "ServiceDirectoryV2", {
      migration,
    });
    expect(await upgraded.getAddress()).to.equal(await city.directory.getAddress());
    expect(await upgraded.v2Field()).to.equal(7n);
    expect(await upgraded.version()).to.equal("2");
    expect(await city.directory.service(serviceId("token"))).to.deep.equal(listed);
    expect(await city.directory.resolve(serviceId("token"))).to.equal(await city.token.getAddress());
    expect(await city.directory.implementationVersion(serviceId("token"))).to.equal(1n);
  });

  describe("the timelocked path: announced, delayed, vetoable", function () {
    it("refuses an unscheduled upgrade, announces the scheduled one with its code hash, and runs it after the delay", async function () {
      const city = await networkHelpers.loadFixture(delayedUpgraderFixture);
      const { token, manager, accounts } = city;
      const { admin } = accounts;
      const implementation = await city.v2.getAddress();
      const data = token.interface.encodeFunctionData("upgradeToAndCall", [implementation, "0x"]);
      const target = await token.getAddress();

      await expect(token.connect(admin).upgradeToAndCall(implementation, "0x")).to.be.revertedWithCustomError(
        manager,
        "AccessManagerNotScheduled",
      );
      const now = BigInt(await networkHelpers.time.latest());
      const codehash = ethers.keccak256(await ethers.provider.getCode(implementation));
      const operationId = await manager.hashOperation(admin.address, target, data);
      await expect(manager.connect(admin).schedule(target, data, 0))
        .to.emit(manager, "UpgradeScheduled")
        .withArgs(operationId, target, implementation, codehash, now + 1n + WEEK)
        .and.to.emit(manager, "OperationScheduled");
      await expect(manager.connect(admin).execute(target, data)).to.be.revertedWithCustomError(
        manager,
        "AccessManagerNotReady",
      );
      expect(await token.implementation()).to.not.equal(implementation);

      await networkHelpers.time.increase(WEEK);
      await expect(manager.connect(admin).execute(target, data)).to.emit(token, "Upgraded").withArgs(implementation);
      expect(await token.implementation()).to.equal(implementation);
    });

    it("lets a guardian cancel a scheduled upgrade; it can then never run", async function () {
      const city = await networkHelpers.loadFixture(delayedUpgraderFixture);
      const { token, manager, accounts } = city;
      const { admin, guardian, treasurer } = accounts;
      const implementation = await city.v2.getAddress();
      const data = token.interface.encodeFunctionData("upgradeToAndCall", [implementation, "0x"]);
      const target = await token.getAddress();
      await manager.connect(admin).schedule(target, data, 0);
      const before = await token.implementation();

      await expect(manager.connect(treasurer).cancel(admin.address, target, data)).to.be.revertedWithCustomError(
        manager,
        "AccessManagerUnauthorizedCancel",
      );
      await expect(manager.connect(guardian).cancel(admin.address, target, data)).to.emit(manager, "OperationCanceled");
      await networkHelpers.time.increase(WEEK + 1n);
      await expect(manager.connect(admin).execute(target, data)).to.be.revertedWithCustomError(
        manager,
        "AccessManagerNotScheduled",
      );
      expect(await token.implementation()).to.equal(before);
    });

    it("refuses to schedule an upgrade to an address without code", async function () {
      const city = await networkHelpers.loadFixture(delayedUpgraderFixture);
      const { token, manager, accounts } = city;
      const data = token.interface.encodeFunctionData("upgradeToAndCall", [accounts.mallory.address, "0x"]);
      await expect(manager.connect(accounts.admin).schedule(await token.getAddress(), data, 0))
        .to.be.revertedWithCustomError(manager, "CityUpgradeNotAContract")
        .withArgs(accounts.mallory.address);
    });
  });

  describe("bad upgrades leave the service untouched", function () {
    it("refuses every role but UPGRADER, the ADMIN included", async function () {
      const { token, v2, accounts } = await networkHelpers.loadFixture(liveTokenFixture);
      const { admin, treasurer, mallory } = accounts;
      await city_admin_renounces_upgrader(token, admin);
      for (const caller of [admin, treasurer, mallory]) {
        await expect(token.connect(caller).upgradeToAndCall(await v2.getAddress(), "0x"))
          .to.be.revertedWithCustomError(token, "AccessManagedUnauthorized")
          .withArgs(caller.address);
      }
    });

    it("refuses an address with no code and a contract that is not UUPS", async function () {
      const { token, accounts } = await networkHelpers.loadFixture(liveTokenFixture);
      const before = await token.implementation();
      await expect(token.connect(accounts.admin).upgradeToAndCall(accounts.mallory.address, "0x"))
        .to.be.revertedWithCustomError(token, "CityUpgradeNotAContract")
        .withArgs(accounts.mallory.address);
      const plain = await ethers.deployContract("RefERC20");
      await expect(token.connect(accounts.admin).upgradeToAndCall(await plain.getAddress(), "0x"))
        .to.be.revertedWithCustomError(token, "ERC1967InvalidImplementation")
        .withArgs(await plain.getAddress());
      expect(await token.implementation()).to.equal(before);
    });

    it("refuses a second initialisation, and any use of the implementation itself", async function () {
      const { token, manager } = await networkHelpers.loadFixture(liveTokenFixture);
      await expect(token.initialize("Evil", "EVL", await manager.getAddress())).to.be.revertedWithCustomError(
        token,
        "InvalidInitialization",
      );
      const implementation = await ethers.getContractAt("CityToken", await token.implementation());
      await expect(implementation.initialize("Evil", "EVL", await manager.getAddress())).to.be.revertedWithCustomError(
        implementation,
        "InvalidInitialization",
      );
      await expect(implementation.upgradeToAndCall(await token.getAddress(), "0x")).to.be.revertedWithCustomError(
        implementation,
        "UUPSUnauthorizedCallContext",
      );
      expect(await implementation.implementation()).to.equal(ethers.ZeroAddress);
    });
  });

  describe("freezing a service for good", function () {
    it("gives up upgrades irreversibly: no upgrade can be scheduled or executed afterwards", async function () {
      const city = await networkHelpers.loadFixture(liveTokenFixture);
      const { token, manager, accounts, v2 } = city;
      const { admin, mallory } = accounts;
      const current = await token.implementation();
      await expect(token.connect(mallory).freezeUpgrades()).to.be.revertedWithCustomError(
        token,
        "AccessManagedUnauthorized",
      );
      await expect(token.connect(admin).freezeUpgrades())
        .to.emit(token, "UpgradesFrozen")
        .withArgs(current, ethers.keccak256(await ethers.provider.getCode(current)));
      expect(await token.upgradesFrozen()).to.equal(true);
      await expect(token.connect(admin).freezeUpgrades())
        .to.be.revertedWithCustomError(token, "CityUpgradesFrozen")
        .withArgs(await token.getAddress());
      await expect(token.connect(admin).upgradeToAndCall(await v2.getAddress(), "0x"))
        .to.be.revertedWithCustomError(token, "CityUpgradesFrozen")
        .withArgs(await token.getAddress());

      await manager.connect(admin).grantRole(Roles.UPGRADER, admin.address, WEEK);
      const data = token.interface.encodeFunctionData("upgradeToAndCall", [await v2.getAddress(), "0x"]);
      await expect(manager.connect(admin).schedule(await token.getAddress(), data, 0))
        .to.be.revertedWithCustomError(manager, "CityUpgradesFrozen")
        .withArgs(await token.getAddress());
      expect(await token.implementation()).to.equal(current);
      // A frozen token still works in every other way.
      await token.connect(accounts.treasurer).mint(accounts.alice.address, 1n);
    });
  });
});

/** The admin keeps ADMIN but gives up UPGRADER: ADMIN alone must not be able to upgrade. */
async function city_admin_renounces_upgrader(
  token: { authority(): Promise<string> },
  admin: { address: string },
): Promise<void> {
  const manager = await ethers.getContractAt("CityAccessManager", await token.authority());
  const signer = await ethers.getSigner(admin.address);
  await manager.connect(signer).renounceRole(Roles.UPGRADER, admin.address);
}
