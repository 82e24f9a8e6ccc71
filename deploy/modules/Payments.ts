import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { deployProxy, registerService, wirePermissions } from "../wiring.js";
import CoreModule from "./Core.js";
import IdentityModule from "./Identity.js";

/**
 * The payments service (issue 14): invoices with receipts (paid directly or through a relayer with an
 * ERC-3009 authorization on CityToken) and payroll streams, each behind a UUPS proxy. Neither has a
 * privileged function beyond upgrades: every right belongs to the identities that issue, pay, fund or receive.
 */
export default buildModule("Payments", (m) => {
  const { manager, token, directory } = m.useModule(CoreModule);
  const { identity } = m.useModule(IdentityModule);

  const invoices = deployProxy(m, "Invoices", [manager, identity, token]);
  const payrollStreams = deployProxy(m, "PayrollStreams", [manager, identity, token]);

  const invoicesWiring = wirePermissions(m, manager, "Invoices", invoices);
  const streamsWiring = wirePermissions(m, manager, "PayrollStreams", payrollStreams);
  registerService(m, directory, "invoices", invoices, invoicesWiring);
  registerService(m, directory, "payroll", payrollStreams, streamsWiring);

  return { invoices, payrollStreams };
});
