import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { id, Wallet, type HDNodeWallet } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import type { City } from "../../src/deploy.js";
import { clearMarket, nextInterval, signReading, type Clearing } from "../../src/energy/index.js";
import { AssuranceLevel } from "../../src/identity.js";
import { deployIdentityCity, registeredId, type IdentityCity } from "../identity/helpers.js";

export const FEEDER = 1;
export const FEEDER_2 = 2;
export const CAPACITY = 100_000n; // Wh per interval
export const FEE = 2n; // per Wh
export const PENALTY = 5n; // per Wh
export const TOKENS = 10n ** 24n;

/** A meter: its device identity id and its signing key. */
export interface TestMeter {
  id: bigint;
  key: HDNodeWallet;
}

/** An energy city: alice, dave, erin sell from green meters on feeder 1; bob and carol buy on feeder 1. */
export interface EnergyCity extends IdentityCity {
  meters: Record<"alice" | "bob" | "carol" | "dave" | "erin", TestMeter>;
  operatorId: bigint;
  interval: bigint;
}

let deviceCounter = 0;

/** Registers a device identity owned by `ownerId` and admits it to `feeder`. */
export async function addMeter(city: City, ownerId: bigint, feeder: number, green = true): Promise<TestMeter> {
  const key = Wallet.createRandom();
  const label = `meter-${++deviceCounter}-${key.address}`;
  const now = BigInt((await city.identity.runner!.provider!.getBlock("latest"))!.timestamp);
  const meterId = await registeredId(
    city,
    city.identity
      .connect(city.accounts.registrar)
      .registerDevice(
        ownerId,
        AssuranceLevel.PASSWORD,
        id(label),
        id(`record ${label}`),
        now + 3650n * 86_400n,
        key.address,
      ),
  );
  await (await city.energyMeters.connect(city.accounts.gridOperator).admitMeter(meterId, feeder, green)).wait();
  return { id: meterId, key };
}

export async function deployEnergyCity(connection: NetworkConnection): Promise<EnergyCity> {
  const city = await deployIdentityCity(connection);
  const { identity, energyMarket, token, accounts, ids } = city;
  const { gridOperator, registrar, treasurer } = accounts;
  const operatorId = await registeredId(
    city,
    identity
      .connect(registrar)
      .register(3, 3, id("grid operator"), id("record grid operator"), city.validUntil, gridOperator.address),
  );
  const grid = energyMarket.connect(gridOperator);
  await grid.setOperatorAccount(operatorId);
  await grid.setFeederCapacity(FEEDER, CAPACITY);
  await grid.setFeederCapacity(FEEDER_2, CAPACITY);
  await grid.setConfig({
    intervalLength: 900,
    gateClosure: 300,
    challengeWindow: 300,
    settlementDelay: 900,
    feePerWh: FEE,
    penaltyPerWh: PENALTY,
  });
  const meters = {} as EnergyCity["meters"];
  for (const name of ["alice", "bob", "carol", "dave", "erin"] as const) {
    meters[name] = await addMeter(city, ids[name], FEEDER);
    await token.connect(treasurer).mint(accounts[name].address, TOKENS);
    await token.connect(accounts[name]).approve(await energyMarket.getAddress(), TOKENS);
  }
  const now = BigInt(await connection.networkHelpers.time.latest());
  return { ...city, meters, operatorId, interval: nextInterval(now, 3600n) };
}

/** Reads a market's book and clears it with the SDK engine. */
export async function engineClearing(city: City, interval: bigint, feeder: number): Promise<Clearing> {
  const m = await city.energyMarket.market(interval, feeder);
  const bids = [];
  for (let i = 0n; i < m.bidCount; i++) bids.push(await city.energyMarket.bid(interval, feeder, i));
  const asks = [];
  for (let i = 0n; i < m.askCount; i++) asks.push(await city.energyMarket.ask(interval, feeder, i));
  const capacity = await city.energyMarket.feederCapacity(feeder);
  return clearMarket(bids, asks, capacity);
}

/** Submits a meter's signed reading (relayed by `relayer`). */
export async function submitReading(
  city: City,
  meter: TestMeter,
  interval: bigint,
  exportedWh: bigint,
  importedWh: bigint,
  relayer: HardhatEthersSigner,
) {
  const { reading, signature } = await signReading(meter.key, city.energyMeters, {
    meterId: meter.id,
    interval,
    exportedWh,
    importedWh,
    deadline: interval + 86_400n,
  });
  return city.energyMeters
    .connect(relayer)
    .submitReading(
      reading.meterId,
      reading.interval,
      reading.exportedWh,
      reading.importedWh,
      reading.nonce,
      reading.deadline,
      signature,
    );
}
