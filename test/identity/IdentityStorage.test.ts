import { readFileSync } from "node:fs";

import { expect } from "chai";
import { getAddress, toBeHex } from "ethers";

import { erc7201Slot } from "../../src/erc7201.js";
import { deployIdentityCity, registerResident, type IdentityCity } from "./helpers.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

/** The ERC-7201 namespaces of the identity contracts, and the file that declares each. */
const NAMESPACES: Record<string, string> = {
  "citychain.storage.IdentityCore": "contracts/identity/IdentityCore.sol",
  "citychain.storage.IdentityWallets": "contracts/identity/IdentityWallets.sol",
  "citychain.storage.IdentityRecovery": "contracts/identity/IdentityRecovery.sol",
  "citychain.storage.IdentityClaims": "contracts/identity/IdentityClaims.sol",
  "citychain.storage.V2Extension": "contracts/mocks/upgrades/V2Extension.sol", // IdentityRegistryV2, IdentityClaimsV2
};
const ACCESS_MANAGED = "openzeppelin.storage.AccessManaged";
const OZ_ACCESS_MANAGED =
  "node_modules/@openzeppelin/contracts-upgradeable/access/manager/AccessManagedUpgradeable.sol";

async function cityFixture(): Promise<IdentityCity> {
  return deployIdentityCity(connection);
}

describe("Identity: storage layout", function () {
  it("declares each namespace once, at the ERC-7201 slot of its id", function () {
    for (const [namespace, file] of Object.entries(NAMESPACES)) {
      const source = readFileSync(file, "utf8");
      expect(source.split(`erc7201:${namespace}\n`).length - 1, namespace).to.equal(1);
      const constant = /bytes32 private constant _\w+_STORAGE =\s*(0x[0-9a-f]{64});/.exec(source)?.[1];
      expect(constant, namespace).to.equal(erc7201Slot(namespace));
    }
    // The AccessManaged slot (authority + the identity counter's bits) is declared once, in CityService.
    expect(readFileSync("contracts/common/CityService.sol", "utf8")).to.include(erc7201Slot(ACCESS_MANAGED));
  });

  it("keeps the id counter in AccessManaged's spare bits, which OpenZeppelin's struct leaves free", function () {
    // If OpenZeppelin ever adds a field to this struct, the counter must move before that version is adopted.
    const body = /struct AccessManagedStorage \{([^}]*)\}/.exec(readFileSync(OZ_ACCESS_MANAGED, "utf8"))?.[1];
    expect(body?.replace(/\s+/g, " ").trim()).to.equal("address _authority; bool _consumingSchedule;");
  });

  it("packs the counter next to the authority, and a change of authority keeps it", async function () {
    const city = await networkHelpers.loadFixture(cityFixture);
    const registry = await city.identity.getAddress();
    const slot = erc7201Slot(ACCESS_MANAGED);
    const word = BigInt(await ethers.provider.getStorage(registry, slot));
    expect(getAddress(toBeHex(word & ((1n << 160n) - 1n), 20))).to.equal(await city.manager.getAddress());
    expect((word >> 160n) & 0xffn).to.equal(0n); // _consumingSchedule
    expect((word >> 168n) & ((1n << 64n) - 1n)).to.equal((await city.identity.identityCount()) + 1n);

    // The admin moves the registry to a new authority (OpenZeppelin's masked write of `_authority`).
    const successor = await ethers.deployContract("CityAccessManager", [city.accounts.admin.address]);
    const count = await city.identity.identityCount();
    await city.manager.connect(city.accounts.admin).updateAuthority(registry, await successor.getAddress());
    expect(await city.identity.authority()).to.equal(await successor.getAddress());
    expect(await city.identity.identityCount()).to.equal(count);
    // Back to the city's authority: registration continues the sequence.
    await successor.connect(city.accounts.admin).updateAuthority(registry, await city.manager.getAddress());
    expect(await registerResident(city, ethers.Wallet.createRandom().address, "Z-1")).to.equal(count + 1n);
    expect(await city.identity.identityCount()).to.equal(count + 1n);
  });
});
