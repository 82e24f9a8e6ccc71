import { expect } from "chai";
import { ZeroHash } from "ethers";

import { erc7201Slot } from "../../src/erc7201.js";
import { rpIdHash, SoftwareAuthenticator } from "../../src/passkeys.js";
import type { PasskeyRegistryV2 } from "../../typechain-types/index.js";
import { snapshotViews, upgradeService } from "../shared/upgrades.js";
import { deployPasskeyCity, openConsent, passkeyApproval, type PasskeyCity } from "./passkeyHelpers.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

/** Live records: three passkeys, one of alice's removed, a half-approved consent awaiting a passkey approval. */
async function liveFixture(): Promise<PasskeyCity & { consentId: bigint; spareId: bigint }> {
  const city = await deployPasskeyCity(connection);
  const spare = new SoftwareAuthenticator().publicKey;
  await (
    await city.passkeys.connect(city.accounts.alice).registerPasskey(city.ids.alice, spare.qx, spare.qy, "0x01")
  ).wait();
  const spareId = await city.passkeys.passkeyCount();
  await (await city.passkeys.connect(city.accounts.alice).removePasskey(spareId)).wait();
  const consentId = await openConsent(city, [city.ids.alice, city.ids.dave]);
  await (await city.service.connect(city.accounts.dave).approve(consentId)).wait();
  return { ...city, consentId, spareId };
}

async function views(city: PasskeyCity & { spareId: bigint }): Promise<Record<string, string>> {
  const { passkeys, ids } = city;
  const reads: Record<string, () => Promise<unknown>> = {
    count: () => passkeys.passkeyCount(),
    rp: () => passkeys.relyingPartyIdHash(),
    authority: () => passkeys.authority(),
  };
  for (const passkeyId of [1n, 2n, 3n, city.spareId]) {
    reads[`passkey.${passkeyId}`] = () => passkeys.passkey(passkeyId);
    reads[`alive.${passkeyId}`] = () => passkeys.isPasskeyAlive(passkeyId);
  }
  for (const [name, id] of Object.entries(ids)) {
    reads[`list.${name}`] = () => passkeys.passkeysOf(id);
    reads[`revision.${name}`] = () => passkeys.passkeyRevision(id);
  }
  return snapshotViews(reads);
}

