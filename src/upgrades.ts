import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import {
  getContractVersion,
  getErrors,
  getStorageLayout,
  getStorageUpgradeReport,
  solcInputOutputDecoder,
  validate,
  withValidationDefaults,
  type StorageLayout,
  type ValidationRunData,
} from "@openzeppelin/upgrades-core";

import { PERMISSIONS, type PermissionedContract } from "./permissions.js";

/**
 * OpenZeppelin's upgrade-safety validator (`@openzeppelin/upgrades-core`) over the project's Hardhat build:
 * unsafe constructs (constructors that set state, immutables, selfdestruct, delegatecall, missing initializers)
 * and storage layouts compared with the reference layout committed per contract in `upgrades/layouts/`, and
 * for test implementations with the contract their `@custom:oz-upgrades-from` annotation names.
 * `npm run upgrades:check` runs it (part of `npm run lint`); `npm run upgrades:snapshot` records references.
 *
 * Each contract is validated from the build-info file its own artifact points to: Hardhat keeps the files of
 * earlier incremental builds, whose copies of other sources may be stale.
 */

/** Where the reference (released) storage layout of each upgradeable contract is kept. */
export const LAYOUTS_DIR = path.join("upgrades", "layouts");
const ARTIFACTS_DIR = "artifacts";
const BUILD_INFO_DIR = path.join(ARTIFACTS_DIR, "build-info");
/** Deliberately broken implementations that tests feed to the validator; never deployed. */
const BROKEN_DIR = "contracts/mocks/upgrades/broken/";

/** A Hardhat 3 build-info: `<id>.json` holds the solc input, `<id>.output.json` its output. */
function readBuildInfo(id: string): { input: never; output: never; solcVersion: string } {
  const input = JSON.parse(readFileSync(path.join(BUILD_INFO_DIR, `${id}.json`), "utf8")) as {
    solcVersion: string;
    input: never;
  };
  const output = JSON.parse(readFileSync(path.join(BUILD_INFO_DIR, `${id}.output.json`), "utf8")) as {
    output: never;
  };
  return { input: input.input, output: output.output, solcVersion: input.solcVersion };
}

/** A compiled contract of the project and the validation data of the build that produced its artifact. */
export interface BuiltContract {
  name: string;
  /** `source:Name` as the build knows it. */
  qualifiedName: string;
  sourceName: string;
  run: ValidationRunData;
}

/** Every contract under `contracts/` in the current build, each with its own build's validation data. */
export class Build {
  private readonly runs = new Map<string, ValidationRunData>();
  readonly contracts = new Map<string, BuiltContract>();

  constructor() {
    const root = path.join(ARTIFACTS_DIR, "contracts");
    if (!existsSync(root)) throw new Error(`no ${root}: run \`npx hardhat build\` first`);
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith(".json")) this.add(full);
      }
    };
    walk(root);
  }

  private add(artifactFile: string): void {
    const artifact = JSON.parse(readFileSync(artifactFile, "utf8")) as {
      contractName: string;
      sourceName: string;
      inputSourceName: string;
      buildInfoId: string;
      bytecode: string;
    };
    if (artifact.bytecode === "0x") return; // interfaces, libraries without code, abstract contracts
    const run = this.runOf(artifact.buildInfoId);
    const qualifiedName = `${artifact.inputSourceName}:${artifact.contractName}`;
    if (run[qualifiedName] === undefined) return;
    this.contracts.set(artifact.contractName, {
      name: artifact.contractName,
      qualifiedName,
      sourceName: artifact.sourceName,
      run,
    });
  }

  private runOf(buildInfoId: string): ValidationRunData {
    let run = this.runs.get(buildInfoId);
    if (run === undefined) {
      const { input, output, solcVersion } = readBuildInfo(buildInfoId);
      run = validate(output, solcInputOutputDecoder(input, output), solcVersion, input);
      this.runs.set(buildInfoId, run);
    }
    return run;
  }

  get(name: string): BuiltContract {
    const found = this.contracts.get(name);
    if (found === undefined) throw new Error(`contract ${name} is not in the build`);
    return found;
  }

  /** The storage layout of a contract (ERC-7201 namespaces included). */
  layoutOf(name: string): StorageLayout {
    const { run, qualifiedName } = this.get(name);
    return getStorageLayout([run], getContractVersion(run, qualifiedName));
  }

  /** The validator's unsafe-construct errors for a contract (empty when it is upgrade safe). */
  unsafeConstructs(name: string): string[] {
    const { run, qualifiedName } = this.get(name);
    return getErrors([run], getContractVersion(run, qualifiedName)).map((e) => `${e.kind} at ${e.src}`);
  }

  /** Whether a contract is meant to live behind a proxy: it is Initializable (city contracts and their V2s). */
  isUpgradeable(name: string): boolean {
    const { run, qualifiedName } = this.get(name);
    return run[qualifiedName].inherit.some((base) => base.endsWith(":Initializable"));
  }
}

