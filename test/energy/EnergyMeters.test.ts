import { expect } from "chai";
import { id, Wallet } from "ethers";

import { signReading } from "../../src/energy/index.js";
import { reason } from "../identity/helpers.js";
import { addMeter, deployEnergyCity, FEEDER, submitReading } from "./fixtures.js";
import { connection } from "../shared/network.js";

const { networkHelpers } = connection;
const { time } = networkHelpers;

async function energyFixture() {
  return deployEnergyCity(connection);
}

describe("Energy meters", function () {
  it("records a reading signed by the meter's key, relayed by anyone, once per interval and in nonce order", async function () {
    const city = await networkHelpers.loadFixture(energyFixture);
    const { energyMeters: meters, accounts, meters: m, interval } = city;
    await expect(submitReading(city, m.alice, interval, 7_000n, 10n, accounts.mallory))
      .to.be.revertedWithCustomError(meters, "EnergyReadingTooEarly")
      .withArgs(interval, (await time.latest()) + 1);
    await time.increaseTo(interval);
    await expect(submitReading(city, m.alice, interval, 7_000n, 10n, accounts.mallory))
      .to.emit(meters, "ReadingSubmitted")
      .withArgs(m.alice.id, interval, 7_000n, 10n, 0n);
    const r = await meters.reading(m.alice.id, interval);
    expect([r.exportedWh, r.importedWh, r.recorded]).to.deep.equal([7_000n, 10n, true]);
    expect((await meters.meter(m.alice.id)).nonce).to.equal(1n);
    // a second reading for the same interval, even correctly signed with the next nonce
    await expect(submitReading(city, m.alice, interval, 1n, 1n, accounts.mallory))
      .to.be.revertedWithCustomError(meters, "EnergyReadingDuplicate")
      .withArgs(m.alice.id, interval);
  });

  it("refuses a replay, a wrong key, an expired signature, an unknown meter and a suspended owner's meter", async function () {
    const city = await networkHelpers.loadFixture(energyFixture);
    const { energyMeters: meters, identity, accounts, meters: m, ids, interval } = city;
    await time.increaseTo(interval + 900n);
    const deadline = interval + 86_400n;
    const signed = await signReading(m.bob.key, meters, {
      meterId: m.bob.id,
      interval,
      exportedWh: 5n,
      importedWh: 6n,
      deadline,
    });
    const send = (s: typeof signed, meterId = m.bob.id) =>
      meters.submitReading(
        meterId,
        s.reading.interval,
        s.reading.exportedWh,
        s.reading.importedWh,
        s.reading.nonce,
        s.reading.deadline,
        s.signature,
      );
    await send(signed);
    await expect(send(signed))
      .to.be.revertedWithCustomError(meters, "EnergyReadingNonceInvalid")
      .withArgs(m.bob.id, 1n, 0n);
    const next = interval + 900n;
    const forged = await signReading(Wallet.createRandom(), meters, {
      meterId: m.bob.id,
      interval: next,
      exportedWh: 5n,
      importedWh: 0n,
      deadline,
    });
    await expect(send(forged))
      .to.be.revertedWithCustomError(meters, "EnergyReadingSignatureInvalid")
      .withArgs(m.bob.id, m.bob.key.address);
    // the owner's own wallet is not the meter's key either
    const byOwner = await signReading(accounts.bob, meters, {
      meterId: m.bob.id,
      interval: next,
      exportedWh: 5n,
      importedWh: 0n,
      deadline,
    });
    await expect(send(byOwner)).to.be.revertedWithCustomError(meters, "EnergyReadingSignatureInvalid");
    const expired = await signReading(m.bob.key, meters, {
      meterId: m.bob.id,
      interval: next,
      exportedWh: 5n,
      importedWh: 0n,
      deadline: 1n,
    });
    await expect(send(expired)).to.be.revertedWithCustomError(meters, "EnergyReadingExpired");
    await expect(send(signed, 999n)).to.be.revertedWithCustomError(meters, "EnergyMeterUnknown").withArgs(999n);
    await identity.connect(accounts.registrar).suspend(ids.bob, reason("fraud"));
    const valid = await signReading(m.bob.key, meters, {
      meterId: m.bob.id,
      interval: next,
      exportedWh: 5n,
      importedWh: 0n,
      deadline,
    });
    await expect(send(valid)).to.be.revertedWithCustomError(meters, "EnergyMeterNotVerified").withArgs(m.bob.id);
    await identity.connect(accounts.registrar).reinstate(ids.bob);
    await expect(send(valid)).to.emit(meters, "ReadingSubmitted");
  });

  it("the grid operator admits only unadmitted, verified device identities to a non-zero feeder", async function () {
    const city = await networkHelpers.loadFixture(energyFixture);
    const { energyMeters: meters, identity, accounts, meters: m, ids } = city;
    const grid = meters.connect(accounts.gridOperator);
    await expect(grid.admitMeter(ids.alice, FEEDER, true))
      .to.be.revertedWithCustomError(meters, "EnergyMeterNotDevice")
      .withArgs(ids.alice);
    await expect(grid.admitMeter(m.alice.id, 2, true))
      .to.be.revertedWithCustomError(meters, "EnergyMeterAlreadyAdmitted")
      .withArgs(m.alice.id, FEEDER);
    await expect(grid.admitMeter(m.alice.id, 0, true))
      .to.be.revertedWithCustomError(meters, "EnergyFeederInvalid")
      .withArgs(0);
    const meter = await addMeter(city, ids.erin, 3, false);
    expect((await meters.meter(meter.id)).green).to.equal(false);
    const now = BigInt(await time.latest());
    const tx = identity
      .connect(accounts.registrar)
      .registerDevice(ids.carol, 1, id("dev-x"), id("rec-x"), now + 86_400n, Wallet.createRandom().address);
    await (await tx).wait();
    const deviceId = await identity.identityCount();
    await identity.connect(accounts.registrar).suspend(ids.carol, reason("audit"));
    await expect(grid.admitMeter(deviceId, FEEDER, true))
      .to.be.revertedWithCustomError(meters, "EnergyMeterNotVerified")
      .withArgs(deviceId);
    expect(await meters.identityRegistry()).to.equal(await identity.getAddress());
  });
});