describe("Passkeys: upgrades (UUPS behind an ERC-1967 proxy)", function () {
  it("keeps every passkey, list, revision and the relying party through an upgrade to v2, and keeps working", async function () {
    const city = await networkHelpers.loadFixture(liveFixture);
    const before = await views(city);
    const v2 = await ethers.getContractFactory("PasskeyRegistryV2");
    const passkeys = await upgradeService<PasskeyRegistryV2>(connection, city, city.passkeys, "PasskeyRegistryV2", {
      migration: v2.interface.encodeFunctionData("initializeV2", [7n]),
      service: "passkeys",
      constructorArgs: [await city.identity.getAddress(), await city.passkeys.relyingPartyIdHash()],
    });
    expect(await passkeys.version()).to.equal("2");
    expect(await passkeys.v2Field()).to.equal(7n);
    expect(await views(city)).to.deep.equal(before);

    // A passkey registered before the upgrade approves the pending consent; registration continues the sequence.
    const { nonce, deadline, assertion } = await passkeyApproval(
      city,
      city.consentId,
      city.ids.alice,
      city.keys.alice,
      city.passkeyIds.alice,
    );
    await expect(city.service.approveByPasskey(city.consentId, city.ids.alice, nonce, deadline, assertion)).to.emit(
      city.service,
      "HarnessConsentCompleted",
    );
    const fresh = new SoftwareAuthenticator().publicKey;
    await expect(passkeys.connect(city.accounts.bob).registerPasskey(city.ids.bob, fresh.qx, fresh.qy, "0x02"))
      .to.emit(passkeys, "PasskeyRegistered")
      .withArgs(city.spareId + 1n, city.ids.bob, "0x02", fresh.qx, fresh.qy, false);
    await expect(passkeys.connect(city.accounts.mallory).enrolPasskey(city.ids.bob, fresh.qx, fresh.qy, "0x03"))
      .to.be.revertedWithCustomError(passkeys, "AccessManagedUnauthorized")
      .withArgs(city.accounts.mallory.address);
  });

  it("moves the relying party only by an upgrade to an implementation built with another one, never to zero", async function () {
    const city = await networkHelpers.loadFixture(liveFixture);
    const identity = await city.identity.getAddress();
    await expect(ethers.deployContract("PasskeyRegistry", [identity, ZeroHash])).to.be.revertedWithCustomError(
      city.passkeys,
      "PasskeyRelyingPartyEmpty",
    );
    const before = await passkeyApproval(city, city.consentId, city.ids.alice, city.keys.alice, city.passkeyIds.alice);
    await upgradeService(connection, city, city.passkeys, "PasskeyRegistry", {
      service: "passkeys",
      constructorArgs: [identity, rpIdHash("city.example")],
    });
    expect(await city.passkeys.relyingPartyIdHash()).to.equal(rpIdHash("city.example"));
    expect(await city.passkeys.identityRegistry()).to.equal(identity);
    // An assertion for the old relying party is refused; the same key asserting for the new one is accepted.
    await expect(
      city.service.approveByPasskey(city.consentId, city.ids.alice, before.nonce, before.deadline, before.assertion),
    )
      .to.be.revertedWithCustomError(city.passkeys, "PasskeyRelyingPartyMismatch")
      .withArgs(rpIdHash("localhost"), rpIdHash("city.example"));
    const after = await passkeyApproval(city, city.consentId, city.ids.alice, city.keys.alice, city.passkeyIds.alice, {
      rpId: "city.example",
    });
    await expect(
      city.service.approveByPasskey(city.consentId, city.ids.alice, after.nonce, after.deadline, after.assertion),
    ).to.emit(city.service, "HarnessConsentCompleted");
  });

  it("refuses an upgrade by anyone but UPGRADER, a second initialize, and any use of the implementation", async function () {
    const city = await networkHelpers.loadFixture(liveFixture);
    const { mallory, registrar } = city.accounts;
    const v2 = await ethers.deployContract("PasskeyRegistryV2", [
      await city.identity.getAddress(),
      await city.passkeys.relyingPartyIdHash(),
    ]);
    for (const caller of [mallory, registrar]) {
      await expect(city.passkeys.connect(caller).upgradeToAndCall(await v2.getAddress(), "0x"))
        .to.be.revertedWithCustomError(city.passkeys, "AccessManagedUnauthorized")
        .withArgs(caller.address);
    }
    const manager = await city.manager.getAddress();
    await expect(city.passkeys.initialize(manager)).to.be.revertedWithCustomError(
      city.passkeys,
      "InvalidInitialization",
    );
    const code = await ethers.getContractAt("PasskeyRegistry", await city.passkeys.implementation());
    await expect(code.initialize(manager)).to.be.revertedWithCustomError(code, "InvalidInitialization");
    expect(await code.authority()).to.equal(ethers.ZeroAddress);
  });

  it("accepts and removes a passkey registered before key records existed (its record built from the full one)", async function () {
    const city = await networkHelpers.loadFixture(liveFixture);
    // Member 6 (keyRecords) is empty for a passkey registered by an implementation without it: clear alice's.
    const base = BigInt(erc7201Slot("citychain.storage.PasskeyRegistry"));
    const coder = ethers.AbiCoder.defaultAbiCoder();
    const recordSlot = (passkeyId: bigint) =>
      ethers.keccak256(coder.encode(["uint256", "uint256"], [passkeyId, base + 6n]));
    const address = await city.passkeys.getAddress();
    const aliceId = city.passkeyIds.alice;
    expect(await ethers.provider.getStorage(address, recordSlot(aliceId))).to.not.equal(ZeroHash);
    await networkHelpers.setStorageAt(address, recordSlot(aliceId), ZeroHash);
    await networkHelpers.setStorageAt(address, recordSlot(city.spareId), ZeroHash);

    const { nonce, deadline, assertion } = await passkeyApproval(
      city,
      city.consentId,
      city.ids.alice,
      city.keys.alice,
      aliceId,
    );
    const wrongKey = { ...assertion, qx: city.keys.bob.publicKey.qx };
    await expect(city.passkeys.verifyAssertion(city.ids.alice, ZeroHash, false, wrongKey))
      .to.be.revertedWithCustomError(city.passkeys, "PasskeyKeyMismatch")
      .withArgs(aliceId, wrongKey.qx, wrongKey.qy);
    // The removed spare (no record either) stays removed.
    const spareKey = await city.passkeys.passkey(city.spareId);
    const spare = { ...assertion, passkeyId: city.spareId, qx: spareKey.qx, qy: spareKey.qy };
    await expect(city.passkeys.verifyAssertion(city.ids.alice, ZeroHash, false, spare)).to.be.revertedWithCustomError(
      city.passkeys,
      "PasskeyRemoved",
    );
    await expect(city.service.approveByPasskey(city.consentId, city.ids.alice, nonce, deadline, assertion)).to.emit(
      city.service,
      "HarnessConsentCompleted",
    );
    // Its removal writes the record, removed: the passkey is refused from then on.
    await (await city.passkeys.connect(city.accounts.alice).removePasskey(aliceId)).wait();
    expect(await ethers.provider.getStorage(address, recordSlot(aliceId))).to.not.equal(ZeroHash);
    await expect(
      city.passkeys.verifyAssertion(city.ids.alice, ZeroHash, false, assertion),
    ).to.be.revertedWithCustomError(city.passkeys, "PasskeyRemoved");
  });

  it("stores its state at the ERC-7201 slot of citychain.storage.PasskeyRegistry", async function () {
    const city = await networkHelpers.loadFixture(liveFixture);
    // Members 0 and 1 (identity, rpIdHash) are kept for the layout and unused (immutables of the code since #20).
    const slot = BigInt(erc7201Slot("citychain.storage.PasskeyRegistry"));
    const address = await city.passkeys.getAddress();
    expect(await ethers.provider.getStorage(address, slot)).to.equal(ZeroHash);
    expect(BigInt(await ethers.provider.getStorage(address, slot + 2n))).to.equal(await city.passkeys.passkeyCount());
  });
});
