import { readFileSync } from "node:fs";

import { expect } from "chai";
import { TypedDataEncoder, Wallet } from "ethers";
import { network } from "hardhat";

import { serviceDomain } from "../../src/eip712.js";
import {
  AssuranceLevel,
  IdentityChange,
  IdentityKind,
  IdentityStatus,
  RecoveryStatus,
  signWalletBinding,
  WALLET_BINDING_TYPEHASH,
  WALLET_BINDING_TYPES,
} from "../../src/identity.js";
import { deployIdentityCity, type IdentityCity } from "./helpers.js";

const connection = await network.create();
const { networkHelpers } = connection;

async function sdkFixture(): Promise<IdentityCity> {
  return deployIdentityCity(connection);
}

/** The members of a Solidity enum, in order, read from the interface source. */
function solidityEnum(file: string, name: string): string[] {
  const source = readFileSync(file, "utf8");
  const body = new RegExp(`enum ${name} \\{([^}]*)\\}`).exec(source)?.[1];
  if (body === undefined) throw new Error(`enum ${name} not found in ${file}`);
  return body
    .split(",")
    .map((member) => member.trim())
    .filter((member) => member.length > 0);
}

describe("SDK: src/identity.ts mirrors the contracts", function () {
  it("has the contract's wallet-binding type hash and digest", async function () {
    const city = await networkHelpers.loadFixture(sdkFixture);
    expect(WALLET_BINDING_TYPEHASH).to.equal(await city.identity.WALLET_BINDING_TYPEHASH());
    const binding = { identityId: 3n, wallet: Wallet.createRandom().address, nonce: 7n, deadline: 1_900_000_000n };
    const domain = await serviceDomain(city.identity);
    expect(domain.name).to.equal("CityIdentityRegistry");
    expect(domain.version).to.equal("1");
    expect(domain.chainId).to.equal((await connection.ethers.provider.getNetwork()).chainId);
    expect(domain.verifyingContract).to.equal(await city.identity.getAddress());
    expect(TypedDataEncoder.hash(domain, WALLET_BINDING_TYPES, binding)).to.equal(
      await city.identity.bindingDigest(binding.identityId, binding.wallet, binding.nonce, binding.deadline),
    );
  });

  it("signs with the wallet's current nonce unless told otherwise", async function () {
    const city = await networkHelpers.loadFixture(sdkFixture);
    const wallet = Wallet.createRandom();
    const current = await signWalletBinding(wallet, city.identity, city.ids.alice, { deadline: 10n });
    expect(current.binding).to.deep.equal({
      identityId: city.ids.alice,
      wallet: wallet.address,
      nonce: 0n,
      deadline: 10n,
    });
    const given = await signWalletBinding(wallet, city.identity, city.ids.alice, { deadline: 10n, nonce: 4n });
    expect(given.binding.nonce).to.equal(4n);
    expect(given.signature).to.not.equal(current.signature);
  });

  it("has the contract's enums, levels and change kinds", async function () {
    const city = await networkHelpers.loadFixture(sdkFixture);
    const registryInterface = "contracts/identity/IIdentityRegistry.sol";
    expect(solidityEnum(registryInterface, "IdentityKind")).to.deep.equal(Object.keys(IdentityKind));
    expect(solidityEnum(registryInterface, "IdentityStatus")).to.deep.equal(Object.keys(IdentityStatus));
    expect(solidityEnum("contracts/identity/IIdentityRecovery.sol", "RecoveryStatus")).to.deep.equal(
      Object.keys(RecoveryStatus),
    );
    for (const mirror of [IdentityKind, IdentityStatus, RecoveryStatus]) {
      expect(Object.values(mirror)).to.deep.equal(Object.keys(mirror).map((_, i) => i));
    }
    expect(await city.identity.MIN_LEVEL()).to.equal(AssuranceLevel.PASSWORD);
    expect(await city.identity.MAX_LEVEL()).to.equal(AssuranceLevel.BIOMETRIC);
    const changes = Object.fromEntries(
      [
        ...readFileSync("contracts/identity/IdentityChanges.sol", "utf8").matchAll(
          /uint16 internal constant (\w+) = (\d+);/g,
        ),
      ].map(([, name, value]) => [name, Number(value)]),
    );
    expect(changes).to.deep.equal(IdentityChange);
  });
});
