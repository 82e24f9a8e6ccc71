import { expect } from "chai";

import { selectorOf } from "../../deploy/wiring.js";
import { documentCommitment, DocumentScheme, type DocumentRef } from "../../src/documents.js";
import { UPGRADE_PERMISSIONS } from "../../src/permissions.js";
import { Roles } from "../../src/roles.js";
import { serviceId, serviceMetadata } from "../../src/services.js";
import type { CityToken } from "../../typechain-types/index.js";
import { deployBehindProxy } from "../../src/proxy.js";
import { cityOn, connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

const PARKING = ethers.encodeBytes32String("parking");
const metadata = (text: string): DocumentRef => ({
  contentHash: ethers.id(text),
  scheme: DocumentScheme.PLAINTEXT,
  uri: `citychain:abi/${text}.json`,
});

async function directoryFixture() {
  const city = await cityOn(connection);
  const authority = await city.manager.getAddress();
  // Two candidate modules governed by the city (their upgrades wired to UPGRADER), one the city's authority
  // does not govern, one governed by a foreign authority, and a contract with no authority at all.
  const proxied = (name: string, symbol: string, manager = authority) =>
    deployBehindProxy<CityToken>(connection, "CityToken", [name, symbol, manager]);
  const [moduleV1, moduleV2, ungoverned] = [
    await proxied("Parking v1", "PK1"),
    await proxied("Parking v2", "PK2"),
    await proxied("Rogue", "RG"),
  ];
  for (const module of [moduleV1, moduleV2]) {
    await city.manager
      .connect(city.accounts.admin)
      .setTargetFunctionRole(
        await module.getAddress(),
        Object.keys(UPGRADE_PERMISSIONS).map(selectorOf),
        Roles.UPGRADER,
      );
  }
  const foreignManager = await ethers.deployContract("CityAccessManager", [city.accounts.mallory.address]);
  const foreign = await proxied("Foreign", "FRN", await foreignManager.getAddress());
  const unmanaged = await ethers.deployContract("RefERC20");
  return { ...city, moduleV1, moduleV2, ungoverned, foreign, unmanaged };
}

describe("ServiceDirectory", function () {
  it("lists the token at deployment with the commitment of its ABI", async function () {
    const { directory, token } = await networkHelpers.loadFixture(directoryFixture);
    const record = await directory.service(serviceId("token"));
    expect(record.module).to.equal(await token.getAddress());
    expect(record.version).to.equal(1n);
    expect(record.retired).to.equal(false);
    expect(record.metadata).to.equal(documentCommitment(serviceMetadata("token")));
    expect(await directory.serviceOf(await token.getAddress())).to.equal(serviceId("token"));
  });

  it("registers a module and anchors its metadata document", async function () {
    const { directory, moduleV1, accounts } = await networkHelpers.loadFixture(directoryFixture);
    const doc = metadata("parking-v1");
    const module = await moduleV1.getAddress();
    await expect(directory.connect(accounts.admin).register(PARKING, module, doc))
      .to.emit(directory, "ServiceRegistered")
      .withArgs(PARKING, module, 1, documentCommitment(doc))
      .and.to.emit(directory, "DocumentAnchored")
      .withArgs(PARKING, documentCommitment(doc), doc.contentHash, doc.scheme, doc.uri);
    expect(await directory.resolve(PARKING)).to.equal(module);
    expect(await directory.moduleAt(PARKING, 1)).to.equal(module);
  });

  it("replaces a module: new version, old address in the event and in history", async function () {
    const { directory, moduleV1, moduleV2, accounts } = await networkHelpers.loadFixture(directoryFixture);
    const [v1, v2] = [await moduleV1.getAddress(), await moduleV2.getAddress()];
    await directory.connect(accounts.admin).register(PARKING, v1, metadata("parking-v1"));
    await expect(directory.connect(accounts.admin).replace(PARKING, v2, metadata("parking-v2")))
      .to.emit(directory, "ServiceReplaced")
      .withArgs(PARKING, v1, v2, 2, documentCommitment(metadata("parking-v2")));
    expect(await directory.resolve(PARKING)).to.equal(v2);
    expect(await directory.moduleAt(PARKING, 1)).to.equal(v1);
    expect(await directory.moduleAt(PARKING, 2)).to.equal(v2);
    expect((await directory.service(PARKING)).version).to.equal(2n);
  });

  it("retires a service: resolve refuses it, history stays", async function () {
    const { directory, moduleV1, accounts } = await networkHelpers.loadFixture(directoryFixture);
    const v1 = await moduleV1.getAddress();
    await directory.connect(accounts.admin).register(PARKING, v1, metadata("parking-v1"));
    await expect(directory.connect(accounts.admin).retire(PARKING))
      .to.emit(directory, "ServiceRetired")
      .withArgs(PARKING, v1, 1);
    await expect(directory.resolve(PARKING))
      .to.be.revertedWithCustomError(directory, "DirectoryServiceRetired")
      .withArgs(PARKING);
    expect(await directory.moduleAt(PARKING, 1)).to.equal(v1);
    await expect(directory.connect(accounts.admin).retire(PARKING))
      .to.be.revertedWithCustomError(directory, "DirectoryServiceRetired")
      .withArgs(PARKING);
    await expect(directory.connect(accounts.admin).replace(PARKING, v1, metadata("x")))
      .to.be.revertedWithCustomError(directory, "DirectoryServiceRetired")
      .withArgs(PARKING);
  });

  describe("bad input", function () {
    it("rejects an empty id, a taken id and an unknown id", async function () {
      const { directory, moduleV1, moduleV2, token, accounts } = await networkHelpers.loadFixture(directoryFixture);
      const { admin } = accounts;
      await expect(
        directory.connect(admin).register(ethers.ZeroHash, await moduleV1.getAddress(), metadata("a")),
      ).to.be.revertedWithCustomError(directory, "DirectoryServiceIdEmpty");
      await expect(directory.connect(admin).register(serviceId("token"), await moduleV2.getAddress(), metadata("a")))
        .to.be.revertedWithCustomError(directory, "DirectoryServiceAlreadyRegistered")
        .withArgs(serviceId("token"), await token.getAddress());
      await expect(directory.connect(admin).replace(PARKING, await moduleV1.getAddress(), metadata("a")))
        .to.be.revertedWithCustomError(directory, "DirectoryServiceUnknown")
        .withArgs(PARKING);
      await expect(directory.resolve(PARKING))
        .to.be.revertedWithCustomError(directory, "DirectoryServiceUnknown")
        .withArgs(PARKING);
      await expect(directory.moduleAt(PARKING, 1))
        .to.be.revertedWithCustomError(directory, "DirectoryVersionUnknown")
        .withArgs(PARKING, 1);
    });

    it("rejects modules without code, governed elsewhere, not governed at all, or already listed", async function () {
      const { directory, foreign, unmanaged, ungoverned, token, accounts } =
        await networkHelpers.loadFixture(directoryFixture);
      const { admin, alice } = accounts;
      await expect(directory.connect(admin).register(PARKING, alice.address, metadata("a")))
        .to.be.revertedWithCustomError(directory, "DirectoryModuleNotAContract")
        .withArgs(alice.address);
      await expect(directory.connect(admin).register(PARKING, await foreign.getAddress(), metadata("a")))
        .to.be.revertedWithCustomError(directory, "DirectoryForeignAuthority")
        .withArgs(await foreign.getAddress(), await foreign.authority());
      await expect(directory.connect(admin).register(PARKING, await unmanaged.getAddress(), metadata("a")))
        .to.be.revertedWithCustomError(directory, "DirectoryForeignAuthority")
        .withArgs(await unmanaged.getAddress(), ethers.ZeroAddress);
      // It names the city's authority, but the authority does not govern its upgrades: its code could change.
      await expect(directory.connect(admin).register(PARKING, await ungoverned.getAddress(), metadata("a")))
        .to.be.revertedWithCustomError(directory, "DirectoryModuleNotGoverned")
        .withArgs(await ungoverned.getAddress());
      await expect(directory.connect(admin).register(PARKING, await token.getAddress(), metadata("a")))
        .to.be.revertedWithCustomError(directory, "DirectoryModuleAlreadyListed")
        .withArgs(await token.getAddress(), serviceId("token"));
      expect((await directory.service(PARKING)).module).to.equal(ethers.ZeroAddress);
    });

    it("rejects an empty content hash, an unknown scheme and an empty URI", async function () {
      const { directory, moduleV1, accounts } = await networkHelpers.loadFixture(directoryFixture);
      const module = await moduleV1.getAddress();
      const register = (doc: DocumentRef) => directory.connect(accounts.admin).register(PARKING, module, doc);
      await expect(register({ ...metadata("a"), contentHash: ethers.ZeroHash })).to.be.revertedWithCustomError(
        directory,
        "DocumentHashEmpty",
      );
      await expect(register({ ...metadata("a"), scheme: 2 }))
        .to.be.revertedWithCustomError(directory, "DocumentSchemeUnknown")
        .withArgs(2);
      await expect(register({ ...metadata("a"), uri: "" })).to.be.revertedWithCustomError(
        directory,
        "DocumentUriEmpty",
      );
    });
  });
});
