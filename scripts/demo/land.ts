import { encodeBytes32String, id, parseEther } from "ethers";

import { saltedCommitment } from "../../src/commitments.js";
import { DocumentScheme, documentRef, encryptDocument } from "../../src/documents.js";
import { signConsentApproval } from "../../src/eip712.js";
import { deedTerms, landHistory, landRevisionName, LienKind, parcelSpec, signDeedTerms } from "../../src/land.js";
import { signPermit } from "../../src/permit.js";
import type { Chapter } from "./narrator.js";

const DAY = 86_400n;
const short = (address: string) => `${address.slice(0, 10)}…`;

/**
 * Land titles: registration (a title registered to alice's recovered identity shows under her new wallet),
 * titles that move only by deed, a mortgage accepted by signature, a signed sale that pays the mortgage off
 * in the same transaction as the title moves, a court freeze, a subdivision, and a chain of title.
 */
export const landChapter: Chapter = async ({ connection, city, say }) => {
  const { networkHelpers } = connection;
  const { identity, landRegistry, landLiens, landDeeds, token, accounts } = city;
  const { landRegistrar, court, treasurer, bob, carol, dave, erin, mallory } = accounts;
  const ids = {
    alice: 2n,
    bob: await identity.identityOf(bob.address),
    carol: await identity.identityOf(carol.address),
    dave: await identity.identityOf(dave.address),
    guild: await identity.identityOf(erin.address),
  };
  const registrar = landRegistry.connect(landRegistrar);
  // The deed documents are encrypted off-chain; only their commitment and URI go on-chain.
  const parcel = (lot: string, areaM2: bigint) => {
    const { blob } = encryptDocument(`deed of ${lot}`, { associatedData: encodeBytes32String(lot) });
    return parcelSpec(lot, areaM2, {
      deedDocuments: documentRef(blob, `ipfs://deeds/${lot}`, DocumentScheme.AES_256_GCM),
    });
  };

  say.title("3. Land titles");
  say.line("The land registrar records three parcels; owners are identities, titles are ERC-721 tokens.");
  await say.tx(
    "land registrar: register LOT-0001 (1,000 m²) for bob",
    registrar.registerParcel(parcel("LOT-0001", 1_000n), [{ identityId: ids.bob, bps: 10_000 }]),
  );
  await say.tx(
    "land registrar: register LOT-0002 (2,400 m²), dave 60 %, the guild 40 %",
    registrar.registerParcel(parcel("LOT-0002", 2_400n), [
      { identityId: ids.dave, bps: 6_000 },
      { identityId: ids.guild, bps: 4_000 },
    ]),
  );
  await say.tx(
    "land registrar: register LOT-0003 (600 m²) for identity #2 (alice)",
    registrar.registerParcel(parcel("LOT-0003", 600n), [{ identityId: ids.alice, bps: 10_000 }]),
  );
  say.line(
    `ownerOf(LOT-0003) = ${short(await landRegistry.ownerOf(3n))}: alice's recovered wallet, no transfer needed.`,
  );
  say.line(`ownerOf(LOT-0002) = the register itself, holding the co-owned title in trust for its co-owners.`);
  await say.refused(
    "land registrar: register a parcel for carol (level 1, land needs 2)",
    registrar.registerParcel(parcel("LOT-0009", 100n), [{ identityId: ids.carol, bps: 10_000 }]),
    landRegistry,
  );
  await say.refused(
    "bob: transferFrom(bob, mallory, LOT-0001), a plain ERC-721 transfer",
    landRegistry.connect(bob).transferFrom(bob.address, mallory.address, 1n),
    landRegistry,
  );

  say.line("The guild lends bob 100,000 CITY against LOT-0001. Bob signs his consent; the guild submits it.");
  let deadline = BigInt(await networkHelpers.time.latest()) + 7n * DAY;
  const terms = documentRef(id("mortgage terms"), "ipfs://mortgages/1", DocumentScheme.AES_256_GCM);
  await say.tx(
    "guild: proposeLien(LOT-0001, mortgage, 100,000 CITY)",
    landLiens.connect(erin).proposeLien(1n, LienKind.Mortgage, parseEther("100000"), terms, deadline),
  );
  const consent = await signConsentApproval(bob, landLiens, 1n, ids.bob, { deadline });
  await say.tx(
    "guild: approveBySignature(bob's EIP-712 consent, naming bob's identity): the mortgage is active",
    landLiens.connect(erin).approveBySignature(1n, ids.bob, consent.approval.nonce, deadline, consent.signature),
  );
  say.record("lien #1: 100,000 CITY mortgage on LOT-0001, held by the guild");

  say.line("Bob sells LOT-0001 to dave for 250,000 CITY in one signed transaction: bob and dave sign the deed");
  say.line("terms (EIP-712: parcel, buyer, price, the mortgage they accept, the parcel's revision, a deadline), dave");
  say.line("signs a permit, and the land registrar settles: mortgage paid off, bob paid, title moved, sale recorded.");
  await say.tx(
    "treasurer: mint 500,000 CITY to dave",
    token.connect(treasurer).mint(dave.address, parseEther("500000")),
  );
  const price = parseEther("250000");
  deadline = BigInt(await networkHelpers.time.latest()) + 7n * DAY;
  const sale = await deedTerms(landRegistry, landLiens, 1n, ids.dave, price, deadline);
  const sellerSig = await signDeedTerms(bob, landRegistry, sale, ids.bob);
  const buyerSig = await signDeedTerms(dave, landRegistry, sale, ids.dave);
  const signed = await signPermit(dave, token, await landRegistry.getAddress(), price, deadline);
  const permit = { deadline, v: signed.v, r: signed.r, s: signed.s };
  await say.refused(
    "mallory: settleSigned(LOT-0001) with the parties' signatures",
    landRegistry.connect(mallory).settleSigned(sale, [sellerSig], buyerSig, permit),
    landRegistry,
  );
  await say.refused(
    "land registrar: settle with dave's signature for a lower price",
    landRegistry.connect(landRegistrar).settleSigned({ ...sale, price: price - 1n }, [sellerSig], buyerSig, permit),
    landRegistry,
  );
  await say.tx(
    "land registrar: settleSigned(LOT-0001): pay off the mortgage, pay bob, move the title",
    landRegistry.connect(landRegistrar).settleSigned(sale, [sellerSig], buyerSig, permit),
  );
  await say.refused(
    "land registrar: replay the same signatures",
    landRegistry.connect(landRegistrar).settleSigned(sale, [sellerSig], buyerSig, permit),
    landRegistry,
  );
  say.line(`ownerOf(LOT-0001) = ${short(await landRegistry.ownerOf(1n))} (dave); the guild and bob were paid in`);
  say.line("the same transaction, to their identities' current wallets.");
  say.record("LOT-0001 sold by bob to dave for 250,000 CITY (signed), mortgage #1 paid off");

  say.line("A boundary dispute: a court freezes LOT-0002; no deed can touch it until the court lifts it.");
  // The court's order is sealed: only a salted commitment goes on-chain (an unsalted case number is guessable).
  const order = saltedCommitment("case 2026/311: boundary of LOT-0002").commitment;
  await say.tx("court: freeze(LOT-0002)", registrar.connect(court).freeze(2n, order));
  await say.refused(
    "dave: openDeed(LOT-0002, bob, …) while frozen",
    landDeeds.connect(dave).openDeed(2n, ids.bob, price, deadline),
    landRegistry,
  );
  await say.tx("court: unfreeze(LOT-0002)", registrar.connect(court).unfreeze(2n, order));
  await say.tx(
    "land registrar: subdivide LOT-0002 into 1,000 m² + 1,400 m²",
    registrar.subdivide(2n, [parcel("LOT-0002-A", 1_000n), parcel("LOT-0002-B", 1_400n)]),
  );
  say.line(`LOT-0002 is retired (not deleted); its children #${(await landRegistry.childrenOf(2n)).join(", #")} keep`);
  say.line("dave's and the guild's shares and record their parent.");
  say.record("LOT-0002 subdivided into LOT-0002-A and LOT-0002-B (same co-owners)");

  say.line("Chain of title of LOT-0001, rebuilt from the register's events and checked against its on-chain head:");
  for (const entry of await landHistory(landRegistry, connection.ethers.provider, 1n)) {
    say.line(`   revision ${entry.revision}: ${landRevisionName(entry.kind).padEnd(14)} ref ${entry.ref}`);
  }
};
