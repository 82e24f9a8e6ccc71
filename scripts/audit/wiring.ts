/**
 * Step "wiring" of `npm run audit` (run by scripts/audit.ts under `hardhat run`): deploys a fresh city in-process
 * (the path tests and the demo use), then reads the attack surface from the deployed AccessManager, not from a copy:
 * for every contract of `src/permissions.ts` and every state-changing function of its ABI, the role the manager
 * answers for its selector, the role's grant delay, the target's admin delay and whether it is closed, joined with
 * the reason of every open function (`OPEN_FUNCTIONS`). Role holders and their execution delays come from the
 * manager's `RoleGranted` events. Also dumps the resolved Solidity test profiles (run counts and depths).
 * Writes the JSON to $CITYCHAIN_AUDIT_OUT.
 */
import { writeFileSync } from "node:fs";

import { Interface, type BaseContract } from "ethers";
import hre, { network } from "hardhat";

import { deployCity } from "../../src/deploy.js";
import { OPEN_FUNCTIONS, PERMISSIONS } from "../../src/permissions.js";
import { Roles } from "../../src/roles.js";

export interface MatrixRow {
  signature: string;
  selector: string;
  /** "restricted": answers to `role`; "open": no `restricted` modifier, `reason` says why; "unlisted": neither. */
  kind: "restricted" | "open" | "unlisted";
  role?: string;
  roleId?: string;
  /** The role the table asks for (src/permissions.ts), to show any drift from the deployed wiring. */
  expectedRole?: string;
  grantDelay?: number;
  reason?: string;
}

export interface WiredContract {
  name: string;
  source: string;
  address: string;
  closed: boolean;
  adminDelay: number;
  rows: MatrixRow[];
}

export interface Wiring {
  manager: string;
  contracts: WiredContract[];
  holders: { role: string; account: string; who: string; executionDelay: number }[];
  profiles: Record<string, unknown>;
}

const out = process.env.CITYCHAIN_AUDIT_OUT;
if (out === undefined) throw new Error("CITYCHAIN_AUDIT_OUT is not set (run through npm run audit)");

const connection = await network.create();
const city = await deployCity(connection);
const manager = city.manager;
const roleName = new Map(Object.entries(Roles).map(([name, id]) => [id, name]));

// Every contract instance the deployment returns, by address; each table contract is matched to the instance whose
// ABI it has (no hand-kept list: a contract added to the table and to the City is found here).
const instances: BaseContract[] = Object.values(city).filter(
  (v): v is BaseContract => typeof v === "object" && v !== null && "interface" in v && "getAddress" in v,
);
const abiKey = (iface: Interface) =>
  iface.fragments
    .filter((f) => f.type === "function" || f.type === "event" || f.type === "error")
    .map((f) => f.format("sighash"))
    .sort()
    .join("|");
const byAbi = new Map<string, BaseContract>();
for (const instance of instances) byAbi.set(abiKey(instance.interface), instance);

const names = new Map<string, string>();
for (const [field, value] of Object.entries(city.accounts)) names.set(value.address.toLowerCase(), field);

const contracts: WiredContract[] = [];
for (const name of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) {
  const artifact = await hre.artifacts.readArtifact(name);
  const iface = new Interface(artifact.abi);
  const instance = byAbi.get(abiKey(iface));
  if (instance === undefined) throw new Error(`${name}: no deployed instance with its ABI in deployCity's City`);
  const target = await instance.getAddress();
  names.set(target.toLowerCase(), name);
  const table = PERMISSIONS[name] as Record<string, string>;
  const open = OPEN_FUNCTIONS[name] as Record<string, string>;
  const rows: MatrixRow[] = [];
  for (const fragment of iface.fragments) {
    if (fragment.type !== "function") continue;
    const fn = iface.getFunction(fragment.format("sighash"))!;
    if (fn.constant) continue;
    const signature = fn.format("sighash");
    if (open[signature] !== undefined) {
      rows.push({ signature, selector: fn.selector, kind: "open", reason: open[signature] });
      continue;
    }
    const roleId = (await manager.getTargetFunctionRole(target, fn.selector)) as bigint;
    rows.push({
      signature,
      selector: fn.selector,
      kind: table[signature] !== undefined ? "restricted" : "unlisted",
      roleId: roleId.toString(),
      role: roleName.get(roleId) ?? `role ${roleId}`,
      expectedRole: table[signature],
      grantDelay: Number(await manager.getRoleGrantDelay(roleId)),
    });
  }
  rows.sort((a, b) => a.signature.localeCompare(b.signature));
  contracts.push({
    name,
    source: artifact.sourceName,
    address: target,
    closed: await manager.isTargetClosed(target),
    adminDelay: Number(await manager.getTargetAdminDelay(target)),
    rows,
  });
}

const holders: Wiring["holders"] = [];
for (const event of await manager.queryFilter(manager.filters.RoleGranted())) {
  const [roleId, account] = (event as unknown as { args: [bigint, string] }).args;
  const [, executionDelay] = (await manager.hasRole(roleId, account)) as [boolean, bigint];
  const key = `${roleId}:${account}`;
  if (holders.some((h) => `${Roles[h.role as keyof typeof Roles] ?? h.role}:${h.account}` === key)) continue;
  holders.push({
    role: roleName.get(roleId) ?? `role ${roleId}`,
    account,
    who: names.get(account.toLowerCase()) ?? "contract or account",
    executionDelay: Number(executionDelay),
  });
}

const profiles = (hre.config as unknown as { test?: { solidity?: { profiles?: Record<string, unknown> } } }).test
  ?.solidity?.profiles;
const wiring: Wiring = { manager: await manager.getAddress(), contracts, holders, profiles: profiles ?? {} };
writeFileSync(
  out,
  JSON.stringify(wiring, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2),
);
await connection.close();
console.log(`wiring: ${contracts.length} contracts, ${contracts.reduce((n, c) => n + c.rows.length, 0)} functions`);
