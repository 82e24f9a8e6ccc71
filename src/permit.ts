import { Signature, type Signer } from "ethers";

import { serviceDomain, type Eip712Service } from "./eip712.js";

/** What the SDK needs of an EIP-2612 token (CityToken). */
export interface PermitToken extends Eip712Service {
  nonces(owner: string): Promise<bigint>;
}

const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/**
 * Signs an EIP-2612 permit letting `spender` take `value` of the owner's tokens until `deadline`, with the
 * owner's current nonce and the token's own domain. Returns the `v, r, s` the token's `permit` takes.
 */
export async function signPermit(
  owner: Signer,
  token: PermitToken,
  spender: string,
  value: bigint,
  deadline: bigint,
): Promise<Signature> {
  const ownerAddress = await owner.getAddress();
  const nonce = await token.nonces(ownerAddress);
  const message = { owner: ownerAddress, spender, value, nonce, deadline };
  return Signature.from(await owner.signTypedData(await serviceDomain(token), PERMIT_TYPES, message));
}
