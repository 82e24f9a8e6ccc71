import { encodeBytes32String, id, parseEther } from "ethers";

import { DocumentScheme } from "../../src/documents.js";
import { AssuranceLevel, IdentityKind } from "../../src/identity.js";
import { deedTerms, LienKind, parcelSpec, signDeedTerms } from "../../src/land.js";
import { signPermit } from "../../src/permit.js";
import { gasOf, type BenchSuite } from "./types.js";

type SuiteArgs = Parameters<BenchSuite>[0];

/**
 * The signed path (`LandRegistry.settleSigned`, one transaction): `land.deed_total` is a one-owner parcel without
 * liens, the buyer paying by permit in the same transaction, in steady state (the buyer already holds a title
 * and has used a permit, the seller already holds CITY); `land.deed_co_owned_3_total` a parcel of three
 * co-owners; `land.deed_with_lien_payoff_total` a mortgaged parcel whose lender is paid off in the same call.
 */
async function signedSales(
  connection: SuiteArgs["connection"],
  city: SuiteArgs["city"],
  ids: Record<string, bigint>,
): Promise<Record<string, bigint>> {
  const { landRegistry, landLiens, token, accounts } = city;
  const { alice, bob, carol, dave, erin, landRegistrar, treasurer } = accounts;
  const registry = landRegistry.connect(landRegistrar);
  const ops: Record<string, bigint> = {};
  const signers: Record<string, typeof alice> = { alice, bob, carol, dave, erin };
  let lot = 100;
  const register = async (owners: [string, bigint][]) => {
    const args = [
      parcelSpec(`SIGNED-${++lot}`, 1_000n),
      owners.map(([who, bps]) => ({ identityId: ids[who], bps })),
    ] as const;
    const parcelId = await registry.registerParcel.staticCall(...args);
    await (await registry.registerParcel(...args)).wait();
    return parcelId;
  };
  const settle = async (parcelId: bigint, sellers: string[], buyer: string, price: bigint) => {
    const deadline = BigInt(await connection.networkHelpers.time.latest()) + DAY;
    const terms = await deedTerms(landRegistry, landLiens, parcelId, ids[buyer], price, deadline);
    const sellerSigs = [];
    for (const who of sellers) sellerSigs.push(await signDeedTerms(signers[who], landRegistry, terms, ids[who]));
    const buyerSig = await signDeedTerms(signers[buyer], landRegistry, terms, ids[buyer]);
    const p = await signPermit(signers[buyer], token, await landRegistry.getAddress(), price, deadline);
    return gasOf(
      landRegistry
        .connect(landRegistrar)
        .settleSigned(terms, sellerSigs, buyerSig, { deadline, v: p.v, r: p.r, s: p.s }),
    );
  };
  const price = parseEther("1000");
  await (await token.connect(treasurer).mint(alice.address, price)).wait(); // the seller already holds CITY
  // Warm-up sale: bob's permit nonce and title count are non-zero afterwards (steady state).
  await settle(await register([["alice", 10_000n]]), ["alice"], "bob", price);
  ops["land.deed_total"] = await settle(await register([["alice", 10_000n]]), ["alice"], "bob", price);
  await (await token.connect(treasurer).mint(dave.address, price)).wait();
  await (await token.connect(treasurer).mint(erin.address, price)).wait();
  const shared = await register([
    ["alice", 5_000n],
    ["dave", 3_000n],
    ["erin", 2_000n],
  ]);
  ops["land.deed_co_owned_3_total"] = await settle(shared, ["alice", "dave", "erin"], "bob", price);
  // A mortgage (erin lends to alice), then the signed sale pays it off.
  const mortgaged = await register([["alice", 10_000n]]);
  const deadline = BigInt(await connection.networkHelpers.time.latest()) + 7n * DAY;
  const terms = { contentHash: id("signed mortgage"), scheme: DocumentScheme.AES_256_GCM, uri: "ipfs://mortgage/s" };
  await (await landLiens.connect(erin).proposeLien(mortgaged, LienKind.Mortgage, price / 4n, terms, deadline)).wait();
  const lienId = (await landLiens.proposalsOf(mortgaged))[0];
  await (await landLiens.connect(alice).approve((await landLiens.lien(lienId)).consentId)).wait();
  ops["land.deed_with_lien_payoff_total"] = await settle(mortgaged, ["alice"], "bob", price);
  return ops;
}

