// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title ICityToken
 * @notice The city's settlement currency: premiums, payouts, fees, escrow and energy settlement.
 * ERC-20 with EIP-2612 permit; only the TREASURER role mints.
 */
interface ICityToken {
    /// @notice Minting zero tokens is a mistake, not a no-op.
    error CityTokenZeroAmount();

    /**
     * @notice Mints new settlement tokens. Restricted to the TREASURER role.
     * @param to The receiver (not the zero address).
     * @param amount The amount, greater than zero.
     */
    function mint(address to, uint256 amount) external;
}
