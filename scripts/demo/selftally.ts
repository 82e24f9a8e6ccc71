import { id, parseEther, Wallet, type HDNodeWallet } from "ethers";

import { AssuranceLevel, IdentityKind } from "../../src/identity.js";
import {
  encryptVote,
  voteProof,
  generateKey,
  proveKey,
  recoveryShare,
  searchTally,
  type Pair,
  type VotingKey,
} from "../../src/selftally.js";
import type { Chapter } from "./narrator.js";

const HOUR = 3_600n;
const NAMES = ["Ada", "Bram", "Chloe", "Dmitri", "Esme", "Farid", "Greta", "Hugo", "Ines"];

/**
 * A council of 9 votes on a budget line by self-tallying secret ballot (Open Vote Network on bn254): each member
 * registers a key with a proof of knowledge, eight vote with a zero-knowledge proof, one is absent and recovered by
 * the others' DLEQ-proved shares, and anyone verifies the tally on-chain. No single vote is ever revealed.
 */
export const selfTallyChapter: Chapter = async ({ connection, city, say }) => {
  const { networkHelpers, ethers } = connection;
  const { identity, selfTally, accounts } = city;
  const { admin, registrar, electionOfficial, mallory } = accounts;
  const validUntil = BigInt(await networkHelpers.time.latest()) + 5n * 365n * 86_400n;

  say.title("4b. The council votes on a budget line by self-tallying secret ballot (no tallier, no trusted setup)");
  const council: { name: string; wallet: HDNodeWallet; id: bigint; key: VotingKey }[] = [];
  for (const name of NAMES) {
    const wallet = Wallet.createRandom().connect(ethers.provider);
    await (await admin.sendTransaction({ to: wallet.address, value: parseEther("1") })).wait();
    await (
      await identity
        .connect(registrar)
        .register(
          IdentityKind.Official,
          AssuranceLevel.BIOMETRIC,
          id(`council ${name}`),
          id(`rec ${name}`),
          validUntil,
          wallet.address,
        )
    ).wait();
    council.push({ name, wallet, id: await identity.identityCount(), key: generateKey() });
  }
  say.line(`9 council members hold Official identities ${council[0].id}..${council[8].id}`);
  const now = BigInt(await networkHelpers.time.latest());
  const params = {
    optionCount: 2,
    voterKind: IdentityKind.Official,
    minLevel: 3,
    registrationEnd: now + HOUR,
    commitEnd: now + HOUR,
    votingEnd: now + 2n * HOUR,
    district: "0x" + "00".repeat(32),
    metadata: id("Budget line 7: 1.2M for the tram depot roof"),
  };
  await say.tx(
    "election official: open a yes/no self-tallying ballot on budget line 7",
    selfTally.connect(electionOfficial).createElection(params),
  );
  const electionId = await selfTally.electionCount();
  const { chainId } = await ethers.provider.getNetwork();
  const domain = { chainId, contract: await selfTally.getAddress(), electionId };

  for (const m of council) {
    const pr = proveKey(domain, m.id, m.key);
    await say.tx(
      `${m.name}: register a voting key with a Schnorr proof bound to this election`,
      selfTally.connect(m.wallet).register(electionId, m.id, m.key.key, pr.c, pr.s),
    );
  }
  const copied = proveKey(domain, council[0].id, council[0].key);
  await say.refused(
    "Bram: re-register Ada's key and proof as his own",
    selfTally
      .connect(council[1].wallet)
      .register.staticCall(electionId, council[1].id, council[0].key.key, copied.c, copied.s),
    selfTally,
  );

  await networkHelpers.time.increaseTo(params.commitEnd + 1n);
  const choices = [1, 1, 0, 1, 1, 0, 1, 1, undefined]; // Ines is absent
  for (const [i, m] of council.entries()) {
    const choice = choices[i];
    if (choice === undefined) continue;
    const y = (await selfTally.reconstructedKey(electionId, m.id)).map(BigInt) as Pair;
    const b = encryptVote(domain, m.id, m.key, y, choice, 2, council.length);
    await say.tx(
      `${m.name}: cast an encrypted vote with its 1-out-of-2 proof (the choice stays secret)`,
      selfTally.connect(m.wallet).vote(electionId, m.id, b.vote, voteProof(b)),
    );
  }
  const y0 = (await selfTally.reconstructedKey(electionId, council[0].id)).map(BigInt) as Pair;
  const forged = encryptVote(domain, council[0].id, council[0].key, y0, 1, 2, council.length, 5n);
  await say.refused(
    "Ada: a second vote worth 5 yes with a forged proof",
    selfTally.connect(council[0].wallet).vote.staticCall(electionId, council[0].id, forged.vote, voteProof(forged)),
    selfTally,
  );

  await networkHelpers.time.increaseTo(params.votingEnd + 1n);
  say.line("Ines never voted: her key would block the tally, so the 8 voters recover it");
  const ines = council[8];
  for (const m of council.slice(0, 8)) {
    const s = recoveryShare(domain, m.id, m.key, ines.id, ines.key.key);
    await say.tx(
      `${m.name}: post a DLEQ-proved recovery share for Ines's key`,
      selfTally.connect(mallory).postRecoveryShare(electionId, m.id, ines.id, s.share, s.c, s.r),
    );
  }
  const [product] = await selfTally.runningProduct(electionId);
  const found = searchTally([product[0], product[1]], 8, council.length, 2);
  if (found === undefined) throw new Error("self-tally demo: no tally found");
  await say.refused("mallory: claim the result is 8 yes", selfTally.tally.staticCall(electionId, 8n), selfTally);
  await say.tx(
    `anyone: submit t = ${found.t}, checked on-chain with one ecMul`,
    selfTally.connect(mallory).tally(electionId, found.t),
  );
  const counts = await selfTally.result(electionId);
  say.line(`Result verified on-chain: ${counts[1]} yes, ${counts[0]} no, 1 absent; no single vote was ever revealed`);
  say.record(`self-tallying council ballot #${electionId}: ${counts[1]} yes / ${counts[0]} no`);
};
