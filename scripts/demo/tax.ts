import { formatEther, id, parseEther, Wallet, type Signer } from "ethers";

import { AssuranceLevel, IdentityKind } from "../../src/identity.js";
import { deedTerms, parcelSpec, signDeedTerms } from "../../src/land.js";
import { signPermit } from "../../src/permit.js";
import { TaxStatus } from "../../src/tax.js";
import type { Chapter } from "./narrator.js";

const DAY = 86_400n;
const STATUS = Object.fromEntries(Object.entries(TaxStatus).map(([k, v]) => [v, k]));

/** Property tax: the tax office levies, one owner pays, a late parcel gets a tax lien, its sale pays it off. */
export const taxChapter: Chapter = async ({ connection, city, say }) => {
  const { ethers, networkHelpers } = connection;
  const { identity, landRegistry, landLiens, propertyTax, token, accounts } = city;
  const { admin, registrar, landRegistrar, taxOffice, treasurer, mallory } = accounts;

  say.title("Property tax: rates per zone, lazy tax, tax liens paid off by a sale");
  const now = BigInt(await networkHelpers.time.latest());
  const people: Record<string, Signer & { address: string }> = {};
  const ids: Record<string, bigint> = {};
  for (const name of ["owner", "lateOwner", "buyer"]) {
    const wallet = Wallet.createRandom(ethers.provider);
    await (await admin.sendTransaction({ to: wallet.address, value: parseEther("1") })).wait();
    people[name] = wallet;
  }
  const enrol = async (name: string, wallet: string, kind: number) => {
    await say.tx(
      `registrar registers ${name}`,
      identity
        .connect(registrar)
        .register(
          kind,
          AssuranceLevel.BIOMETRIC,
          id(`tax ${name}`),
          id(`tax record ${name}`),
          now + 3650n * DAY,
          wallet,
        ),
    );
    ids[name] = await identity.identityOf(wallet);
  };
  for (const name of Object.keys(people)) await enrol(name, people[name].address, IdentityKind.Resident);
  await enrol("the city treasury", treasurer.address, IdentityKind.Business);
  await say.tx(
    "treasurer: setTreasury(city treasury identity)",
    propertyTax.connect(treasurer).setTreasury(ids["the city treasury"]),
  );

  const register = async (label: string, area: bigint, owner: string) => {
    const args = [parcelSpec(label, area), [{ identityId: ids[owner], bps: 10_000 }]] as [
      ReturnType<typeof parcelSpec>,
      { identityId: bigint; bps: number }[],
    ];
    const parcelId = await landRegistry.connect(landRegistrar).registerParcel.staticCall(...args);
    await say.tx(
      `land registrar registers ${label} (${area} m²) for ${owner}`,
      landRegistry.connect(landRegistrar).registerParcel(...args),
    );
    return parcelId;
  };
  const paid = await register("TAX-DEMO-1", 800n, "owner");
  const late = await register("TAX-DEMO-2", 1_200n, "lateOwner");
  await say.tx(
    "land registrar (cadastre): assignZone(TAX-DEMO-1, zone 1 city centre)",
    propertyTax.connect(landRegistrar).assignZone(paid, 1),
  );
  await say.refused(
    "the tax office tries to re-zone a parcel (cadastral authority only)",
    propertyTax.connect(taxOffice).assignZone(late, 1),
    propertyTax,
  );

  const year = 2027n;
  const due = now + 30n * DAY;
  await say.tx(
    "tax office levies 2027: zone 0 at 0.5 CITY/m², zone 1 at 2 CITY/m², due in 30 days, 30 days' grace (no write per parcel)",
    propertyTax.connect(taxOffice).levy(year, due, 30n * DAY, [0, 1], [parseEther("0.5"), parseEther("2")]),
  );
  for (const [name, parcel] of [
    ["TAX-DEMO-1", paid],
    ["TAX-DEMO-2", late],
  ] as const) {
    const [status, amount] = await propertyTax.taxStatus(parcel, year);
    say.line(
      `${name}: ${STATUS[Number(status)]}, ${formatEther(amount)} CITY (area x rate of its zone, computed on read)`,
    );
  }
  for (const name of ["owner", "lateOwner", "buyer"]) {
    await (await token.connect(treasurer).mint(people[name].address, parseEther("10000"))).wait();
  }
  await say.tx(
    "owner approves the tax contract",
    token.connect(people.owner).approve(await propertyTax.getAddress(), parseEther("1600")),
  );
  await say.tx("owner pays TAX-DEMO-1's 2027 tax", propertyTax.connect(people.owner).pay(paid, year));
  await say.refused("owner pays again", propertyTax.connect(people.owner).pay(paid, year), propertyTax);
  await say.refused(
    "tax office imposes a lien on TAX-DEMO-2 before due date + grace",
    propertyTax.connect(taxOffice).imposeLien(late, year),
    propertyTax,
  );
  await networkHelpers.time.increaseTo(due + 30n * DAY + 1n);
  say.line("... 60 days later: TAX-DEMO-2 is still unpaid");
  await say.refused(
    "tax office imposes a lien on the paid parcel",
    propertyTax.connect(taxOffice).imposeLien(paid, year),
    propertyTax,
  );
  await say.tx(
    "tax office imposes a tax lien on TAX-DEMO-2 (a statutory lien on the lien register, no owner consent)",
    propertyTax.connect(taxOffice).imposeLien(late, year),
  );
  await say.refused(
    "mallory tries to impose a statutory lien directly on the lien register",
    landLiens.connect(mallory).imposeStatutoryLien(paid, ids.owner, 1n, id("x")),
    landLiens,
  );
  say.record(`tax lien on TAX-DEMO-2 for 2027 (${(await landLiens.liensOf(late)).length} active lien)`);

  const price = parseEther("5000");
  const deadline = BigInt(await networkHelpers.time.latest()) + DAY;
  const terms = await deedTerms(landRegistry, landLiens, late, ids.buyer, price, deadline);
  const sellerSig = await signDeedTerms(people.lateOwner, landRegistry, terms, ids.lateOwner);
  const buyerSig = await signDeedTerms(people.buyer, landRegistry, terms, ids.buyer);
  const permit = await signPermit(people.buyer, token, await landRegistry.getAddress(), price, deadline);
  const before = await token.balanceOf(treasurer.address);
  await say.tx(
    "land registrar settles TAX-DEMO-2's signed sale (5,000 CITY): the tax lien is paid off first, to the treasury",
    landRegistry
      .connect(landRegistrar)
      .settleSigned(terms, [sellerSig], buyerSig, { deadline, v: permit.v, r: permit.r, s: permit.s }),
  );
  say.line(
    `the treasury received ${formatEther((await token.balanceOf(treasurer.address)) - before)} CITY from the sale`,
  );
  say.line(`TAX-DEMO-2 2027: ${STATUS[Number((await propertyTax.taxStatus(late, year))[0])]}`);
  await say.tx(
    "anyone sweeps the collected tax to the treasury identity's wallet",
    propertyTax.connect(mallory).sweep(),
  );
};
