import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import CarbonModule from "./Carbon.js";
import CoreModule from "./Core.js";
import EnergyModule from "./Energy.js";
import HealthModule from "./Health.js";
import IdentityModule from "./Identity.js";
import InsuranceModule from "./Insurance.js";
import LandModule from "./Land.js";
import SupplyModule from "./Supply.js";
import TaxModule from "./Tax.js";
import PasskeysModule from "./Passkeys.js";
import Scope3Module from "./Scope3.js";
import PaymentsModule from "./Payments.js";
import VotingModule from "./Voting.js";

/** The whole city: the core plus every service module. Each service issue adds its module here. */
export default buildModule("City", (m) => {
  // One line per service module, so that each service adds exactly one line here.
  return {
    ...m.useModule(CoreModule),
    ...m.useModule(IdentityModule),
    ...m.useModule(PasskeysModule),
    ...m.useModule(LandModule),
    ...m.useModule(VotingModule),
    ...m.useModule(CarbonModule),
    ...m.useModule(InsuranceModule),
    ...m.useModule(EnergyModule),
    ...m.useModule(HealthModule),
    ...m.useModule(SupplyModule),
    ...m.useModule(Scope3Module),
    ...m.useModule(PaymentsModule),
    ...m.useModule(TaxModule),
  };
});