const DAY = 86_400n;

/**
 * The land service. `land.deed_total` sums every transaction of a sale of a one-owner parcel without liens:
 * the seller opens the deed, the buyer accepts it and pays with a permit (one transaction), the land
 * registrar completes it, measured in steady state (the deed office already holds another escrow);
 * `land.deed_total_first_sale` is the very first sale through a fresh deed office. The seller's later withdrawal of its credit is `land.withdraw`, measured on its
 * own (pull payments: one withdrawal can collect several sales). `land.deed_with_lien_payoff_total` is the
 * same sale of a mortgaged parcel, whose completion pays the lender off from the escrow.
 */
export const landSuite: BenchSuite = async ({ connection, city }) => {
  const { networkHelpers } = connection;
  const { identity, landRegistry, landLiens, landDeeds, token, accounts } = city;
  const { admin, registrar, landRegistrar, court, treasurer, alice, bob, carol, dave, erin } = accounts;
  const ops: Record<string, bigint> = {};
  const now = BigInt(await networkHelpers.time.latest());
  // The land service fails closed until the city sets its minimum assurance level.
  await (await identity.connect(admin).setServiceMinLevel(encodeBytes32String("land"), AssuranceLevel.PASSWORD)).wait();

  const ids: Record<string, bigint> = {};
  for (const [name, signer] of Object.entries({ alice, bob, carol, dave, erin })) {
    await (
      await identity
        .connect(registrar)
        .register(
          IdentityKind.Resident,
          AssuranceLevel.BIOMETRIC,
          id(`subject ${name}`),
          id(`record ${name}`),
          now + 3650n * DAY,
          signer.address,
        )
    ).wait();
    ids[name] = await identity.identityOf(signer.address);
  }
  for (const buyer of [bob, carol])
    await (await token.connect(treasurer).mint(buyer.address, parseEther("10000000"))).wait();

  let lot = 0;
  const spec = (areaM2: bigint) => parcelSpec(`LOT-${String(++lot).padStart(4, "0")}`, areaM2);
  const registry = landRegistry.connect(landRegistrar);
  const sole = (who: string) => [{ identityId: ids[who], bps: 10_000 }];

  ops["land.register"] = await gasOf(registry.registerParcel(spec(1_000n), sole("alice")));
  ops["land.register_co_owned_3"] = await gasOf(
    registry.registerParcel(spec(3_000n), [
      { identityId: ids.alice, bps: 5_000 },
      { identityId: ids.dave, bps: 3_000 },
      { identityId: ids.erin, bps: 2_000 },
    ]),
  );
  await (await registry.registerParcel(spec(800n), sole("alice"))).wait(); // parcel 3, mortgaged below
  await (await registry.registerParcel(spec(600n), sole("dave"))).wait(); // parcel 4, subdivided below

  // The first sale through a fresh deed office also pays one-time costs (its token balance and its owed total
  // go from zero to non-zero): parcel 1, alice -> bob.
  const price = parseEther("250000");
  const deedsAddress = await landDeeds.getAddress();
  let deadline = BigInt(await networkHelpers.time.latest()) + 7n * DAY;
  const sale = async (parcelId: bigint, deedId: bigint, seller: typeof alice, buyer: typeof bob, buyerId: bigint) => {
    const open = await gasOf(landDeeds.connect(seller).openDeed(parcelId, buyerId, price, deadline));
    const permit = await signPermit(buyer, token, deedsAddress, price, deadline);
    const fund = await gasOf(
      landDeeds.connect(buyer).fundDeedWithPermit(deedId, deadline, permit.v, permit.r, permit.s),
    );
    const complete = await gasOf(landDeeds.connect(landRegistrar).completeDeed(deedId));
    return { open, fund, complete, total: open + fund + complete };
  };
  ops["land.deed_total_first_sale"] = (await sale(1n, 1n, alice, bob, ids.bob)).total;
  ops["land.withdraw"] = await gasOf(landDeeds.connect(alice).withdraw());

  // Steady state: the deed office already holds another deed's escrow (dave offers parcel 4 to carol, who
  // funds it). Then alice sells parcel 5 to bob: this is the sale every later resident pays for.
  await (await registry.registerParcel(spec(700n), sole("alice"))).wait(); // parcel 5
  await (await landDeeds.connect(dave).openDeed(4n, ids.carol, price, deadline)).wait(); // deed 2
  await (await token.connect(carol).approve(deedsAddress, price)).wait();
  await (await landDeeds.connect(carol).fundDeed(2n)).wait();
  const steady = await sale(5n, 3n, alice, bob, ids.bob);
  ops["land.deed_open"] = steady.open;
  ops["land.deed_accept_and_fund_with_permit"] = steady.fund;
  ops["land.deed_complete"] = steady.complete;
  ops["land.deed_onchain_total"] = steady.total;
  await (await landDeeds.connect(landRegistrar).cancelDeed(2n)).wait(); // frees parcel 4 for the subdivision

  // A mortgage on parcel 3 (erin lends), accepted by alice, then the same kind of sale to carol.
  deadline = BigInt(await networkHelpers.time.latest()) + 7n * DAY;
  const terms = { contentHash: id("mortgage"), scheme: DocumentScheme.AES_256_GCM, uri: "ipfs://mortgage/1" };
  ops["land.lien_propose"] = await gasOf(
    landLiens.connect(erin).proposeLien(3n, LienKind.Mortgage, parseEther("100000"), terms, deadline),
  );
  ops["land.lien_accept_by_owner"] = await gasOf(landLiens.connect(alice).approve(1n));
  const withLien = await sale(3n, 4n, alice, carol, ids.carol);
  ops["land.deed_complete_with_lien_payoff"] = withLien.complete;
  ops["land.deed_onchain_with_lien_payoff_total"] = withLien.total;

  ops["land.freeze"] = await gasOf(registry.connect(court).freeze(2n, id("case 1")));
  ops["land.unfreeze"] = await gasOf(registry.connect(court).unfreeze(2n, id("case 1")));
  ops["land.court_lien"] = await gasOf(landLiens.connect(court).imposeCourtLien(2n, 0n, 0n, terms));
  ops["land.lien_release_by_court"] = await gasOf(landLiens.connect(court).courtReleaseLien(2n));
  ops["land.subdivide_2"] = await gasOf(registry.subdivide(4n, [spec(250n), spec(350n)]));
  // Parcel 5 (now bob's) and a new one of his merge into parcel 9, which hosts the rest.
  await (await registry.registerParcel(spec(300n), sole("bob"))).wait(); // parcel 8
  ops["land.merge_2"] = await gasOf(registry.merge([5n, 8n], spec(1_000n))); // parcel 9

  // A lender releases a mortgage it holds; another withdraws a proposal the owner never accepted.
  deadline = BigInt(await networkHelpers.time.latest()) + 7n * DAY;
  await (await landLiens.connect(erin).proposeLien(9n, LienKind.Mortgage, parseEther("1000"), terms, deadline)).wait();
  const mortgageId = (await landLiens.proposalsOf(9n))[0];
  await (await landLiens.connect(bob).approve((await landLiens.lien(mortgageId)).consentId)).wait();
  ops["land.lien_release_by_holder"] = await gasOf(landLiens.connect(erin).releaseLien(mortgageId));
  await (await landLiens.connect(erin).proposeLien(9n, LienKind.Easement, 0n, terms, deadline)).wait();
  ops["land.lien_withdraw_proposal"] = await gasOf(landLiens.connect(erin).withdrawLienProposal(mortgageId + 1n));

  // A funded deed refused by its buyer, and another left to expire: both refund the buyer and unlock.
  await (await token.connect(carol).approve(deedsAddress, 2n * price)).wait();
  for (const measure of ["land.deed_decline_refund", "land.deed_expire_refund"]) {
    if (measure === "land.deed_expire_refund") await networkHelpers.time.increase(DAY + 1n); // reopen cooldown
    await (await landDeeds.connect(bob).openDeed(9n, ids.carol, price, deadline)).wait();
    const deedId = (await landDeeds.queryFilter(landDeeds.filters.DeedOpened())).at(-1)!.args.deedId;
    await (await landDeeds.connect(carol).fundDeed(deedId)).wait();
    if (measure === "land.deed_decline_refund") {
      ops[measure] = await gasOf(landDeeds.connect(carol).decline(deedId));
    } else {
      await networkHelpers.time.increaseTo(deadline + 1n);
      ops[measure] = await gasOf(landDeeds.connect(dave).expireDeed(deedId));
    }
  }
  Object.assign(ops, await signedSales(connection, city, ids)); // registers parcels 10 and up
  return ops;
};
