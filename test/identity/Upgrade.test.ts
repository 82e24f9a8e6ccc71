import { expect } from "chai";
import { encodeBytes32String, Wallet, type HDNodeWallet } from "ethers";

import { RecoveryStatus, signWalletBinding } from "../../src/identity.js";
import { serviceId } from "../../src/services.js";
import type { IdentityClaimsV2, IdentityRegistryV2 } from "../../typechain-types/index.js";
import { snapshotViews, upgradeService } from "../shared/upgrades.js";
import { deployIdentityCity, reason, recordOf, registerResident, type IdentityCity } from "./helpers.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;
const DELAY = 3n * 86_400n;
const SURVEYOR = encodeBytes32String("land-surveyor");

interface LiveCity extends IdentityCity {
  phone: HDNodeWallet;
  rescue: string;
}

/**
 * Live records of every kind: alice mid-recovery (approved, in its veto window) with a bound phone; carol's first
 * guardians pending; dave's guardians in effect and a dormant recovery of dave; erin trusted for a topic with a
 * claim about bob; bob suspended.
 */
async function liveFixture(): Promise<LiveCity> {
  const city = await deployIdentityCity(connection);
  const { alice, bob, carol, dave, erin, registrar, admin } = city.accounts;
  const { ids } = city;
  await (await city.identity.connect(alice).appointGuardians(ids.alice, [ids.bob, ids.carol, ids.dave], 2)).wait();
  await (await city.identity.connect(dave).appointGuardians(ids.dave, [ids.alice, ids.erin], 2)).wait();
  await networkHelpers.time.increase(DELAY);
  const phone = Wallet.createRandom();
  const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
  const signed = await signWalletBinding(phone, city.identity, ids.alice, { deadline });
  await (
    await city.identity.connect(alice).bindWallet(ids.alice, phone.address, 0n, deadline, signed.signature)
  ).wait();
  const rescue = Wallet.createRandom().address;
  await (await city.identity.connect(bob).initiateRecovery(ids.alice, rescue)).wait(); // recovery 1
  await (await city.identity.connect(carol).approveRecovery(1n)).wait();
  await (await city.identity.connect(erin).initiateRecovery(ids.dave, Wallet.createRandom().address)).wait(); // 2
  await (await city.identity.connect(carol).appointGuardians(ids.carol, [ids.dave, ids.erin], 2)).wait();
  await (await city.claims.connect(admin).setTrustedIssuer(SURVEYOR, ids.erin, true)).wait();
  await (await city.claims.connect(erin).issueClaim(ids.bob, SURVEYOR, recordOf("lic"), city.validUntil)).wait();
  await (await city.identity.connect(registrar).suspend(ids.bob, reason("audit"))).wait();
  return { ...city, phone, rescue };
}

/** Every view a resident, a service or an auditor reads, over the live records. */
async function views(city: LiveCity): Promise<Record<string, string>> {
  const { identity, claims, ids } = city;
  const reads: Record<string, () => Promise<unknown>> = {
    count: () => identity.identityCount(),
    delay: () => identity.recoveryDelay(),
    domain: () => identity.eip712Domain(),
    authority: () => identity.authority(),
    phoneNonce: () => identity.nonces(city.phone.address),
    recoveries: () => Promise.all([1n, 2n].map((r) => identity.recovery(r))),
    deadlines: () => Promise.all([1n, 2n].map((r) => identity.recoveryDeadlines(r))),
    approved: () => identity.hasApprovedRecovery(1n, ids.carol),
    claim: () => claims.claim(1n),
    claimCount: () => claims.claimCount(),
    claimOf: () => claims.claimOf(ids.bob, SURVEYOR),
    claimOfIssuer: () => claims.claimOfIssuer(ids.bob, SURVEYOR, ids.erin),
    issuers: () => claims.trustedIssuers(SURVEYOR),
    claimsRegistry: () => claims.registry(),
  };
  for (const [name, id] of Object.entries(ids)) {
    reads[`record.${name}`] = () => identity.identity(id);
    reads[`wallets.${name}`] = () => identity.boundWallets(id);
    reads[`guardians.${name}`] = () => identity.guardiansOf(id);
    reads[`pending.${name}`] = () => identity.pendingGuardiansOf(id);
    reads[`state.${name}`] = () => identity.guardianState(id);
    reads[`of.${name}`] = async () => identity.identityOf(await identity.walletOf(id));
  }
  return snapshotViews(reads);
}

async function upgradeBoth(city: LiveCity): Promise<{ identity: IdentityRegistryV2; claims: IdentityClaimsV2 }> {
  const v2Registry = await ethers.getContractFactory("IdentityRegistryV2");
  const v2Claims = await ethers.getContractFactory("IdentityClaimsV2");
  const identity = await upgradeService<IdentityRegistryV2>(connection, city, city.identity, "IdentityRegistryV2", {
    migration: v2Registry.interface.encodeFunctionData("initializeV2", [7n]),
    service: "identity",
  });
  const claims = await upgradeService<IdentityClaimsV2>(connection, city, city.claims, "IdentityClaimsV2", {
    migration: v2Claims.interface.encodeFunctionData("initializeV2", [9n]),
    service: "claims",
  });
  return { identity, claims };
}

