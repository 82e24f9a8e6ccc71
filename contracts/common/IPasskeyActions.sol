// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPasskeyRegistry} from "../identity/IPasskeyRegistry.sol";

/**
 * @title IPasskeyActions
 * @notice The passkey entry points every resident-signed action shares (issue 20): a relayer submits a WebAuthn
 * assertion whose challenge is the action's EIP-712 digest (the very digest its ECDSA path signs, covering
 * signer identity, action, state relied on, chain, contract, nonce and deadline), checked by the city's
 * {IPasskeyRegistry}. Each service sets the registry (ADMIN) and, per service, from which amount an action
 * requires level 3 proved on-chain (a user-verified assertion by a level-3 identity).
 * @dev Amounts: a payment's or claim's value; actions without an amount count as 1, so a threshold of 1 means
 * "always" and 0 means "never".
 */
interface IPasskeyActions {
    /// @notice The service's passkey verifier was set (zero: passkey entry points disabled).
    event PasskeyActionsRegistrySet(address indexed passkeys);
    /// @notice The amount from which this service's passkey actions require level 3 (0: never).
    event PasskeyActionsLevel3Set(uint256 level3From);

    /// @notice No passkey verifier is set on this service (or it is not a contract).
    error PasskeyActionsRegistryNotSet();
    /// @notice A level-3 threshold does not fit 96 bits.
    error PasskeyActionsLevel3Invalid(uint256 level3From);

    /**
     * @notice Sets the city's passkey verifier this service's passkey entry points use (ADMIN).
     * @param passkeys The {IPasskeyRegistry} (zero disables the passkey entry points).
     */
    function setPasskeyRegistry(IPasskeyRegistry passkeys) external;

    /**
     * @notice Sets the amount from which a passkey action requires level 3 (ADMIN): 0 never, 1 always.
     * @param level3From The threshold (below 2^96).
     */
    function setPasskeyLevel3From(uint256 level3From) external;

    /// @notice The passkey verifier and the level-3 threshold of this service.
    function passkeyPolicy() external view returns (IPasskeyRegistry passkeys, uint256 level3From);
}
