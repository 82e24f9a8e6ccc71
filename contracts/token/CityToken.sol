// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/ERC20Upgradeable.sol";
// solhint-disable-next-line max-line-length
import {ERC20PermitUpgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/extensions/ERC20PermitUpgradeable.sol";
// solhint-disable-next-line max-line-length
import {ERC20TransferAuthorizationUpgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/extensions/ERC20TransferAuthorizationUpgradeable.sol";
import {NoncesUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/NoncesUpgradeable.sol";
import {NoncesKeyedUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/NoncesKeyedUpgradeable.sol";

import {CityService} from "../common/CityService.sol";
import {ICityToken} from "./ICityToken.sol";

/**
 * @title CityToken
 * @notice ERC-20 settlement token with EIP-2612 permit and ERC-3009 transfer with authorization (a relayer
 * submits a holder's signed payment, so a resident needs no ether), minted only through the city's authority;
 * behind a UUPS proxy so balances, allowances and used authorizations survive every upgrade.
 * @dev ERC-3009 comes from OpenZeppelin 5.7's `ERC20TransferAuthorizationUpgradeable` (draft ERC-3009 plus
 * ERC-1271 `bytes` signatures and keyed sequential nonces). Its state lives in OpenZeppelin's own ERC-7201
 * namespaces (`openzeppelin.storage.ERC3009`, `openzeppelin.storage.NoncesKeyed`), new to this version, so the
 * committed layout is untouched. An authorization nonce is a `bytes32` read as `key (192 bits) | sequence
 * (64 bits)`: a key's sequences are used in order, so a resident's next payment on the same key rewrites a
 * warm slot instead of creating one.
 */
contract CityToken is
    CityService,
    ERC20Upgradeable,
    ERC20PermitUpgradeable,
    ERC20TransferAuthorizationUpgradeable,
    ICityToken
{
    /**
     * @param name_ The token name (also the EIP-712 domain name for permits and authorizations).
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

    /**
     * @notice The EIP-2612 permit nonce of `owner` (the key-0 sequence it shares with ERC-3009 key 0).
     * @param owner The holder.
     * @return The next permit nonce.
     */
    function nonces(address owner) public view override(ERC20PermitUpgradeable, NoncesUpgradeable) returns (uint256) {
        return super.nonces(owner);
    }

    /// @dev Authorization nonces are keyed (`key << 64 | sequence`); permits use key 0's plain sequence.
    function _useCheckedNonce(
        address owner,
        uint256 keyNonce
    ) internal override(NoncesUpgradeable, NoncesKeyedUpgradeable) {
        super._useCheckedNonce(owner, keyNonce);
    }
}
