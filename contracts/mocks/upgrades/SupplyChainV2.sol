// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SupplyChain} from "../../supply/SupplyChain.sol";
import {V2Extension} from "./V2Extension.sol";

/**
 * @title SupplyChainV2
 * @notice Test implementation of a SupplyChain upgrade: everything of v1 plus one field in a new ERC-7201
 * namespace. Used by the upgrade tests to prove batches, custody, lineage and recalls survive an upgrade.
 * It replaces the code of an already initialised proxy, so it has a migration step (`initializeV2`, a
 * reinitializer) instead of a full initializer: the validator is told so explicitly.
 * @custom:oz-upgrades-from contracts/supply/SupplyChain.sol:SupplyChain
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract SupplyChainV2 is SupplyChain, V2Extension {}
