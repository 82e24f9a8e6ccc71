import { Signature } from "ethers";

import { signAuthorization } from "../../src/payments.js";
import { gasOf, type BenchSuite, type Budget } from "./types.js";

/**
 * Payments (issue 14): a relayer submits a resident's ERC-3009 authorization. Like `ref.erc20.transfer`, the
 * receiver holds no tokens yet (a fresh balance slot). `payments.transfer_with_authorization` is a resident's
 * recurring payment on its nonce key (the key's sequence slot is rewritten); the first payment on a brand-new
 * key also creates that slot (`..._first_on_key`, recorded, no budget: a one-off per key, as a first permit).
 */
export const paymentsSuite: BenchSuite = async ({ connection, city }) => {
  const { networkHelpers } = connection;
  const { treasurer, alice, bob, carol, shop } = city.accounts;
  const ops: Record<string, bigint> = {};
  await (await city.token.connect(treasurer).mint(alice.address, 10n ** 24n)).wait();
  const validBefore = BigInt(await networkHelpers.time.latest()) + 86_400n;
  const pay = async (to: string) => {
    const auth = await signAuthorization(alice, city.token, to, 10n, { validBefore, nonceKey: 1n });
    const { v, r, s } = Signature.from(auth.signature);
    // The ERC-3009 standard form (v, r, s) a relayer submits for an EOA holder.
    return gasOf(
      city.token
        .connect(shop)
        ["transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)"](
          auth.from,
          auth.to,
          auth.value,
          auth.validAfter,
          auth.validBefore,
          auth.nonce,
          v,
          r,
          s,
        ),
    );
  };
  ops["payments.transfer_with_authorization_first_on_key"] = await pay(bob.address);
  ops["payments.transfer_with_authorization"] = await pay(carol.address);
  return ops;
};

/** Issue 14's budgets. */
export const paymentsBudgets: Budget[] = [
  { operation: "payments.transfer_with_authorization", atMost: 1.5, of: "ref.erc20.transfer" },
];
