import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { deployProxy, registerService, wirePermissions } from "../wiring.js";
import CoreModule from "./Core.js";
import IdentityModule from "./Identity.js";

/**
 * The e-voting service: elections and referendums keyed by identity id, behind a UUPS proxy, governed by the
 * city's authority (ELECTION_OFFICIAL creates, GUARDIAN cancels) and listed in the directory as `elections`.
 */
export default buildModule("Voting", (m) => {
  const { manager, directory } = m.useModule(CoreModule);
  const { identity, claims } = m.useModule(IdentityModule);

  const elections = deployProxy(m, "Elections", [manager, identity, claims]);
  const wiring = wirePermissions(m, manager, "Elections", elections);
  registerService(m, directory, "elections", elections, wiring);

  const selfTally = deployProxy(m, "SelfTallyBallot", [manager, identity, claims]);
  const selfTallyWiring = wirePermissions(m, manager, "SelfTallyBallot", selfTally);
  registerService(m, directory, "selftally", selfTally, selfTallyWiring);

  return { elections, selfTally };
});
