import { expect } from "chai";

import { deployCity } from "../../src/deploy.js";
import { ROLE_NAMES, Roles } from "../../src/roles.js";
import { cityOn, connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

async function deployCityFixture() {
  return cityOn(connection);
}

describe("CityAccessManager", function () {
  describe("roles", function () {
    it("labels every role id exactly as src/roles.ts names it", async function () {
      const { manager } = await networkHelpers.loadFixture(deployCityFixture);
      for (const name of ROLE_NAMES) {
        expect(await manager.roleLabel(Roles[name])).to.equal(name, `role ${name}`);
      }
      expect(await manager.roleLabel(Roles.INSURANCE_MODULE + 1n)).to.equal("");
    });

    it("emitted a RoleLabel event for ADMIN and every city role at deployment", async function () {
      const { manager } = await networkHelpers.loadFixture(deployCityFixture);
      const events = await manager.queryFilter(manager.filters.RoleLabel());
      const labelled = new Map(events.map((e) => [e.args.roleId, e.args.label]));
      for (const name of ROLE_NAMES.filter((n) => n !== "PUBLIC")) {
        expect(labelled.get(Roles[name])).to.equal(name);
      }
    });

    it("makes GUARDIAN the guardian of every service role and ADMIN the admin of all", async function () {
      const { manager } = await networkHelpers.loadFixture(deployCityFixture);
      for (const name of ROLE_NAMES.filter((n) => n !== "ADMIN" && n !== "PUBLIC")) {
        expect(await manager.getRoleAdmin(Roles[name])).to.equal(Roles.ADMIN, `admin of ${name}`);
        const expected = name === "GUARDIAN" ? Roles.ADMIN : Roles.GUARDIAN;
        expect(await manager.getRoleGuardian(Roles[name])).to.equal(expected, `guardian of ${name}`);
      }
    });

    it("gives the development cast exactly its roles", async function () {
      const { manager, accounts } = await networkHelpers.loadFixture(deployCityFixture);
      expect((await manager.hasRole(Roles.ADMIN, accounts.admin.address))[0]).to.equal(true);
      expect((await manager.hasRole(Roles.TREASURER, accounts.treasurer.address))[0]).to.equal(true);
      expect((await manager.hasRole(Roles.TREASURER, accounts.alice.address))[0]).to.equal(false);
      expect((await manager.hasRole(Roles.ADMIN, accounts.guardian.address))[0]).to.equal(false);
    });
  });

  describe("emergency stop", function () {
    it("lets a guardian close a service at once, blocking its restricted functions only", async function () {
      const { manager, token, accounts } = await networkHelpers.loadFixture(deployCityFixture);
      const { guardian, treasurer, alice, bob } = accounts;
      await token.connect(treasurer).mint(alice.address, 100n);
      const target = await token.getAddress();

      await expect(manager.connect(guardian).emergencyClose(target))
        .to.emit(manager, "ServiceEmergencyClosed")
        .withArgs(target, guardian.address)
        .and.to.emit(manager, "TargetClosed")
        .withArgs(target, true);
      expect(await manager.isTargetClosed(target)).to.equal(true);

      await expect(token.connect(treasurer).mint(alice.address, 1n))
        .to.be.revertedWithCustomError(token, "AccessManagedUnauthorized")
        .withArgs(treasurer.address);
      await expect(token.connect(alice).transfer(bob.address, 5n)).to.changeTokenBalance(ethers, token, bob, 5n);
    });

    it("lets only the admin reopen a closed service", async function () {
      const { manager, token, accounts } = await networkHelpers.loadFixture(deployCityFixture);
      const { admin, guardian, treasurer, alice } = accounts;
      const target = await token.getAddress();
      await manager.connect(guardian).emergencyClose(target);

      await expect(manager.connect(guardian).setTargetClosed(target, false))
        .to.be.revertedWithCustomError(manager, "AccessManagerUnauthorizedAccount")
        .withArgs(guardian.address, Roles.ADMIN);
      await expect(manager.connect(admin).setTargetClosed(target, false))
        .to.emit(manager, "TargetClosed")
        .withArgs(target, false);
      await expect(token.connect(treasurer).mint(alice.address, 1n)).to.changeTokenBalance(ethers, token, alice, 1n);
    });

    it("rejects an emergency stop from anyone but a guardian", async function () {
      const { manager, token, accounts } = await networkHelpers.loadFixture(deployCityFixture);
      for (const caller of [accounts.mallory, accounts.treasurer, accounts.admin]) {
        await expect(manager.connect(caller).emergencyClose(await token.getAddress()))
          .to.be.revertedWithCustomError(manager, "AccessManagerUnauthorizedAccount")
          .withArgs(caller.address, Roles.GUARDIAN);
      }
      expect(await manager.isTargetClosed(await token.getAddress())).to.equal(false);
    });

    it("refuses to close the authority itself, an account without code, or a closed target", async function () {
      const { manager, token, accounts } = await networkHelpers.loadFixture(deployCityFixture);
      const { guardian, alice } = accounts;
      await expect(manager.connect(guardian).emergencyClose(await manager.getAddress())).to.be.revertedWithCustomError(
        manager,
        "CityAuthorityCannotCloseItself",
      );
      await expect(manager.connect(guardian).emergencyClose(alice.address))
        .to.be.revertedWithCustomError(manager, "CityTargetNotAContract")
        .withArgs(alice.address);
      await manager.connect(guardian).emergencyClose(await token.getAddress());
      await expect(manager.connect(guardian).emergencyClose(await token.getAddress()))
        .to.be.revertedWithCustomError(manager, "CityTargetAlreadyClosed")
        .withArgs(await token.getAddress());
    });
  });

  describe("execution delays for sensitive roles", function () {
    async function delayedTreasurerFixture() {
      const city = await deployCity(connection);
      const { manager, accounts } = city;
      // A second treasurer whose every mint must wait one hour after being scheduled.
      await manager.connect(accounts.admin).grantRole(Roles.TREASURER, accounts.erin.address, 3600);
      return city;
    }

    it("forces a delayed role holder to schedule, wait, then execute", async function () {
      const { manager, token, accounts } = await networkHelpers.loadFixture(delayedTreasurerFixture);
      const { erin, alice } = accounts;
      const target = await token.getAddress();
      const data = token.interface.encodeFunctionData("mint", [alice.address, 500n]);

      // A delayed holder's direct call is refused by the authority: the operation was never scheduled.
      await expect(token.connect(erin).mint(alice.address, 500n)).to.be.revertedWithCustomError(
        manager,
        "AccessManagerNotScheduled",
      );

      await expect(manager.connect(erin).schedule(target, data, 0)).to.emit(manager, "OperationScheduled");
      await expect(manager.connect(erin).execute(target, data)).to.be.revertedWithCustomError(
        manager,
        "AccessManagerNotReady",
      );
      await networkHelpers.time.increase(3600);
      await expect(manager.connect(erin).execute(target, data)).to.changeTokenBalance(ethers, token, alice, 500n);
    });

    it("lets the guardian cancel a scheduled operation of a role it guards", async function () {
      const { manager, token, accounts } = await networkHelpers.loadFixture(delayedTreasurerFixture);
      const { erin, alice, guardian, mallory } = accounts;
      const target = await token.getAddress();
      const data = token.interface.encodeFunctionData("mint", [alice.address, 500n]);
      await manager.connect(erin).schedule(target, data, 0);

      await expect(manager.connect(mallory).cancel(erin.address, target, data))
        .to.be.revertedWithCustomError(manager, "AccessManagerUnauthorizedCancel")
        .withArgs(mallory.address, erin.address, target, token.interface.getFunction("mint").selector);
      await expect(manager.connect(guardian).cancel(erin.address, target, data)).to.emit(manager, "OperationCanceled");
      await networkHelpers.time.increase(3600);
      await expect(manager.connect(erin).execute(target, data)).to.be.revertedWithCustomError(
        manager,
        "AccessManagerNotScheduled",
      );
    });
  });
});
