// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CityToken} from "../../token/CityToken.sol";
import {V2Extension} from "./V2Extension.sol";

/**
 * @title CityTokenV2
 * @notice Test implementation of a CityToken upgrade: everything of v1 plus one field in a new ERC-7201
 * namespace. Used by the upgrade tests to prove balances, allowances and permit nonces survive an upgrade.
 * It replaces the code of an already initialised proxy, so it has a migration step (`initializeV2`, a
 * reinitializer) instead of a full initializer: the validator is told so explicitly.
 * @custom:oz-upgrades-from contracts/token/CityToken.sol:CityToken
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract CityTokenV2 is CityToken, V2Extension {}
