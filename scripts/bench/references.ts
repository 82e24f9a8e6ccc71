import { ZeroAddress, ZeroHash } from "ethers";

import { seaportReference } from "./seaport.js";
import { gasOf, type BenchSuite } from "./types.js";

/**
 * OpenZeppelin 5 and EAS reference operations, deployed fresh in the same run as the city. Each figure
 * is the first call of its kind on fresh state, the same conditions our own operations are measured in.
 * Seaport's signed basic order (the market anchor of a sale) runs on a chain of its own (scripts/bench/seaport.ts).
 */
export const referenceSuite: BenchSuite = async ({ connection, city }) => {
  const { ethers, networkHelpers } = connection;
  const { alice, bob, carol } = city.accounts;
  const ops: Record<string, bigint> = {};

  const erc20 = await ethers.deployContract("RefERC20");
  await (await erc20.mint(alice.address, 1000n)).wait();
  ops["ref.erc20.transfer"] = await gasOf(erc20.connect(alice).transfer(bob.address, 10n));

  // The sender keeps a second token through the first transfer, then sends its last one to an existing
  // owner (which earns the 4,800 refund for clearing its balance): the conditions of DESIGN.md's table.
  const erc721 = await ethers.deployContract("RefERC721");
  ops["ref.erc721.mint"] = await gasOf(erc721.mint(alice.address, 1n));
  await (await erc721.mint(alice.address, 2n)).wait();
  ops["ref.erc721.transfer_new_owner"] = await gasOf(
    erc721.connect(alice).transferFrom(alice.address, bob.address, 1n),
  );
  ops["ref.erc721.transfer_existing_owner"] = await gasOf(
    erc721.connect(alice).transferFrom(alice.address, bob.address, 2n),
  );

  const erc1155 = await ethers.deployContract("RefERC1155");
  ops["ref.erc1155.mint"] = await gasOf(erc1155.mint(alice.address, 1n, 100n));
  ops["ref.erc1155.transfer_new_holder"] = await gasOf(
    erc1155.connect(alice).safeTransferFrom(alice.address, bob.address, 1n, 10n, "0x"),
  );
  ops["ref.erc1155.burn"] = await gasOf(erc1155.burn(alice.address, 1n, 10n));

  const votes = await ethers.deployContract("RefVotesToken");
  for (const voter of [alice, bob, carol]) {
    await (await votes.mint(voter.address, 1000n)).wait();
    await (await votes.connect(voter).delegate(voter.address)).wait();
  }
  const governor = await ethers.deployContract("RefGovernor", [await votes.getAddress()]);
  await (await governor.connect(alice).propose([ZeroAddress], [0n], ["0x"], "reference proposal")).wait();
  const proposalId = await governor.hashProposal([ZeroAddress], [0n], ["0x"], ethers.id("reference proposal"));
  await networkHelpers.mine(2);
  ops["ref.governor.cast_vote_first"] = await gasOf(governor.connect(alice).castVote(proposalId, 1));
  ops["ref.governor.cast_vote_next"] = await gasOf(governor.connect(bob).castVote(proposalId, 1));

  const schemaRegistry = await ethers.deployContract("SchemaRegistry");
  const eas = await ethers.deployContract("EAS", [await schemaRegistry.getAddress()]);
  // An identity-like attestation: a recipient wallet, an expiry, and two commitments (subject, record).
  const schema = "bytes32 subjectCommitment,bytes32 recordCommitment";
  await (await schemaRegistry.register(schema, ZeroAddress, true)).wait();
  const schemaUid = ethers.solidityPackedKeccak256(["string", "address", "bool"], [schema, ZeroAddress, true]);
  const data = ethers.AbiCoder.defaultAbiCoder().encode(
    ["bytes32", "bytes32"],
    [ethers.id("subject"), ethers.id("record")],
  );
  const expirationTime = BigInt(await networkHelpers.time.latest()) + 365n * 86_400n;
  ops["ref.eas.attest"] = await gasOf(
    eas.connect(alice).attest({
      schema: schemaUid,
      data: { recipient: bob.address, expirationTime, revocable: true, refUID: ZeroHash, data, value: 0n },
    }),
  );
  Object.assign(ops, await seaportReference());
  return ops;
};
