import { formatEther, parseEther } from "ethers";

import { serviceId } from "../../src/services.js";
import type { Chapter } from "./narrator.js";

/** The city is founded: its authority, its settlement token, its directory and its emergency stop. */
export const coreChapter: Chapter = async ({ city, say }) => {
  const { manager, token, directory, accounts } = city;
  const { admin, guardian, treasurer, alice, bob, carol, mallory } = accounts;

  say.title("1. The city is founded");
  say.line(`Authority (AccessManager): ${await manager.getAddress()}`);
  say.line(`Settlement token ${await token.symbol()}:        ${await token.getAddress()}`);
  say.line(`Service directory:               ${await directory.getAddress()}`);
  say.line(`The directory resolves "token" to ${await directory.resolve(serviceId("token"))}`);

  say.line("The treasurer funds the residents' wallets with the settlement token:");
  for (const resident of [alice, bob, carol]) {
    await say.tx(
      `mint 1,000,000 CITY to ${resident.address.slice(0, 10)}…`,
      token.connect(treasurer).mint(resident.address, parseEther("1000000")),
    );
  }
  say.record(`CITY supply: ${formatEther(await token.totalSupply())}`);

  await say.refused("mallory tries to mint herself tokens", token.connect(mallory).mint(mallory.address, 1n), token);

  say.line("An incident: the guardian closes the token's restricted functions at once …");
  await say.tx("guardian: emergencyClose(token)", manager.connect(guardian).emergencyClose(await token.getAddress()));
  await say.refused(
    "even the treasurer cannot mint while the token is closed",
    token.connect(treasurer).mint(alice.address, 1n),
    token,
  );
  say.line("… transfers between residents keep working (only privileged functions stop),");
  await say.tx("alice pays bob 10 CITY", token.connect(alice).transfer(bob.address, parseEther("10")));
  say.line("… and only the admin can reopen it.");
  await say.tx(
    "admin: setTargetClosed(token, false)",
    manager.connect(admin).setTargetClosed(await token.getAddress(), false),
  );
};
