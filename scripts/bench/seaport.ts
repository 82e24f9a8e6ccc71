import {
  ContractFactory,
  MaxUint256,
  parseEther,
  TypedDataEncoder,
  ZeroAddress,
  ZeroHash,
  type Contract,
} from "ethers";
import { network } from "hardhat";

import { buildSeaport } from "./seaportBuild.js";
import { gasOf, type Ratio } from "./types.js";

/**
 * The market anchor of issue 13: `ref.seaport.erc20_for_erc721`, a signed Seaport 1.6 basic order in which a
 * buyer pays ERC-20 for an ERC-721. The seller lists the token and signs the order (EIP-712 `OrderComponents`);
 * the buyer fulfils it with `fulfillBasicOrder_efficient_6GL6yc` (`ERC20_TO_ERC721_FULL_OPEN`, no conduit, no
 * zone, no fees). Steady state, like the other references: both parties already hold both tokens, the seller's
 * `setApprovalForAll` and the buyer's allowance to Seaport stand (Seaport takes no permit), and one order was
 * filled before the measured one.
 *
 * Seaport compiled without viaIR (scripts/bench/seaportBuild.ts) is over EIP-170's 24,576-byte limit, so it
 * runs on its own chain that allows oversized contracts (`allowUnlimitedContractSize`); nothing else differs.
 */

/** The oversized-contract note printed under the bench table. */
export let seaportNote = "";

/** Informational ratios to the market anchor: printed with the budgets, never a pass/fail rule. */
export const seaportRatios: Ratio[] = [
  // Issue 13: the signed land sale (one owner, no liens, permit included) against a signed market sale.
  { operation: "land.deed_total", of: "ref.seaport.erc20_for_erc721" },
];

/** Seaport's enums (seaport-types/src/lib/ConsiderationEnums.sol). */
const ItemType = { ERC20: 1, ERC721: 2 } as const;
const ORDER_TYPE_FULL_OPEN = 0;
const BASIC_ORDER_ERC20_TO_ERC721_FULL_OPEN = 8;

/** Fixed order terms: same calldata, hence the same gas, on every run. */
const PRICE = parseEther("1000");
const START_TIME = 0n;
const END_TIME = 1_830_297_600n; // 2028-01-01T00:00:00Z

/** Seaport's EIP-712 types (ConsiderationBase._deriveTypehashes); a consideration item adds its recipient. */
const ITEM_FIELDS = [
  { name: "itemType", type: "uint8" },
  { name: "token", type: "address" },
  { name: "identifierOrCriteria", type: "uint256" },
  { name: "startAmount", type: "uint256" },
  { name: "endAmount", type: "uint256" },
];
const ORDER_TYPES = {
  OrderComponents: [
    { name: "offerer", type: "address" },
    { name: "zone", type: "address" },
    { name: "offer", type: "OfferItem[]" },
    { name: "consideration", type: "ConsiderationItem[]" },
    { name: "orderType", type: "uint8" },
    { name: "startTime", type: "uint256" },
    { name: "endTime", type: "uint256" },
    { name: "zoneHash", type: "bytes32" },
    { name: "salt", type: "uint256" },
    { name: "conduitKey", type: "bytes32" },
    { name: "counter", type: "uint256" },
  ],
  OfferItem: ITEM_FIELDS,
  ConsiderationItem: [...ITEM_FIELDS, { name: "recipient", type: "address" }],
};

