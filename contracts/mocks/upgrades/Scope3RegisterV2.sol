// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Scope3Register} from "../../carbon/Scope3Register.sol";
import {V2Extension} from "./V2Extension.sol";

/**
 * @title Scope3RegisterV2
 * @notice Test implementation of a Scope3Register upgrade: everything of v1 plus one field in a new ERC-7201
 * namespace. Used by the upgrade tests to prove scope-3 entries survive an upgrade.
 * It replaces the code of an already initialised proxy, so it has a migration step (`initializeV2`, a
 * reinitializer) instead of a full initializer: the validator is told so explicitly.
 * @custom:oz-upgrades-from contracts/carbon/Scope3Register.sol:Scope3Register
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract Scope3RegisterV2 is Scope3Register, V2Extension {}