describe("Identity: upgrades (UUPS behind ERC-1967 proxies)", function () {
  it("keeps every record, pending recovery, guardian change, binding and claim through an upgrade to v2", async function () {
    const city = await networkHelpers.loadFixture(liveFixture);
    const before = await views(city);
    const identityAddress = await city.identity.getAddress();
    const oldImplementation = await city.identity.implementation();
    const { identity, claims } = await upgradeBoth(city);

    expect(await identity.getAddress()).to.equal(identityAddress);
    expect(await identity.implementation()).not.to.equal(oldImplementation);
    expect(await identity.version()).to.equal("2");
    expect(await claims.version()).to.equal("2");
    expect(await identity.v2Field()).to.equal(7n);
    expect(await claims.v2Field()).to.equal(9n);
    expect(await views(city)).to.deep.equal(before);
    const id = serviceId("identity");
    const recorded = await city.directory.implementationAt(id, await city.directory.implementationVersion(id));
    expect(recorded.implementation).to.equal(await identity.implementation());
    expect(await city.directory.resolve(id)).to.equal(identityAddress);
  });

  it("keeps working after the upgrade: recovery, guardians, bindings, registration, claims, permissions", async function () {
    const city = await networkHelpers.loadFixture(liveFixture);
    const { identity, claims } = await upgradeBoth(city);
    const { ids } = city;
    const { erin, registrar, mallory, dave } = city.accounts;

    // The recovery opened before the upgrade executes in its window; the phone's binding is released.
    await networkHelpers.time.increase(DELAY + 1n);
    await expect(identity.executeRecovery(1n))
      .to.emit(identity, "IdentityRecovered")
      .withArgs(ids.alice, 1n, city.rescue, city.accounts.alice.address);
    expect(await identity.walletOf(ids.alice)).to.equal(city.rescue);
    expect(await identity.identityOf(city.phone.address)).to.equal(0n);
    expect((await identity.recovery(1n)).status).to.equal(RecoveryStatus.Executed);
    // Carol's guardian set, pending at the upgrade, took effect on time.
    expect((await identity.guardiansOf(ids.carol)).epoch).to.equal(1);
    // The dormant recovery of dave still needs its approval, and still expires.
    await expect(identity.connect(city.accounts.alice).approveRecovery(2n)).to.be.revertedWithCustomError(
      identity,
      "IdentityCallerUnknown",
    );
    await expect(identity.connect(dave).vetoRecovery(2n)).to.emit(identity, "IdentityRecoveryVetoed");

    // Registration continues the id sequence; the EIP-712 domain is unchanged, so bindings signed now work.
    const count = await identity.identityCount();
    const newcomer = Wallet.createRandom();
    expect(await registerResident(city, newcomer.address, "N-100")).to.equal(count + 1n);
    const spare = Wallet.createRandom();
    const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
    const signed = await signWalletBinding(spare, identity, ids.erin, { deadline });
    await expect(identity.connect(erin).bindWallet(ids.erin, spare.address, 0n, deadline, signed.signature)).to.emit(
      identity,
      "IdentityWalletBound",
    );

    // Claims: the old one still counts once bob is reinstated; new ones issue; restricted functions stay gated.
    await identity.connect(registrar).reinstate(ids.bob);
    expect(await claims.hasValidClaim(ids.bob, SURVEYOR)).to.equal(true);
    await expect(claims.connect(erin).issueClaim(ids.carol, SURVEYOR, recordOf("lic-2"), city.validUntil))
      .to.emit(claims, "IdentityClaimIssued")
      .withArgs(2n, ids.carol, SURVEYOR, ids.erin, recordOf("lic-2"), city.validUntil);
    await expect(identity.connect(mallory).suspend(ids.carol, reason("x")))
      .to.be.revertedWithCustomError(identity, "AccessManagedUnauthorized")
      .withArgs(mallory.address);
    await expect(claims.connect(mallory).setTrustedIssuer(SURVEYOR, ids.dave, true))
      .to.be.revertedWithCustomError(claims, "AccessManagedUnauthorized")
      .withArgs(mallory.address);
  });

  it("refuses an upgrade by anyone but UPGRADER, a second initialize, and any use of the implementation", async function () {
    const city = await networkHelpers.loadFixture(liveFixture);
    const { mallory, registrar } = city.accounts;
    const v2 = await ethers.deployContract("IdentityRegistryV2");
    for (const caller of [mallory, registrar]) {
      await expect(city.identity.connect(caller).upgradeToAndCall(await v2.getAddress(), "0x"))
        .to.be.revertedWithCustomError(city.identity, "AccessManagedUnauthorized")
        .withArgs(caller.address);
      await expect(city.claims.connect(caller).upgradeToAndCall(await v2.getAddress(), "0x"))
        .to.be.revertedWithCustomError(city.claims, "AccessManagedUnauthorized")
        .withArgs(caller.address);
    }
    const manager = await city.manager.getAddress();
    await expect(city.identity.initialize(manager, DELAY)).to.be.revertedWithCustomError(
      city.identity,
      "InvalidInitialization",
    );
    await expect(city.claims.initialize(manager, await city.identity.getAddress())).to.be.revertedWithCustomError(
      city.claims,
      "InvalidInitialization",
    );

    const registryCode = await ethers.getContractAt("IdentityRegistry", await city.identity.implementation());
    const claimsCode = await ethers.getContractAt("IdentityClaims", await city.claims.implementation());
    await expect(registryCode.initialize(manager, DELAY)).to.be.revertedWithCustomError(
      registryCode,
      "InvalidInitialization",
    );
    await expect(claimsCode.initialize(manager, await city.identity.getAddress())).to.be.revertedWithCustomError(
      claimsCode,
      "InvalidInitialization",
    );
    // Uninitialised, the implementation has no authority: every restricted function refuses everyone.
    await expect(
      registryCode
        .connect(registrar)
        .register(1, 1, encodeBytes32String("s"), encodeBytes32String("r"), 2n ** 39n, mallory.address),
    ).to.be.revertedWithCustomError(registryCode, "AccessManagedUnauthorized");
    expect(await registryCode.authority()).to.equal(ethers.ZeroAddress);
  });
});
