import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { sha256, toUtf8Bytes } from "ethers";

import { deployProxy, registerService, wirePermissions } from "../wiring.js";
import CoreModule from "./Core.js";
import HealthModule from "./Health.js";
import IdentityModule from "./Identity.js";
import InsuranceModule from "./Insurance.js";
import LandModule from "./Land.js";
import SupplyModule from "./Supply.js";
import VotingModule from "./Voting.js";

/** The development relying party: pages served from localhost (the browser test, the demo). */
export const DEFAULT_RP_ID = "localhost";

/**
 * Passkeys of identities (WebAuthn P-256) and the shared assertion verifier, behind a UUPS proxy, listed in the
 * directory; the land services' consents and the passkey entry points of the token, elections, health consents and
 * supply chain accept assertions through it. Parameter `rpIdHash` is sha256 of
 * the city's WebAuthn relying party id (default `localhost`).
 */
export default buildModule("Passkeys", (m) => {
  const { manager, directory, token } = m.useModule(CoreModule);
  const { identity } = m.useModule(IdentityModule);
  const { landLiens, landDeeds } = m.useModule(LandModule);
  // The identity registry and the relying party are immutables of the implementation (constructor arguments).
  const passkeys = deployProxy(
    m,
    "PasskeyRegistry",
    [manager],
    [identity, m.getParameter("rpIdHash", sha256(toUtf8Bytes(DEFAULT_RP_ID)))],
  );
  const wiring = wirePermissions(m, manager, "PasskeyRegistry", passkeys);
  registerService(m, directory, "passkeys", passkeys, wiring);
  // ADMIN (the deployer) points the consent services at the verifier.
  m.call(landDeeds, "setConsentPasskeys", [passkeys], { id: "LandDeeds_setConsentPasskeys" });
  m.call(landLiens, "setConsentPasskeys", [passkeys], { id: "LandLiens_setConsentPasskeys" });
  // ...and the services whose resident-signed actions accept a passkey assertion (PasskeyActions, issue 20).
  const { elections } = m.useModule(VotingModule);
  const { healthConsents } = m.useModule(HealthModule);
  const { supplyChain } = m.useModule(SupplyModule);
  const { insuranceRelay } = m.useModule(InsuranceModule);
  for (const [name, service] of [
    ["CityToken", token],
    ["Elections", elections],
    ["HealthConsents", healthConsents],
    ["SupplyChain", supplyChain],
    ["InsuranceClaimsRelay", insuranceRelay],
  ] as const) {
    m.call(service, "setPasskeyRegistry", [passkeys], { id: `${name}_setPasskeyRegistry` });
  }
  return { passkeys };
});
