// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {LandLiens} from "../../land/LandLiens.sol";
import {V2Extension} from "./V2Extension.sol";

/**
 * @title LandLiensV2
 * @notice Test implementation of an upgrade of the lien register: everything of v1 plus one field in a new ERC-7201
 * namespace. Used by `test/land/Upgrade.test.ts` to prove every record, balance, credit, pending consent and
 * permission survives the upgrade. It replaces the code of an already initialised proxy, so it has a migration
 * step (`initializeV2`, a reinitializer) instead of a full initializer: the validator is told so explicitly.
 * @custom:oz-upgrades-from contracts/land/LandLiens.sol:LandLiens
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract LandLiensV2 is LandLiens, V2Extension {}
