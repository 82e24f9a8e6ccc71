import { docText, isProjectSource, type AstNode } from "./solc-output.js";

/** A function or public getter of our contracts without NatSpec: where it is. */
export interface Undocumented {
  source: string;
  contract: string;
  name: string;
  src: string;
}

/**
 * Every external or public function, and every public state variable (its getter is an external function), of our
 * contracts (`contracts/`, test mocks excepted) that has no NatSpec of its own and no `@inheritdoc`.
 */
export function undocumented(asts: Map<string, AstNode>): { checked: number; missing: Undocumented[] } {
  const missing: Undocumented[] = [];
  let checked = 0;
  for (const [source, ast] of [...asts].sort(([a], [b]) => a.localeCompare(b))) {
    if (!isProjectSource(source)) continue;
    for (const contract of ast.nodes ?? []) {
      if (contract.nodeType !== "ContractDefinition") continue;
      for (const member of contract.nodes ?? []) {
        const isFunction =
          member.nodeType === "FunctionDefinition" &&
          member.kind === "function" &&
          (member.visibility === "external" || member.visibility === "public");
        const isGetter =
          member.nodeType === "VariableDeclaration" && member.stateVariable === true && member.visibility === "public";
        if (!isFunction && !isGetter) continue;
        checked++;
        if (docText(member) === "")
          missing.push({
            source,
            contract: contract.name ?? "?",
            name: member.name ?? "?",
            src: member.src ?? "0:0:0",
          });
      }
    }
  }
  return { checked, missing };
}