/** Every upgradeable city contract: those whose `upgradeToAndCall` the permissions table wires to UPGRADER. */
export function upgradeableContracts(): PermissionedContract[] {
  return (Object.keys(PERMISSIONS) as PermissionedContract[]).filter(
    (name) => "upgradeToAndCall(address,bytes)" in PERMISSIONS[name],
  );
}

/**
 * Compares a candidate layout with a reference layout; returns the validator's explanation of every
 * incompatibility (empty when the candidate may replace the reference behind the same proxy).
 */
export function layoutIncompatibilities(reference: StorageLayout, candidate: StorageLayout): string {
  const report = getStorageUpgradeReport(reference, candidate, withValidationDefaults({}));
  return report.ok ? "" : report.explain();
}

/** The committed reference layout of a contract, or undefined when none was recorded. */
export function referenceLayout(contract: string): StorageLayout | undefined {
  const file = path.join(LAYOUTS_DIR, `${contract}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as StorageLayout) : undefined;
}

/** Writes the current layout of each contract as its reference. */
export function writeReferenceLayouts(build: Build, contracts: string[]): string[] {
  mkdirSync(LAYOUTS_DIR, { recursive: true });
  return contracts.map((contract) => {
    const file = path.join(LAYOUTS_DIR, `${contract}.json`);
    writeFileSync(file, JSON.stringify(build.layoutOf(contract), null, 2) + "\n");
    return file;
  });
}

/** One contract's verdict: unsafe constructs and layout incompatibilities. */
export interface UpgradeVerdict {
  contract: string;
  checkedAgainst: string;
  problems: string[];
}

/**
 * A city contract (or a new implementation of it, `contract` != `service`): upgrade safe, and compatible with the
 * committed reference layout of `service`.
 */
export function checkCityContract(build: Build, contract: string, service = contract): UpgradeVerdict {
  const problems = build.unsafeConstructs(contract);
  const layout = referenceLayout(service);
  const reference = path.join(LAYOUTS_DIR, `${service}.json`);
  if (layout === undefined) {
    problems.push(`no reference layout ${reference}: run npm run upgrades:snapshot`);
  } else {
    const incompatible = layoutIncompatibilities(layout, build.layoutOf(contract));
    if (incompatible !== "") problems.push(incompatible);
  }
  return { contract, checkedAgainst: reference, problems };
}

/** The contract a test implementation says it upgrades from (`@custom:oz-upgrades-from <Name or source:Name>`). */
export function upgradesFrom(build: Build, contract: string): string | undefined {
  const source = readFileSync(build.get(contract).sourceName, "utf8");
  const match = /@custom:oz-upgrades-from\s+(\S+)/.exec(source);
  return match?.[1].split(":").at(-1);
}

/**
 * Every other upgradeable contract of the build (the V2 test implementations): upgrade safe, and, when it names
 * the contract it upgrades from, layout compatible with that contract as built now.
 */
export function checkOtherContracts(build: Build, cityContracts: string[]): UpgradeVerdict[] {
  const verdicts: UpgradeVerdict[] = [];
  for (const [name, built] of build.contracts) {
    if (cityContracts.includes(name) || built.sourceName.startsWith(BROKEN_DIR) || !build.isUpgradeable(name)) continue;
    const problems = build.unsafeConstructs(name);
    const from = upgradesFrom(build, name);
    if (from !== undefined) {
      const incompatible = layoutIncompatibilities(build.layoutOf(from), build.layoutOf(name));
      if (incompatible !== "") problems.push(incompatible);
    }
    verdicts.push({ contract: name, checkedAgainst: from ?? "(no predecessor)", problems });
  }
  return verdicts;
}