/** Deploys Seaport on a chain of its own and measures one signed ERC-20-for-ERC-721 basic order. */
export async function seaportReference(): Promise<Record<string, bigint>> {
  const build = buildSeaport();
  const { Seaport, ConduitController } = build.contracts;
  const connection = await network.create({ override: { allowUnlimitedContractSize: true } });
  try {
    const { ethers } = connection;
    // The network's default accounts: fixed keys, so fixed addresses and deterministic signatures (RFC 6979).
    const [deployer, seller, buyer] = await ethers.getSigners();
    const deploy = async (artifact: typeof Seaport, args: unknown[] = []) => {
      const contract = await new ContractFactory(artifact.abi, artifact.bytecode, deployer).deploy(...args);
      await contract.waitForDeployment();
      return contract as Contract;
    };
    const controller = await deploy(ConduitController);
    const seaport = await deploy(Seaport, [await controller.getAddress()]);
    const seaportAddress = await seaport.getAddress();

    const erc20 = await ethers.deployContract("RefERC20");
    const erc721 = await ethers.deployContract("RefERC721");
    for (const [who, amount] of [
      [buyer, 10n * PRICE],
      [seller, PRICE],
    ] as const)
      await (await erc20.mint(who.address, amount)).wait();
    for (const tokenId of [1n, 2n, 3n]) await (await erc721.mint(seller.address, tokenId)).wait();
    await (await erc721.mint(buyer.address, 100n)).wait();
    await (await erc721.connect(seller).setApprovalForAll(seaportAddress, true)).wait();
    await (await erc20.connect(buyer).approve(seaportAddress, MaxUint256)).wait();

    const domain = {
      name: "Seaport",
      version: "1.6",
      chainId: (await ethers.provider.getNetwork()).chainId,
      verifyingContract: seaportAddress,
    };
    const fill = async (tokenId: bigint, salt: bigint) => {
      const components = {
        offerer: seller.address,
        zone: ZeroAddress,
        offer: [
          {
            itemType: ItemType.ERC721,
            token: await erc721.getAddress(),
            identifierOrCriteria: tokenId,
            startAmount: 1n,
            endAmount: 1n,
          },
        ],
        consideration: [
          {
            itemType: ItemType.ERC20,
            token: await erc20.getAddress(),
            identifierOrCriteria: 0n,
            startAmount: PRICE,
            endAmount: PRICE,
            recipient: seller.address,
          },
        ],
        orderType: ORDER_TYPE_FULL_OPEN,
        startTime: START_TIME,
        endTime: END_TIME,
        zoneHash: ZeroHash,
        salt,
        conduitKey: ZeroHash,
        counter: await seaport.getCounter(seller.address),
      };
      // Our typed-data definition must give Seaport's own order hash (the struct hash the EIP-712 digest signs).
      const onChain: string = await seaport.getOrderHash(components);
      const local = TypedDataEncoder.hashStruct("OrderComponents", ORDER_TYPES, components);
      if (onChain !== local) throw new Error(`seaport order hash: local ${local}, on-chain ${onChain}`);
      const signature = await seller.signTypedData(domain, ORDER_TYPES, components);
      const parameters = {
        considerationToken: components.consideration[0].token,
        considerationIdentifier: 0n,
        considerationAmount: PRICE,
        offerer: seller.address,
        zone: ZeroAddress,
        offerToken: components.offer[0].token,
        offerIdentifier: tokenId,
        offerAmount: 1n,
        basicOrderType: BASIC_ORDER_ERC20_TO_ERC721_FULL_OPEN,
        startTime: START_TIME,
        endTime: END_TIME,
        zoneHash: ZeroHash,
        salt,
        offererConduitKey: ZeroHash,
        fulfillerConduitKey: ZeroHash,
        totalOriginalAdditionalRecipients: 0n,
        additionalRecipients: [],
        signature,
      };
      const gas = await gasOf(
        (seaport.connect(buyer) as Contract).getFunction("fulfillBasicOrder_efficient_6GL6yc")(parameters),
      );
      if ((await erc721.ownerOf(tokenId)) !== buyer.address) throw new Error("seaport order: token not delivered");
      const [, , totalFilled] = (await seaport.getOrderStatus(onChain)) as [boolean, boolean, bigint, bigint];
      if (totalFilled === 0n) throw new Error("seaport order: not recorded as filled");
      return gas;
    };
    await fill(1n, 1n); // warm-up: the seller's ERC-20 balance and the buyer's ERC-721 count were already non-zero
    const ops = { "ref.seaport.erc20_for_erc721": await fill(2n, 2n) };

    const size = Seaport.runtimeSize.toLocaleString("en-US");
    seaportNote =
      `ref.seaport.*: Seaport 1.6 (seaport-core) compiled by solc ${build.solc} without viaIR (runs 2^32-1) ` +
      `is ${size} bytes, over EIP-170's 24,576: measured on a chain allowing oversized contracts; ` +
      (build.compileMs > 0 ? `compiled in ${(build.compileMs / 1000).toFixed(1)} s` : "compiled output from cache") +
      ` (cache/seaport/${build.key}.json)`;
    return ops;
  } finally {
    await connection.close();
  }
}
