import { readFileSync } from "node:fs";

import { expect } from "chai";
import { TypedDataEncoder, Wallet } from "ethers";

import { openCommitment } from "../../src/commitments.js";
import { serviceDomain } from "../../src/eip712.js";
import {
  AssuranceLevel,
  IdentityChange,
  IdentityKind,
  IdentityStatus,
  MAX_ISSUERS_PER_TOPIC,
  reasonCommitment,
  recoveryDeadlines,
  RecoveryStatus,
  RecoveryWindows,
  signWalletBinding,
  WALLET_BINDING_TYPEHASH,
  WALLET_BINDING_TYPES,
} from "../../src/identity.js";
import { deployIdentityCity, type IdentityCity } from "./helpers.js";
import { connection } from "../shared/network.js";

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

  it("has the contract's recovery windows and issuer bound, and computes the same deadlines", async function () {
    const city = await networkHelpers.loadFixture(sdkFixture);
    expect(await city.identity.RECOVERY_APPROVAL_PERIODS()).to.equal(RecoveryWindows.APPROVAL_PERIODS);
    expect(await city.identity.RECOVERY_EXECUTION_PERIODS()).to.equal(RecoveryWindows.EXECUTION_PERIODS);
    expect(await city.claims.MAX_ISSUERS_PER_TOPIC()).to.equal(MAX_ISSUERS_PER_TOPIC);
    const { alice, bob, carol } = city.accounts;
    await city.identity.connect(alice).appointGuardians(city.ids.alice, [city.ids.bob, city.ids.carol], 2);
    const delay = await city.identity.recoveryDelay();
    await networkHelpers.time.increase(delay);
    await city.identity.connect(bob).initiateRecovery(city.ids.alice, Wallet.createRandom().address);
    const opened = await city.identity.recovery(1n);
    expect(recoveryDeadlines(opened, delay)).to.deep.equal({
      approveBy: opened.openedAt + 3n * delay,
      executeAfter: 0n,
      executeBy: 0n,
    });
    await city.identity.connect(carol).approveRecovery(1n);
    const approved = await city.identity.recovery(1n);
    const computed = recoveryDeadlines(approved, delay);
    expect([computed.approveBy, computed.executeBy]).to.deep.equal([...(await city.identity.recoveryDeadlines(1n))]);
    expect(computed.executeAfter).to.equal(approved.executableAt);
  });

  it("commits to reasons with a salt, so the chain never shows them in clear (I-11)", async function () {
    const city = await networkHelpers.loadFixture(sdkFixture);
    const salt = "0x" + "11".repeat(32);
    const reason = reasonCommitment("reported-stolen", salt);
    expect(reason.salt).to.equal(salt);
    expect(openCommitment(reason.commitment, "reported-stolen", salt)).to.equal(true);
    expect(openCommitment(reason.commitment, "fraud", salt)).to.equal(false);
    expect(reasonCommitment("reported-stolen").commitment).not.to.equal(reason.commitment); // fresh salt
    expect(() => reasonCommitment("  ")).to.throw("reason is empty");
    await expect(city.identity.connect(city.accounts.registrar).suspend(city.ids.bob, reason.commitment))
      .to.emit(city.identity, "IdentitySuspended")
      .withArgs(city.ids.bob, reason.commitment);
  });
});
