import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import CarbonModule from "./Carbon.js";
import CoreModule from "./Core.js";
import EnergyModule from "./Energy.js";
import IdentityModule from "./Identity.js";
import InsuranceModule from "./Insurance.js";
import LandModule from "./Land.js";
import PasskeysModule from "./Passkeys.js";
import VotingModule from "./Voting.js";

/** The whole city: the core plus every service module. Each service issue adds its module here. */
export default buildModule("City", (m) => {
  const core = m.useModule(CoreModule);
  const identity = m.useModule(IdentityModule);
  const land = m.useModule(LandModule);
  const energy = m.useModule(EnergyModule);
  const voting = m.useModule(VotingModule);
  const carbon = m.useModule(CarbonModule);
  const insurance = m.useModule(InsuranceModule);
  const passkeys = m.useModule(PasskeysModule);
  return { ...core, ...identity, ...land, ...voting, ...carbon, ...insurance, ...energy, ...passkeys };
});
