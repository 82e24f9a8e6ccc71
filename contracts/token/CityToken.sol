// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

import {ICityToken} from "./ICityToken.sol";

/**
 * @title CityToken
 * @notice ERC-20 settlement token with EIP-2612 permit, minted only through the city's authority.
 */
contract CityToken is ERC20, ERC20Permit, AccessManaged, ICityToken {
    /**
     * @param name_ The token name (also the EIP-712 domain name for permits).
     * @param symbol_ The token symbol.
     * @param authority The city's AccessManager.
     */
    constructor(
        string memory name_,
        string memory symbol_,
        address authority
    ) ERC20(name_, symbol_) ERC20Permit(name_) AccessManaged(authority) {}

    /// @inheritdoc ICityToken
    function mint(address to, uint256 amount) external restricted {
        if (amount == 0) revert CityTokenZeroAmount();
        _mint(to, amount);
    }
}
