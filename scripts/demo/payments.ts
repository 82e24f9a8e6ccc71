import { formatEther, parseEther, Wallet } from "ethers";

import {
  authorizationArgs,
  RECEIVE_WITH_AUTHORIZATION,
  signAuthorization,
  signCancelAuthorization,
  CANCEL_AUTHORIZATION,
} from "../../src/payments.js";
import type { Chapter } from "./narrator.js";

/** Payments: a resident without ether pays a shop; the shop relays the resident's signed ERC-3009 payment. */
export const paymentsChapter: Chapter = async ({ connection, city, say }) => {
  const { ethers, networkHelpers } = connection;
  const { token, accounts } = city;
  const { treasurer, shop, mallory } = accounts;

  say.title("6. Payments: a resident with no ether pays a shop");
  const resident = Wallet.createRandom(ethers.provider);
  await say.tx(
    "treasurer mints 100 CITY to a new resident",
    token.connect(treasurer).mint(resident.address, parseEther("100")),
  );
  say.line(
    `the resident holds ${formatEther(await ethers.provider.getBalance(resident.address))} ether: it cannot send a transaction`,
  );

  const validBefore = BigInt(await networkHelpers.time.latest()) + 600n;
  const auth = await signAuthorization(resident, token, shop.address, parseEther("12.5"), {
    validBefore,
    kind: "receive",
  });
  say.line("the resident signs an ERC-3009 ReceiveWithAuthorization (12.5 CITY to the shop, valid 10 min) offline");
  await say.refused(
    "mallory tries to submit it (front-running the shop)",
    token.connect(mallory)[RECEIVE_WITH_AUTHORIZATION](...authorizationArgs(auth)),
    token,
  );
  await say.tx(
    "the shop relays it and pays the gas",
    token.connect(shop)[RECEIVE_WITH_AUTHORIZATION](...authorizationArgs(auth)),
  );
  await say.refused(
    "the shop replays it",
    token.connect(shop)[RECEIVE_WITH_AUTHORIZATION](...authorizationArgs(auth)),
    token,
  );

  const second = await signAuthorization(resident, token, shop.address, parseEther("99"), {
    validBefore,
    kind: "receive",
  });
  const cancel = await signCancelAuthorization(resident, token, second.nonce);
  await say.tx(
    "the resident changes its mind: the shop relays its signed cancellation",
    token.connect(shop)[CANCEL_AUTHORIZATION](cancel.authorizer, cancel.nonce, cancel.signature),
  );
  await say.refused(
    "the cancelled authorization is dead",
    token.connect(shop)[RECEIVE_WITH_AUTHORIZATION](...authorizationArgs(second)),
    token,
  );
  say.record(
    `resident ${resident.address.slice(0, 10)}… paid the shop 12.5 CITY gaslessly; ` +
      `balance ${formatEther(await token.balanceOf(resident.address))} CITY, 0 ether`,
  );
};
