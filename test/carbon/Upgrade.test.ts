import { expect } from "chai";

import { allowanceId, carbonDocument, certificateId } from "../../src/carbon.js";
import { erc7201Slot } from "../../src/erc7201.js";
import type { CarbonCreditsV2, EmissionsRegisterV2 } from "../../typechain-types/index.js";
import { snapshotViews, upgradeService } from "../shared/upgrades.js";
import { BATCH, deployCarbonCity } from "./fixtures.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

/**
 * Live records before the upgrade: a reported and partly surrendered emissions record, a retirement certificate,
 * credits spread over two identities, an operator approval, allowances allocated and partly surrendered.
 */
async function liveFixture() {
  const city = await deployCarbonCity(connection);
  const { carbonCredits, emissionsRegister, accounts, ids } = city;
  await (
    await emissionsRegister
      .connect(accounts.carbonVerifier)
      .recordEmissions(ids.factory, 1n, 9_000n, carbonDocument("MRV"))
  ).wait();
  await (
    await carbonCredits
      .connect(accounts.erin)
      .safeTransferFrom(accounts.erin.address, accounts.dave.address, BATCH, 1_000n, "0x")
  ).wait();
  await (await carbonCredits.connect(accounts.erin).retire(ids.solar, BATCH, 300n, ids.bob, "bob's flights")).wait();
  await (await carbonCredits.connect(accounts.erin).setApprovalForAll(accounts.bob.address, true)).wait();
  await (await emissionsRegister.connect(accounts.dave).surrender(1n, allowanceId(1n), 4_000n)).wait();
  await (await emissionsRegister.connect(accounts.dave).surrender(1n, BATCH, 500n)).wait();
  return city;
}

describe("Carbon: upgrades", function () {
  it("storage namespaces are the ERC-7201 slots of their ids", async function () {
    const sources = {
      CarbonUnits: "contracts/carbon/CarbonUnits.sol",
      CarbonCredits: "contracts/carbon/CarbonCredits.sol",
      EmissionsRegister: "contracts/carbon/EmissionsRegister.sol",
    };
    const { readFileSync } = await import("node:fs");
    for (const [name, file] of Object.entries(sources)) {
      const source = readFileSync(file, "utf8");
      expect(source).to.include(`erc7201:citychain.storage.${name}`);
      expect(source).to.include(erc7201Slot(`citychain.storage.${name}`));
    }
  });

  it("every record, balance, certificate, approval and permission survives an upgrade to V2", async function () {
    const city = await networkHelpers.loadFixture(liveFixture);
    const { carbonCredits, emissionsRegister, accounts, ids } = city;
    const views = () =>
      snapshotViews({
        record: () => emissionsRegister.record(ids.factory, 1n),
        history: () => emissionsRegister.history(ids.factory, 1n, 1n, 10n),
        period: () => emissionsRegister.period(1n),
        compliance: () => emissionsRegister.compliance(ids.factory, 1n),
        batch: () => carbonCredits.batchTotals(BATCH),
        vintage: () => carbonCredits.vintageTotals(1n, 2026),
        project: () => carbonCredits.project(1n),
        certificate: () => carbonCredits.certificate(certificateId(BATCH, 0n)),
        surrendered: () => carbonCredits.certificate(certificateId(BATCH, 300n)),
        balances: () =>
          carbonCredits.balanceOfBatch(
            [accounts.erin.address, accounts.dave.address, accounts.dave.address],
            [BATCH, BATCH, allowanceId(1n)],
          ),
        allowances: () => carbonCredits.allowanceTotals(1n),
        approval: () => carbonCredits.isApprovedForAll(accounts.erin.address, accounts.bob.address),
        register: () => carbonCredits.register(),
        credits: () => emissionsRegister.credits(),
      });
    const before = await views();

    const creditsV2 = await upgradeService<CarbonCreditsV2>(connection, city, carbonCredits, "CarbonCreditsV2", {
      migration: (await ethers.getContractFactory("CarbonCreditsV2")).interface.encodeFunctionData("initializeV2", [
        7n,
      ]),
      service: "carbonCredits",
    });
    const registerV2 = await upgradeService<EmissionsRegisterV2>(
      connection,
      city,
      emissionsRegister,
      "EmissionsRegisterV2",
      {
        migration: (await ethers.getContractFactory("EmissionsRegisterV2")).interface.encodeFunctionData(
          "initializeV2",
          [8n],
        ),
        service: "emissions",
      },
    );
    expect(await creditsV2.version()).to.equal("2");
    expect(await creditsV2.v2Field()).to.equal(7n);
    expect(await registerV2.v2Field()).to.equal(8n);
    expect(await views()).to.deep.equal(before);

    // Everything still works, and the restricted functions are still gated.
    await (
      await carbonCredits.connect(accounts.erin).retire(ids.solar, BATCH, 10n, ids.solar, "after the upgrade")
    ).wait();
    expect((await carbonCredits.certificate(certificateId(BATCH, 800n))).firstSerial).to.equal(801n);
    await (await emissionsRegister.connect(accounts.dave).surrender(1n, allowanceId(1n), 1_000n)).wait();
    await expect(carbonCredits.connect(accounts.mallory).allocate(1n, ids.factory, 1n))
      .to.be.revertedWithCustomError(carbonCredits, "AccessManagedUnauthorized")
      .withArgs(accounts.mallory.address);
    await networkHelpers.time.increaseTo(city.deadline + 1n);
    await (await emissionsRegister.settle(ids.factory, 1n)).wait();
    expect((await emissionsRegister.compliance(ids.factory, 1n)).shortfall).to.equal(3_500n);
  });

  it("refuses an upgrade by a non-UPGRADER, a second initialize, and any use of the implementation", async function () {
    const { carbonCredits, emissionsRegister, identity, manager, accounts } =
      await networkHelpers.loadFixture(liveFixture);
    const v2 = await ethers.deployContract("CarbonCreditsV2");
    await expect(carbonCredits.connect(accounts.regulator).upgradeToAndCall(await v2.getAddress(), "0x"))
      .to.be.revertedWithCustomError(carbonCredits, "AccessManagedUnauthorized")
      .withArgs(accounts.regulator.address);
    await expect(
      carbonCredits.initialize(await manager.getAddress(), await identity.getAddress(), "x"),
    ).to.be.revertedWithCustomError(carbonCredits, "InvalidInitialization");
    await expect(
      emissionsRegister.initialize(
        await manager.getAddress(),
        await identity.getAddress(),
        await carbonCredits.getAddress(),
      ),
    ).to.be.revertedWithCustomError(emissionsRegister, "InvalidInitialization");
    const implementation = await ethers.getContractAt("CarbonCredits", await carbonCredits.implementation());
    await expect(
      implementation.initialize(await manager.getAddress(), await identity.getAddress(), "x"),
    ).to.be.revertedWithCustomError(implementation, "InvalidInitialization");
    const registerImplementation = await ethers.getContractAt(
      "EmissionsRegister",
      await emissionsRegister.implementation(),
    );
    await expect(
      registerImplementation.initialize(
        await manager.getAddress(),
        await identity.getAddress(),
        await carbonCredits.getAddress(),
      ),
    ).to.be.revertedWithCustomError(registerImplementation, "InvalidInitialization");
  });
});
