import { expect } from "chai";

import { Roles } from "../../src/roles.js";
import { cityOn, connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

async function deployCityFixture() {
  return cityOn(connection);
}

/**
 * `CityAccessManager.canCall` answers the common question from OpenZeppelin's storage words directly, and
 * `canCallNow` (what every service's `restricted` check asks first) packs it in one word. These tests pin both to
 * OpenZeppelin's rule on every branch: member without delay, stranger, member with an execution delay, a delay
 * being lowered (old value until it takes effect), a public selector, a closed target.
 */
describe("CityAccessManager.canCall (lean path) and canCallNow", function () {
  const registerSelector = () => ethers.id("register(uint8,uint8,bytes32,bytes32,uint40,address)").slice(0, 10);
  const query = (selector: string, caller: string) =>
    ethers.concat([selector, ethers.zeroPadValue("0x", 8), caller]) as string;

  async function answers(city: Awaited<ReturnType<typeof deployCityFixture>>, caller: string, selector: string) {
    const target = await city.identity.getAddress();
    const [immediate, delay] = await city.manager.canCall(caller, target, selector);
    // Asked as the service itself (the authority answers about `msg.sender`).
    const raw = await ethers.provider.call({
      to: await city.manager.getAddress(),
      from: target,
      data: city.manager.interface.encodeFunctionData("canCallNow", [query(selector, caller)]),
    });
    const [now] = city.manager.interface.decodeFunctionResult("canCallNow", raw);
    return { immediate, delay, now };
  }

  it("a member without delay may call at once", async function () {
    const city = await networkHelpers.loadFixture(deployCityFixture);
    const r = await answers(city, city.accounts.registrar.address, registerSelector());
    expect(r).to.deep.equal({ immediate: true, delay: 0n, now: true });
  });

  it("a stranger may not", async function () {
    const city = await networkHelpers.loadFixture(deployCityFixture);
    const r = await answers(city, city.accounts.mallory.address, registerSelector());
    expect(r).to.deep.equal({ immediate: false, delay: 0n, now: false });
  });

  it("a member with an execution delay must schedule, and a lowered delay applies only once in effect", async function () {
    const city = await networkHelpers.loadFixture(deployCityFixture);
    const { admin, mallory } = city.accounts;
    await (await city.manager.connect(admin).grantRole(Roles.REGISTRAR, mallory.address, 3600)).wait();
    expect(await answers(city, mallory.address, registerSelector())).to.deep.equal({
      immediate: false,
      delay: 3600n,
      now: false,
    });
    // Lowering the delay to 0 takes effect after the old delay (OpenZeppelin's setback): the old value until then.
    await (await city.manager.connect(admin).grantRole(Roles.REGISTRAR, mallory.address, 0)).wait();
    const [, , , effect] = await city.manager.getAccess(Roles.REGISTRAR, mallory.address);
    expect(await answers(city, mallory.address, registerSelector())).to.deep.equal({
      immediate: false,
      delay: 3600n,
      now: false,
    });
    await networkHelpers.time.increaseTo(effect);
    expect(await answers(city, mallory.address, registerSelector())).to.deep.equal({
      immediate: true,
      delay: 0n,
      now: true,
    });
  });

  it("a public selector is open to anyone, and a closed target to no one", async function () {
    const city = await networkHelpers.loadFixture(deployCityFixture);
    const { admin, guardian, mallory, registrar } = city.accounts;
    const target = await city.identity.getAddress();
    const selector = registerSelector();
    await (await city.manager.connect(admin).setTargetFunctionRole(target, [selector], Roles.PUBLIC)).wait();
    expect(await answers(city, mallory.address, selector)).to.deep.equal({ immediate: true, delay: 0n, now: true });
    await (await city.manager.connect(guardian).emergencyClose(target)).wait();
    for (const who of [mallory.address, registrar.address]) {
      expect(await answers(city, who, selector)).to.deep.equal({ immediate: false, delay: 0n, now: false });
    }
  });
});
