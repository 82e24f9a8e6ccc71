// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SupplyInspections} from "../../supply/SupplyInspections.sol";
import {V2Extension} from "./V2Extension.sol";

/**
 * @title SupplyInspectionsV2
 * @notice Test implementation of a SupplyInspections upgrade: everything of v1 plus one field in a new ERC-7201
 * namespace. Used by the upgrade tests to prove inspections survive an upgrade.
 * It replaces the code of an already initialised proxy, so it has a migration step (`initializeV2`, a
 * reinitializer) instead of a full initializer: the validator is told so explicitly.
 * @custom:oz-upgrades-from contracts/supply/SupplyInspections.sol:SupplyInspections
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract SupplyInspectionsV2 is SupplyInspections, V2Extension {}
