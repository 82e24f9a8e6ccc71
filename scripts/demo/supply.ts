import { encodeBytes32String, id, parseEther, Wallet } from "ethers";

import { AssuranceLevel, IdentityKind } from "../../src/identity.js";
import {
  batchInput,
  InspectionTopic,
  inspectionReport,
  place,
  signAccept,
  transformOutput,
  Unit,
} from "../../src/supply.js";
import type { Chapter } from "./narrator.js";

const DAY = 86_400n;
const kg = (grams: bigint) => `${(Number(grams) / 1000).toLocaleString("en-US")} kg CO2e`;

/**
 * Supply chain: two lots of grain from a farm are milled into flour, baked into bread and sold in the city;
 * a contaminated lot is recalled by the food-safety authority and the bread on the shop's shelf is flagged
 * through its lineage, while embedded carbon follows every step.
 */
export const supplyChapter: Chapter = async ({ connection, city, say }) => {
  const { ethers, networkHelpers } = connection;
  const { identity, claims, supplyChain, supplyInspections, accounts } = city;
  const { registrar, admin, farm, mill, bakery, shop, foodSafety, mallory } = accounts;

  say.title("6. Supply chain: from the farm's grain to the city's bread, and a recall");
  say.line(
    "The registrar registers the farm, mill, bakery and shop (businesses), the food-safety office and an inspector.",
  );
  const validUntil = BigInt(await networkHelpers.time.latest()) + 3650n * DAY;
  const inspector = Wallet.createRandom().connect(ethers.provider);
  await (await admin.sendTransaction({ to: inspector.address, value: parseEther("1") })).wait();
  const register = async (label: string, wallet: string, kind: number) => {
    const existing = await identity.identityOf(wallet);
    if (existing !== 0n) {
      say.line(`${label}: its wallet already has identity ${existing} (an earlier chapter), reused.`);
      return existing;
    }
    await say.tx(
      `registrar: register ${label}`,
      identity
        .connect(registrar)
        .register(
          kind,
          AssuranceLevel.ONE_TIME_CODE,
          id(`subject ${label}`),
          id(`record ${label}`),
          validUntil,
          wallet,
        ),
    );
    return identity.identityOf(wallet);
  };
  const farmId = await register("Northfield Farm (business)", farm.address, IdentityKind.Business);
  const millId = await register("Riverside Mill (business)", mill.address, IdentityKind.Business);
  const bakeryId = await register("Old Town Bakery (business)", bakery.address, IdentityKind.Business);
  const shopId = await register("Market Square Shop (business)", shop.address, IdentityKind.Business);
  const officeId = await register("the food-safety office (official)", foodSafety.address, IdentityKind.Official);
  const inspectorId = await register("a food inspector (resident)", inspector.address, IdentityKind.Resident);
  await say.tx(
    "admin: trust the food-safety office for the food-safety-inspector credential",
    claims.connect(admin).setTrustedIssuer(InspectionTopic.FOOD_SAFETY, officeId, true),
  );
  await say.tx(
    "food-safety office: issue the inspector's credential (one year)",
    claims
      .connect(foodSafety)
      .issueClaim(inspectorId, InspectionTopic.FOOD_SAFETY, id("licence FI-77"), validUntil - 3285n * DAY),
  );

  say.line("The farm harvests two lots of wheat (GTIN and lot numbers kept as commitments, 0.2 kg CO2e per kg).");
  const asFarm = supplyChain.connect(farm);
  const lot = (name: string) =>
    batchInput("wheat", 10_000n, { origin: "Northfield", gtin: "07612345000019", lot: name, co2eGrams: 2_000_000n });
  await say.tx("farm: createBatch(wheat lot W-001, 10,000 kg)", asFarm.createBatch(lot("W-001"), place("Northfield")));
  const lotA = await supplyChain.batchCount();
  await say.tx("farm: createBatch(wheat lot W-002, 10,000 kg)", asFarm.createBatch(lot("W-002"), place("Northfield")));
  const lotB = await supplyChain.batchCount();
  await say.tx(
    "inspector: inspect(lot W-001, food safety, passed, 30 days)",
    supplyInspections
      .connect(inspector)
      .inspect(lotA, InspectionTopic.FOOD_SAFETY, true, validUntil - 3620n * DAY, inspectionReport("W-001 grain")),
  );
  say.record(
    `wheat lots ${lotA} and ${lotB} certified food-safe: ${await supplyInspections.isCertified(lotA, InspectionTopic.FOOD_SAFETY)}`,
  );

  say.line("Custody moves by acceptance: the mill accepts one lot itself and the other by a signed receipt.");
  await say.tx("farm: offer(lot W-001 -> mill)", asFarm.offer(lotA, millId, place("Northfield gate")));
  await say.tx("farm: offer(lot W-002 -> mill)", asFarm.offer(lotB, millId, place("Northfield gate")));
  await say.refused("mallory: accept(lot W-001)", supplyChain.connect(mallory).accept(lotA, place("x")), supplyChain);
  await say.tx("mill: accept(lot W-001)", supplyChain.connect(mill).accept(lotA, place("Riverside Mill")));
  const deadline = BigInt(await networkHelpers.time.latest()) + DAY;
  const receipt = await signAccept(mill, supplyChain, {
    batchId: lotB,
    holderId: farmId,
    receiverId: millId,
    where: place("Riverside Mill"),
    nonce: await supplyChain.nonceOf(millId),
    deadline,
  });
  await say.tx(
    "farm (relaying the mill's EIP-712 receipt): acceptBySig(lot W-002)",
    asFarm.acceptBySig(lotB, place("Riverside Mill"), deadline, receipt),
  );

  say.line("The mill merges both lots in its silo and mills them: outputs never exceed inputs x the declared factor.");
  const asMill = supplyChain.connect(mill);
  await say.tx("mill: merge(W-001 + W-002 -> silo, 20,000 kg)", asMill.merge([lotA, lotB], place("silo 3")));
  const silo = await supplyChain.batchCount();
  await say.refused(
    "mill: transform(silo -> 17,000 kg flour at factor 0.80)",
    asMill.transform([silo], [transformOutput("flour", 17_000n)], Unit.KILOGRAM, 8_000, 0n, place("mill")),
    supplyChain,
  );
  await say.tx(
    "mill: transform(silo -> 14,000 kg flour + 2,000 kg bran, factor 0.80, +800 kg CO2e)",
    asMill.transform(
      [silo],
      [transformOutput("flour", 14_000n), transformOutput("bran", 2_000n)],
      Unit.KILOGRAM,
      8_000,
      800_000n,
      place("Riverside Mill"),
    ),
  );
  const flour = silo + 1n;
  await say.tx(
    "mill: split(flour -> 1,000 kg for the bakery + 13,000 kg)",
    asMill.split(flour, [1_000n, 13_000n], place("mill")),
  );
  const bakeryFlour = flour + 2n;
  await say.tx("mill: offer(1,000 kg flour -> bakery)", asMill.offer(bakeryFlour, bakeryId, place("mill dock")));
  await say.tx("bakery: accept(1,000 kg flour)", supplyChain.connect(bakery).accept(bakeryFlour, place("Old Town")));

  say.line("The bakery bakes 1,600 loaves (factor 1.6 loaves per kg of flour; the oven adds 300 kg CO2e).");
  const asBakery = supplyChain.connect(bakery);
  await say.tx(
    "bakery: transform(flour -> 1,600 loaves, factor 1.6, +300 kg CO2e)",
    asBakery.transform([bakeryFlour], [transformOutput("bread", 1_600n)], Unit.PIECE, 16_000, 300_000n, place("oven")),
  );
  const bread = await supplyChain.batchCount();
  await say.tx(
    "bakery: split(bread -> 400 loaves for the shop + 1,200)",
    asBakery.split(bread, [400n, 1_200n], place("Old Town")),
  );
  const shopBread = bread + 1n;
  await say.tx("bakery: offer(400 loaves -> shop)", asBakery.offer(shopBread, shopId, place("Old Town")));
  await say.tx("shop: accept(400 loaves)", supplyChain.connect(shop).accept(shopBread, place("Market Square")));
  say.record(`shop's bread (batch ${shopBread}) embeds ${kg(await supplyChain.embeddedEmissions(shopBread))}`);
  say.line(`Embedded carbon of the shop's 400 loaves: ${kg(await supplyChain.embeddedEmissions(shopBread))}.`);

  say.line(
    "The shop files the bread's embedded carbon as its scope 3 (purchased goods) in the carbon ledger, read live from " +
      "the supply chain: declared figures, kept apart from verified emissions.",
  );
  const { emissionsRegister, scope3Register } = city;
  let period = await emissionsRegister.periodCount();
  const now = BigInt(await networkHelpers.time.latest());
  if (period === 0n || (await emissionsRegister.period(period)).deadline < now) {
    await say.tx(
      "regulator: openPeriod(a reporting year)",
      emissionsRegister.connect(accounts.regulator).openPeriod(now + 365n * DAY, 20_000n, 1_000, 0n),
    );
    period = await emissionsRegister.periodCount();
  }
  await say.refused(
    "bakery: reportPurchase(the shop's bread)",
    scope3Register.connect(bakery).reportPurchase(await identity.identityOf(bakery.address), 1n, shopBread, period),
    scope3Register,
  );
  await say.tx(
    `shop: reportPurchase(bread batch ${shopBread}, period ${period})`,
    scope3Register.connect(shop).reportPurchase(shopId, 1n, shopBread, period),
  );
  const filed = await scope3Register.scope3Of(shopId, period);
  say.record(`shop's scope 3 for period ${period}: ${kg(filed.co2eGrams)} in ${filed.count} entry`);

  say.line("A lab finds contamination in wheat lot W-002: the food-safety office recalls it (role FOOD_SAFETY).");
  await say.refused(
    "mallory: recallByAuthority(lot W-002)",
    supplyChain.connect(mallory).recallByAuthority(lotB, encodeBytes32String("mycotoxin")),
    supplyChain,
  );
  await say.tx(
    "food-safety office: recallByAuthority(lot W-002, 'mycotoxin')",
    supplyChain.connect(foodSafety).recallByAuthority(lotB, encodeBytes32String("mycotoxin")),
  );
  const path: bigint[] = [shopBread];
  for (let current = shopBread; ;) {
    const parents = await supplyChain.parentsOf(current, 0n, 4n);
    if (parents.length === 0) break;
    current = parents[parents.length - 1];
    path.push(current);
  }
  say.line(`Lineage of the shop's bread, walked up: ${path.join(" <- ")} (lot W-002 is batch ${lotB}).`);
  for (const [label, batchId] of [
    ["the shop's bread", shopBread],
    ["the bakery's remaining bread", shopBread + 1n],
    ["the mill's flour stock", flour + 3n],
    ["the bran", flour + 1n],
  ] as [string, bigint][]) {
    say.line(`   ${label} (batch ${batchId}) recalled: ${await supplyChain.isRecalled(batchId)}`);
  }
  say.record(`lot W-002 recalled: the shop's bread (batch ${shopBread}) flagged through 5 generations`);
  await say.refused(
    "shop: offer(recalled bread -> a customer)",
    supplyChain.connect(shop).offer(shopBread, inspectorId, place("Market Square")),
    supplyChain,
  );
  await say.refused("mill: split(recalled flour)", asMill.split(flour + 3n, [1n, 1n], place("mill")), supplyChain);
};
