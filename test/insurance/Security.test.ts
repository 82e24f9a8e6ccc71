import { expect } from "chai";
import { parseEther, Wallet } from "ethers";

import { claimIdOf } from "../../src/insurance.js";
import { deployBehindProxy } from "../../src/proxy.js";
import type { Insurance, ReentrantToken } from "../../typechain-types/index.js";
import { registerResident } from "../identity/helpers.js";
import { DAY, HOUSE, deployInsuranceCity, evidence, incident, propertyTerms } from "./fixtures.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;

/** A second Insurance whose settlement token is hostile: every transfer out of it calls back into it. */
async function hostileFixture() {
  const city = await deployInsuranceCity(connection);
  const { manager, identity, landRegistry, accounts } = city;
  const token = (await ethers.deployContract("ReentrantToken")) as unknown as ReentrantToken;
  const insurance = await deployBehindProxy<Insurance>(connection, "Insurance", [
    await manager.getAddress(),
    await identity.getAddress(),
    await landRegistry.getAddress(),
    await token.getAddress(),
  ]);
  // On this unwired instance every restricted function is ADMIN-only: the admin plays insurer and assessor.
  const { admin, alice } = accounts;
  await registerResident(city, admin, "ADMIN-1");
  for (const who of [admin, alice]) {
    await token.mint(who.address, parseEther("10000000"));
    await token.connect(who).approve(await insurance.getAddress(), parseEther("10000000"));
  }
  await insurance.connect(admin).createPool();
  await insurance.connect(admin).fundPool(1n, parseEther("1000000"));
  await insurance.connect(admin).createProduct(propertyTerms(1n));
  await insurance.connect(alice).buyPolicy(1n, city.parcel, HOUSE);
  await time.increase(8n * DAY);
  await insurance.connect(alice).submitClaim(1n, incident("x"), parseEther("1000"), evidence("x"));
  await insurance.connect(admin).confirmClaim(claimIdOf(1n, incident("x")), parseEther("1000"));
  return { ...city, hostile: token, hostileInsurance: insurance };
}

/** A city where alice's key was recovered to a new wallet, holding a policy and a credit. */
async function recoveredFixture() {
  const city = await deployInsuranceCity(connection);
  const { insurance, identity, accounts, ids } = city;
  await insurance.connect(accounts.alice).buyPolicy(city.product1, city.parcel, HOUSE);
  await time.increase(8n * DAY);
  await insurance.connect(accounts.alice).submitClaim(1n, incident("r"), parseEther("500"), evidence("r"));
  await insurance.connect(accounts.assessor).confirmClaim(claimIdOf(1n, incident("r")), parseEther("500"));
  await identity.connect(accounts.alice).appointGuardians(ids.alice, [ids.bob, ids.dave], 2);
  await time.increase(4n * DAY);
  const fresh = Wallet.createRandom().connect(ethers.provider);
  await networkHelpers.setBalance(fresh.address, parseEther("10"));
  await identity.connect(accounts.bob).initiateRecovery(ids.alice, fresh.address);
  await identity.connect(accounts.dave).approveRecovery(1n);
  await time.increase(4n * DAY);
  await identity.connect(accounts.erin).executeRecovery(1n);
  return { ...city, fresh };
}

describe("Insurance security", function () {
  for (const path of ["withdraw", "withdrawCapital"] as const) {
    it(`a hostile token re-entering during ${path} is refused by the guard`, async function () {
      const { hostile, hostileInsurance, accounts } = await networkHelpers.loadFixture(hostileFixture);
      await hostile.arm(await hostileInsurance.getAddress(), hostileInsurance.interface.encodeFunctionData("withdraw"));
      if (path === "withdraw") {
        await hostileInsurance.connect(accounts.alice).withdraw();
      } else {
        await hostileInsurance.connect(accounts.admin).withdrawCapital(1n, parseEther("1000"));
      }
      expect(await hostile.attempted()).to.equal(true);
      expect(await hostile.reentered()).to.equal(false);
      const error = hostileInsurance.interface.parseError(await hostile.reentryError());
      expect(error?.name).to.equal("ReentrancyGuardReentrantCall");
    });
  }

  it("a recovered key keeps its policies and credit; the old key can do nothing", async function () {
    const { insurance, token, accounts, ids, fresh } = await networkHelpers.loadFixture(recoveredFixture);
    expect((await insurance.policy(1n)).holderId).to.equal(ids.alice);
    await expect(insurance.connect(accounts.alice).withdraw())
      .to.be.revertedWithCustomError(insurance, "InsuranceCallerUnknown")
      .withArgs(accounts.alice.address);
    await expect(insurance.connect(accounts.alice).submitClaim(1n, incident("old"), 1n, evidence("old")))
      .to.be.revertedWithCustomError(insurance, "InsuranceCallerUnknown")
      .withArgs(accounts.alice.address);
    await expect(insurance.connect(fresh).withdraw()).to.changeTokenBalance(ethers, token, fresh, parseEther("500"));
    await insurance.connect(fresh).submitClaim(1n, incident("new key"), 1n, evidence("n"));
    expect((await insurance.claim(claimIdOf(1n, incident("new key")))).policyId).to.equal(1n);
  });
});
