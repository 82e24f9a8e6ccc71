import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";

import { erc7201Slot } from "../../src/erc7201.js";

/** Every Solidity file under `contracts/`. */
function solidityFiles(dir = "contracts"): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return solidityFiles(full);
    return entry.name.endsWith(".sol") ? [full] : [];
  });
}

/**
 * ERC-7201 namespaces are the ground every record stands on: a slot constant that does not match its
 * annotation, or two contracts sharing a namespace by mistake, would overlay records. The validator reads the
 * annotation; the code uses the constant: they must agree.
 */
describe("ERC-7201 namespaces", function () {
  const namespaces = solidityFiles().flatMap((file) => {
    const source = readFileSync(file, "utf8");
    return [...source.matchAll(/@custom:storage-location erc7201:([\w.]+)/g)].map((m) => ({ file, id: m[1], source }));
  });

  it("finds the city's namespaces", function () {
    expect(namespaces.map((n) => n.id)).to.include.members([
      "citychain.storage.CityService",
      "citychain.storage.ServiceDirectory",
    ]);
  });

  it("every annotated namespace's slot constant is the ERC-7201 formula of its id", function () {
    for (const { file, id, source } of namespaces) {
      if (file.includes(`${path.sep}broken${path.sep}`)) continue; // never deployed: declares, never uses
      expect(source.toLowerCase(), `${file}: ${id}`).to.contain(erc7201Slot(id).toLowerCase());
    }
  });

  it("no namespace id is declared twice outside the deliberately broken test implementations", function () {
    const seen = new Map<string, string>();
    for (const { file, id } of namespaces) {
      if (file.includes(`${path.sep}broken${path.sep}`)) continue;
      expect(seen.get(id), `${id} in ${file} and ${seen.get(id)}`).to.equal(undefined);
      seen.set(id, file);
    }
  });
});
