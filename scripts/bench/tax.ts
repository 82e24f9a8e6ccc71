import { encodeBytes32String, id, parseEther } from "ethers";

import { AssuranceLevel, IdentityKind } from "../../src/identity.js";
import { parcelSpec } from "../../src/land.js";
import { gasOf, type BenchSuite, type Budget } from "./types.js";

const DAY = 86_400n;
const PARCELS = 1_000;

/**
 * Property tax (issue 14). `tax.pay` is an owner's yearly payment in steady state: the parcel is enrolled (its
 * zone assigned by the cadastre) and was paid the year before, the tax contract already holds tax, the payer's
 * allowance is finite (rewritten). `tax.pay_first_year` is a parcel's first payment ever (its slot and bitmap
 * word are created; recorded, no budget, a one-off per parcel). `tax.pay_after_1000` is `tax.pay` on another
 * parcel prepared the same way, after 1,000 more parcels paid (O(1): no loop, no list).
 * `tax.impose_lien` is a tax lien on an unpaid parcel after due date + grace (the lien register's statutory lien,
 * the chain-of-title revision included).
 */
export const taxSuite: BenchSuite = async ({ connection, city }) => {
  const { networkHelpers } = connection;
  const { identity, landRegistry, propertyTax, token, accounts } = city;
  const { admin, registrar, landRegistrar, taxOffice, treasurer, alice } = accounts;
  const ops: Record<string, bigint> = {};
  const now = BigInt(await networkHelpers.time.latest());
  await (await identity.connect(admin).setServiceMinLevel(encodeBytes32String("land"), AssuranceLevel.PASSWORD)).wait();
  const ids: Record<string, bigint> = {};
  for (const [name, signer, kind] of [
    ["alice", alice, IdentityKind.Resident],
    ["treasury", treasurer, IdentityKind.Business],
  ] as const) {
    await (
      await identity
        .connect(registrar)
        .register(
          kind,
          AssuranceLevel.BIOMETRIC,
          id(`subject ${name}`),
          id(`record ${name}`),
          now + 3650n * DAY,
          signer.address,
        )
    ).wait();
    ids[name] = await identity.identityOf(signer.address);
  }
  await (await propertyTax.connect(treasurer).setTreasury(ids.treasury)).wait();
  await (await token.connect(treasurer).mint(alice.address, parseEther("100000000"))).wait();
  await (await token.connect(alice).approve(await propertyTax.getAddress(), parseEther("100000000"))).wait();

  let lot = 0;
  const register = async () => {
    const args = [parcelSpec(`TAX-${++lot}`, 1_000n), [{ identityId: ids.alice, bps: 10_000 }]] as [
      ReturnType<typeof parcelSpec>,
      { identityId: bigint; bps: number }[],
    ];
    const parcelId = await landRegistry.connect(landRegistrar).registerParcel.staticCall(...args);
    await (await landRegistry.connect(landRegistrar).registerParcel(...args)).wait();
    return parcelId;
  };
  const a = await register();
  const b = await register();
  const late = await register();
  // A parcel owes the years levied after its registration: the 1,000 others are registered before the levies.
  const others: bigint[] = [];
  for (let i = 0; i < PARCELS; ++i) others.push(await register());
  const office = propertyTax.connect(taxOffice);
  const due = now + 30n * DAY;
  await (await office.levy(2026, due, 0, [0, 1], [10n ** 15n, 3n * 10n ** 15n])).wait();
  await (await office.levy(2027, due, 0, [0, 1], [10n ** 15n, 3n * 10n ** 15n])).wait();
  for (const parcel of [a, b]) await (await propertyTax.connect(landRegistrar).assignZone(parcel, 1)).wait();
  ops["tax.pay_first_year"] = await gasOf(propertyTax.connect(alice).pay(late, 2026));
  for (const parcel of [a, b]) await (await propertyTax.connect(alice).pay(parcel, 2026)).wait();
  ops["tax.pay"] = await gasOf(propertyTax.connect(alice).pay(a, 2027));
  for (const parcel of others) await (await propertyTax.connect(alice).pay(parcel, 2027)).wait();
  ops["tax.pay_after_1000"] = await gasOf(propertyTax.connect(alice).pay(b, 2027));
  await networkHelpers.time.increaseTo(due + 1n);
  ops["tax.impose_lien"] = await gasOf(office.imposeLien(late, 2027));
  return ops;
};

/** Issue 14's property-tax budgets. */
export const taxBudgets: Budget[] = [
  { operation: "tax.pay", atMost: 1.5, of: "ref.erc20.transfer" },
  { operation: "tax.pay_after_1000", withinPercent: 2, of: "tax.pay" },
];
