import { formatEther, keccak256 } from "ethers";

import { Roles } from "../../src/roles.js";
import { serviceId } from "../../src/services.js";
import type { Chapter } from "./narrator.js";

const WEEK = 7n * 86_400n;

/**
 * A live service is upgraded in place: the settlement token, holding every resident's balance, gets new code
 * through the city's timelocked path. The upgrade is announced with its code hash, a first attempt is vetoed
 * by a guardian, the second runs after the delay, and every balance is still there at the same address.
 */
export const upgradesChapter: Chapter = async ({ connection, city, say }) => {
  const { ethers, networkHelpers } = connection;
  const { manager, token, directory, accounts } = city;
  const { admin, guardian, alice, bob, mallory } = accounts;
  const target = await token.getAddress();

  say.title("Epilogue: a live service is upgraded (new code, same address, every record kept)");
  const balances = async () =>
    `alice ${formatEther(await token.balanceOf(alice.address))}, bob ${formatEther(await token.balanceOf(bob.address))} CITY`;
  const before = await balances();
  say.line(`The token at ${target} runs implementation ${await token.implementation()}; ${before}.`);
  say.line("As on a public network, the admin's UPGRADER role gets a one-week execution delay.");
  await say.tx(
    "admin: UPGRADER with a 7-day delay",
    manager.connect(admin).grantRole(Roles.UPGRADER, admin.address, WEEK),
  );

  const v2 = await ethers.deployContract("CityTokenV2");
  const implementation = await v2.getAddress();
  const codehash = keccak256(await ethers.provider.getCode(implementation));
  const migration = v2.interface.encodeFunctionData("initializeV2", [2026n]);
  const data = token.interface.encodeFunctionData("upgradeToAndCall", [implementation, migration]);

  await say.refused(
    "mallory tries to install her own code",
    token.connect(mallory).upgradeToAndCall(implementation, "0x"),
    token,
  );
  await say.refused(
    "the admin tries to upgrade at once, skipping the delay",
    token.connect(admin).upgradeToAndCall(implementation, migration),
    manager,
  );
  await say.tx("admin: schedule upgradeToAndCall(v2, initializeV2)", manager.connect(admin).schedule(target, data, 0));
  say.line(
    `The authority announced it: UpgradeScheduled(target, ${implementation.slice(0, 10)}…, code hash ${codehash.slice(0, 18)}…).`,
  );
  say.line("Residents read the new code during the week. A guardian who finds a problem cancels it:");
  await say.tx("guardian: cancel the scheduled upgrade", manager.connect(guardian).cancel(admin.address, target, data));
  await networkHelpers.time.increase(WEEK + 1n);
  await say.refused(
    "a week later, the cancelled upgrade cannot run",
    manager.connect(admin).execute(target, data),
    manager,
  );

  say.line("The problem is fixed off-chain; the admin schedules again, and nobody objects for a week.");
  await say.tx("admin: schedule the upgrade again", manager.connect(admin).schedule(target, data, 0));
  await networkHelpers.time.increase(WEEK + 1n);
  await say.tx("admin: execute it after the delay", manager.connect(admin).execute(target, data));
  await say.tx("anyone: directory.recordImplementation(token)", directory.recordImplementation(serviceId("token")));
  const upgraded = await ethers.getContractAt("CityTokenV2", target);
  const after = await balances();
  say.line(
    `Same address ${target}, new implementation ${await upgraded.implementation()} (version ${await upgraded.version()}).`,
  );
  say.line(`Balances before: ${before}; after: ${after}.`);
  if (before !== after) throw new Error("the upgrade changed a balance");
  const recorded = await directory.implementationAt(
    serviceId("token"),
    await directory.implementationVersion(serviceId("token")),
  );
  say.record(
    `token upgraded in place to ${recorded.implementation} (code hash ${recorded.codehash.slice(0, 18)}…), balances intact`,
  );
  await say.tx(
    "admin: back to no delay for the rest of the demo",
    manager.connect(admin).grantRole(Roles.UPGRADER, admin.address, 0),
  );
};
