import { encodeBytes32String, id, parseEther, Wallet, type HDNodeWallet } from "ethers";

import { saltedCommitment, subjectCommitment } from "../../src/commitments.js";
import { AssuranceLevel, IdentityKind } from "../../src/identity.js";
import {
  BallotMode,
  ElectionKind,
  electionParams,
  outcomeName,
  phaseName,
  ReferendumChoice,
  secretBallot,
  signCommit,
  type SecretBallot,
} from "../../src/voting.js";
import type { Chapter } from "./narrator.js";

const DAY = 86_400n;
const PEPPER = "0x" + "d3".repeat(32);
const { Yes, No, Abstain } = ReferendumChoice;
const CHOICE_NAMES = ["yes", "no", "abstain"];

/**
 * A district referendum by secret ballot: 20 residents of district 4 (certified by a claim), gasless ballots
 * through a relayer, a re-vote against pressure, a key recovery that does not give a second vote, a late
 * registration refused, an unrevealed ballot that counts as turnout only, and a result anyone can re-count.
 */
export const votingChapter: Chapter = async ({ connection, city, say }) => {
  const { networkHelpers, ethers } = connection;
  const { identity, claims, elections, accounts } = city;
  const { admin, registrar, electionOfficial, mallory } = accounts;
  const district = encodeBytes32String("district-4");
  const validUntil = BigInt(await networkHelpers.time.latest()) + 5n * 365n * DAY;

  say.title("4. A district referendum: close Elm Street to cars?");
  const officeId = await identity.identityOf(registrar.address);
  await say.tx(
    "admin: trust the registry office to certify residents of district 4",
    claims.connect(admin).setTrustedIssuer(district, officeId, true),
  );
  const residents: { name: string; wallet: HDNodeWallet; id: bigint }[] = [];
  const enrol = async (n: number) => {
    const wallet = Wallet.createRandom().connect(ethers.provider);
    await (await admin.sendTransaction({ to: wallet.address, value: parseEther("1") })).wait();
    const name = `resident ${String(n).padStart(2, "0")}`;
    await (
      await identity
        .connect(registrar)
        .register(
          IdentityKind.Resident,
          AssuranceLevel.ONE_TIME_CODE,
          subjectCommitment(`CH-756-40${n}`, PEPPER),
          saltedCommitment(`${name}, district 4`).commitment,
          validUntil,
          wallet.address,
        )
    ).wait();
    const voterId = await identity.identityOf(wallet.address);
    await (await claims.connect(registrar).issueClaim(voterId, district, id(`address of ${name}`), validUntil)).wait();
    return { name, wallet, id: voterId };
  };
  for (let n = 1; n <= 20; n++) residents.push(await enrol(n));
  say.line(
    `The registrar registered 20 residents (#${residents[0].id}..#${residents[19].id}), each with a fresh wallet,`,
  );
  say.line(
    "and the registry office certified each as a resident of district 4 (a claim; the address stays off-chain).",
  );
  const [r1, r2, r3] = residents;
  await say.tx(
    "resident 01: appoint residents 02 and 03 as guardians (2 of 2)",
    identity.connect(r1.wallet).appointGuardians(r1.id, [r2.id, r3.id], 2),
  );
  await networkHelpers.time.increase(await identity.recoveryDelay());
  say.line("Three days later her guardians are in effect (every guardian set waits the recovery delay).");

  const start = BigInt(await networkHelpers.time.latest()) + 3_600n;
  const params = electionParams(start, {
    kind: ElectionKind.Referendum,
    mode: BallotMode.Secret,
    optionCount: 3,
    minLevel: AssuranceLevel.ONE_TIME_CODE,
    quorum: 12,
    passThresholdBps: 5_000,
    district,
    votingSeconds: 7n * DAY,
    revealSeconds: 2n * DAY,
    description: "Close Elm Street to cars? yes / no / abstain",
  });
  await say.tx(
    "election official: create the referendum (secret ballot, quorum 12, > 50 % yes)",
    elections.connect(electionOfficial).createElection(params),
  );
  const electionId = await elections.electionCount();
  const roll = (await elections.election(electionId)).maxVoterId;
  say.line(`Referendum #${electionId}: the roll closed at identity #${roll}; voting opens in an hour for 7 days,`);
  say.line("then 2 days to reveal. Only a commitment of each ballot goes on-chain until then.");
  say.record(`referendum #${electionId}: Elm Street, district 4, roll closed at identity #${roll}`);
  const late = await enrol(21);
  await networkHelpers.time.increaseTo(start);

  const relayer = elections.connect(mallory);
  const votes = [Yes, Yes, No, Yes, Yes, No, Yes, Abstain, Yes, No, Yes, Yes, No, Yes, Abstain, Yes, No, Yes, Yes];
  const ballots = new Map<bigint, SecretBallot>();
  say.line(
    `Voting is open (${phaseName(await elections.phase(electionId))}). Ten residents commit from their own wallets:`,
  );
  for (const [i, resident] of residents.slice(0, 10).entries()) {
    const ballot = await secretBallot(elections, electionId, resident.id, i === 4 ? Yes : votes[i]);
    await say.tx(
      `${resident.name}: commit(sealed ballot)`,
      elections.connect(resident.wallet).commit(electionId, resident.id, ballot.commitment),
    );
    ballots.set(resident.id, ballot);
  }
  say.line("Nine more sign their ballot (EIP-712) in the city's app; a relayer pays the gas and submits it:");
  const deadline = params.votingEnd;
  for (const resident of residents.slice(10, 19)) {
    const ballot = await secretBallot(elections, electionId, resident.id, votes[residents.indexOf(resident)]);
    const signed = await signCommit(resident.wallet, elections, ballot, { deadline });
    if (resident === residents[10]) {
      const forged = await secretBallot(elections, electionId, resident.id, No);
      await say.refused(
        "the relayer swaps resident 11's sealed ballot for another",
        relayer.commitBySig(electionId, resident.id, forged.commitment, signed.previous, deadline, signed.signature),
        elections,
      );
    }
    await say.tx(
      `relayer: commitBySig(${resident.name})`,
      relayer.commitBySig(electionId, resident.id, ballot.commitment, signed.previous, deadline, signed.signature),
    );
    ballots.set(resident.id, ballot);
  }
  await say.refused(
    `resident 21 (registered after the roll closed, #${late.id}) commits`,
    elections
      .connect(late.wallet)
      .commit(electionId, late.id, (await secretBallot(elections, electionId, late.id, Yes)).commitment),
    elections,
  );

  say.line("Resident 05 voted yes with a neighbour watching; alone later, she changes her ballot (re-vote):");
  const revote = await secretBallot(elections, electionId, residents[4].id, No);
  await say.tx(
    "resident 05: commit(new sealed ballot): it replaces the first",
    elections.connect(residents[4].wallet).commit(electionId, residents[4].id, revote.commitment),
  );
  ballots.set(residents[4].id, revote);

  say.line("Resident 01 loses her phone. Her guardians recover her identity to a new key:");
  const newKey = Wallet.createRandom().connect(ethers.provider);
  await (await admin.sendTransaction({ to: newKey.address, value: parseEther("1") })).wait();
  const recoveryId = await identity.connect(r2.wallet).initiateRecovery.staticCall(r1.id, newKey.address);
  await say.tx(
    "resident 02: initiateRecovery(resident 01, new key)",
    identity.connect(r2.wallet).initiateRecovery(r1.id, newKey.address),
  );
  await say.tx("resident 03: approveRecovery", identity.connect(r3.wallet).approveRecovery(recoveryId));
  await networkHelpers.time.increase(await identity.recoveryDelay());
  await say.tx(
    "anyone: executeRecovery (after the veto window)",
    identity.connect(mallory).executeRecovery(recoveryId),
  );
  await say.refused(
    "the lost phone (old key) commits for resident 01",
    elections
      .connect(r1.wallet)
      .commit(electionId, r1.id, (await secretBallot(elections, electionId, r1.id, No)).commitment),
    elections,
  );
  const turnoutBefore = (await elections.election(electionId)).turnout;
  const recovered = await secretBallot(elections, electionId, r1.id, Yes);
  await say.tx(
    "resident 01's new key: commit: it REPLACES her ballot, it does not add one",
    elections.connect(newKey).commit(electionId, r1.id, recovered.commitment),
  );
  ballots.set(r1.id, recovered);
  say.line(
    `turnout before and after: ${turnoutBefore} and ${(await elections.election(electionId)).turnout} (one identity, one ballot).`,
  );

  await networkHelpers.time.increaseTo(params.votingEnd + 1n);
  say.line(
    `Voting closed (${phaseName(await elections.phase(electionId))}). The app reveals each ballot; resident 19 never does:`,
  );
  for (const [voterId, ballot] of ballots) {
    if (voterId === residents[18].id) continue;
    await say.tx(
      `reveal #${voterId}: ${CHOICE_NAMES[ballot.choice]}`,
      relayer.reveal(electionId, voterId, ballot.choice, ballot.salt),
    );
  }
  const again = ballots.get(r2.id)!;
  await say.refused(
    "revealing resident 02's ballot a second time",
    relayer.reveal(electionId, r2.id, again.choice, again.salt),
    elections,
  );

  await networkHelpers.time.increaseTo(params.revealEnd + 1n);
  await say.tx("anyone: finalize(referendum)", elections.connect(mallory).finalize(electionId));
  const record = await elections.election(electionId);
  const tallies = await elections.tallies(electionId);
  say.line(
    `Result: ${outcomeName(record.outcome)}: yes ${tallies[0]}, no ${tallies[1]}, abstain ${tallies[2]}; ` +
      `turnout ${record.turnout} of 20 (quorum ${params.quorum}).`,
  );

  // Anyone can re-count: every counted ballot is an event, and every receipt opens to its commitment.
  const counted = [0n, 0n, 0n];
  for (const log of await elections.queryFilter(elections.filters.BallotRevealed(electionId)))
    counted[Number(log.args.choice)] += 1n;
  let receiptsOk = true;
  for (const [voterId, ballot] of ballots) {
    const receipt = await elections.receipt(electionId, voterId);
    const opens = receipt.commitment === ballot.commitment;
    receiptsOk &&=
      opens &&
      (voterId === residents[18].id ? !receipt.counted : receipt.counted && receipt.choice === BigInt(ballot.choice));
  }
  const recount = counted.every((n, i) => n === tallies[i]);
  say.line(`Re-count from the BallotRevealed events: ${counted.join(" / ")} (matches the tally: ${recount});`);
  say.line(
    `every receipt opens to its voter's ballot: ${receiptsOk}. Resident 19's sealed ballot counts as turnout only.`,
  );
  if (!recount || !receiptsOk) throw new Error("the referendum does not verify");
  say.record(
    `referendum #${electionId}: ${outcomeName(record.outcome)} (${tallies.join(" / ")}), turnout ${record.turnout}, verified by re-count`,
  );
};
