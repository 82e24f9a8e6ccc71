import { expect } from "chai";

import { undocumented } from "../../scripts/audit/natspec.js";
import type { AstNode } from "../../scripts/audit/solc-output.js";
import { compareSnapshot } from "../../scripts/bench/snapshot.js";

// The pure parts of the auditor's pack (issue 19): the gas snapshot gate's verdicts and the NatSpec lint rule.
// `npm run audit` itself (deployment, report, headless Chromium) runs in CI after the test suite.
describe("Auditor's pack", function () {
  describe("gas snapshot gate (npm run bench -- --check)", function () {
    const committed = { "a.op": { gas: 100 }, "b.op": { gas: 200 }, "c.op": { gas: 300 } };

    it("passes when every figure equals the snapshot", function () {
      const { changes, failures } = compareSnapshot(committed, { ...committed });
      expect(changes).to.deep.equal([]);
      expect(failures).to.deep.equal([]);
    });

    it("fails on one gas more (tolerance 0), and lists decreases without failing on them", function () {
      const { changes, failures } = compareSnapshot(committed, {
        "a.op": { gas: 101 },
        "b.op": { gas: 150 },
        "c.op": { gas: 300 },
      });
      expect(changes).to.deep.equal([
        { op: "a.op", committed: 100, now: 101, kind: "more" },
        { op: "b.op", committed: 200, now: 150, kind: "less" },
      ]);
      expect(failures).to.deep.equal(["1 operation(s) cost more: a.op"]);
    });

    it("fails on an operation added or removed without a snapshot update", function () {
      const { changes, failures } = compareSnapshot(committed, {
        "a.op": { gas: 100 },
        "b.op": { gas: 200 },
        "d.op": { gas: 1 },
      });
      expect(changes.map((c) => `${c.op}:${c.kind}`)).to.deep.equal(["c.op:removed", "d.op:added"]);
      expect(failures).to.deep.equal([
        "1 operation(s) not in the snapshot: d.op",
        "1 operation(s) no longer measured: c.op",
      ]);
    });
  });

  describe("NatSpec rule (npm run lint)", function () {
    const fn = (id: number, name: string, visibility: string, doc?: string): AstNode => ({
      id,
      nodeType: "FunctionDefinition",
      kind: "function",
      name,
      visibility,
      src: `${id}:1:0`,
      documentation: doc === undefined ? null : { text: doc },
    });
    const unit = (source: string, members: AstNode[]): [string, AstNode] => [
      source,
      { id: 0, nodeType: "SourceUnit", nodes: [{ id: 1, nodeType: "ContractDefinition", name: "C", nodes: members }] },
    ];

    it("names every external or public function and public getter without NatSpec, own or @inheritdoc", function () {
      const getter: AstNode = {
        id: 9,
        nodeType: "VariableDeclaration",
        stateVariable: true,
        visibility: "public",
        name: "x",
        src: "9:1:0",
      };
      const asts = new Map([
        unit("contracts/x/C.sol", [
          fn(2, "documented", "external", "@notice Does a thing."),
          fn(3, "inherited", "public", "@inheritdoc IC"),
          fn(4, "bare", "external"),
          fn(5, "internalBare", "internal"),
          getter,
        ]),
        unit("contracts/mocks/M.sol", [fn(6, "mockBare", "external")]),
        unit("npm/@openzeppelin/contracts@5.7.0/D.sol", [fn(7, "dependencyBare", "external")]),
      ]);
      const { checked, missing } = undocumented(asts);
      expect(checked).to.equal(4);
      expect(missing.map((m) => `${m.contract}.${m.name}`)).to.deep.equal(["C.bare", "C.x"]);
    });
  });
});
