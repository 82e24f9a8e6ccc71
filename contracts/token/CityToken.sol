// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/ERC20Upgradeable.sol";
// solhint-disable-next-line max-line-length
import {ERC20PermitUpgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/extensions/ERC20PermitUpgradeable.sol";

import {CityService} from "../common/CityService.sol";
import {ICityToken} from "./ICityToken.sol";

/**
 * @title CityToken
 * @notice ERC-20 settlement token with EIP-2612 permit, minted only through the city's authority; behind a UUPS
 * proxy so balances and allowances survive every upgrade.
 */
contract CityToken is CityService, ERC20Upgradeable, ERC20PermitUpgradeable, ICityToken {
    /**
     * @param name_ The token name (also the EIP-712 domain name for permits).
     * @param symbol_ The token symbol.
     * @param authority The city's AccessManager.
     */
    function initialize(string calldata name_, string calldata symbol_, address authority) external initializer {
        __CityService_init(authority);
        __ERC20_init(name_, symbol_);
        __ERC20Permit_init(name_);
    }

    /// @inheritdoc ICityToken
    function mint(address to, uint256 amount) external restricted {
        if (amount == 0) revert CityTokenZeroAmount();
        _mint(to, amount);
    }
}
