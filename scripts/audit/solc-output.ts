/**
 * Reads what solc produced for the project from Hardhat 3's build-info files (`artifacts/build-info/*.json` and
 * `*.output.json`): the AST of every source (NatSpec, inheritance, structure) and the storage layouts. When a source
 * is in several build-infos, the newest file wins.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** A node of solc's JSON AST (only the fields the audit reads are typed). */
export interface AstNode {
  id: number;
  nodeType: string;
  name?: string;
  src?: string;
  nodes?: AstNode[];
  contractKind?: "contract" | "interface" | "library";
  abstract?: boolean;
  baseContracts?: { baseName: { name?: string; referencedDeclaration: number } }[];
  linearizedBaseContracts?: number[];
  documentation?: { text: string } | string | null;
  visibility?: string;
  kind?: string;
  functionSelector?: string;
  eventSelector?: string;
  errorSelector?: string;
  parameters?: { parameters: AstNode[] };
  returnParameters?: { parameters: AstNode[] };
  typeDescriptions?: { typeString?: string };
  stateVariable?: boolean;
  members?: AstNode[];
  [key: string]: unknown;
}

export interface SolcOutput {
  /** Source unit ASTs keyed by the user's source name (e.g. `contracts/land/LandRegistry.sol`). */
  asts: Map<string, AstNode>;
  /** Every contract definition by AST id (ids are unique within one build-info: we key by name too). */
  contractsByName: Map<string, { node: AstNode; source: string }>;
  storageLayouts: Map<string, { storage: { label: string; slot: string; offset: number; type: string }[] }>;
}

const BUILD_INFO = "artifacts/build-info";

export function readSolcOutput(root = process.cwd()): SolcOutput {
  const dir = path.join(root, BUILD_INFO);
  if (!existsSync(dir)) throw new Error(`${BUILD_INFO} is missing: run \`npx hardhat build\` first`);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".output.json"))
    .map((f) => ({ f, t: statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => a.t - b.t);
  const asts = new Map<string, AstNode>();
  const contractsByName = new Map<string, { node: AstNode; source: string }>();
  const storageLayouts: SolcOutput["storageLayouts"] = new Map();
  for (const { f } of files) {
    const input = JSON.parse(readFileSync(path.join(dir, f.replace(/\.output\.json$/, ".json")), "utf8")) as {
      userSourceNameMap: Record<string, string>;
      input: { sources: Record<string, unknown> };
    };
    // `hardhat test --coverage` builds instrumented sources (plus its coverage.sol) into the same folder: their ASTs
    // have other offsets and extra statements, so they are never read here.
    if (Object.keys(input.input.sources).some((s) => /(^|\/)coverage\.sol$/.test(s))) continue;
    const userName = new Map(Object.entries(input.userSourceNameMap).map(([user, internal]) => [internal, user]));
    const { output } = JSON.parse(readFileSync(path.join(dir, f), "utf8")) as {
      output: {
        sources: Record<string, { ast: AstNode }>;
        contracts?: Record<
          string,
          Record<string, { storageLayout?: SolcOutput["storageLayouts"] extends Map<string, infer V> ? V : never }>
        >;
      };
    };
    for (const [internal, { ast }] of Object.entries(output.sources)) {
      const source = userName.get(internal) ?? internal;
      asts.set(source, ast);
      for (const node of ast.nodes ?? []) {
        if (node.nodeType === "ContractDefinition" && node.name !== undefined) {
          // Project contracts win over dependencies of the same name.
          if (!contractsByName.has(node.name) || source.startsWith("contracts/"))
            contractsByName.set(node.name, { node, source });
        }
      }
    }
    for (const [internal, contracts] of Object.entries(output.contracts ?? {})) {
      const source = userName.get(internal) ?? internal;
      for (const [name, c] of Object.entries(contracts)) {
        if (c.storageLayout !== undefined && source.startsWith("contracts/")) storageLayouts.set(name, c.storageLayout);
      }
    }
  }
  if (asts.size === 0) throw new Error(`${BUILD_INFO} holds no solc output: run \`npx hardhat build\``);
  return { asts, contractsByName, storageLayouts };
}

/** The NatSpec text of a node ("" when it has none). */
export function docText(node: AstNode): string {
  const doc = node.documentation;
  if (doc === undefined || doc === null) return "";
  return (typeof doc === "string" ? doc : doc.text).trim();
}

/** Splits NatSpec into its tags: `{ notice: [...], dev: [...], param: [...], return: [...], inheritdoc: [...] }`. */
export function parseNatSpec(text: string): Record<string, string[]> {
  const tags: Record<string, string[]> = {};
  let current = "notice";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const m = /^@([\w:-]+)\s*(.*)$/.exec(line);
    if (m !== null) {
      current = m[1];
      (tags[current] ??= []).push(m[2]);
    } else if (line.length > 0) {
      const list = (tags[current] ??= [""]);
      list[list.length - 1] = `${list[list.length - 1]} ${line}`.trim();
    }
  }
  return tags;
}

/** Whether a contract is one of the project's own (not a dependency, not a test mock or harness). */
export function isProjectSource(source: string): boolean {
  return source.startsWith("contracts/") && !source.startsWith("contracts/mocks/");
}

/** The service a source belongs to: its folder under `contracts/`. */
export function serviceOf(source: string): string {
  return source.split("/")[1] ?? "other";
}
