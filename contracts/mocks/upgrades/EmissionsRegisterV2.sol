// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EmissionsRegister} from "../../carbon/EmissionsRegister.sol";
import {V2Extension} from "./V2Extension.sol";

/**
 * @title EmissionsRegisterV2
 * @notice Test implementation of an EmissionsRegister upgrade: everything of v1 plus one field in a new ERC-7201
 * namespace.
 * Used by the carbon upgrade test to prove every record survives an upgrade.
 * @custom:oz-upgrades-from contracts/carbon/EmissionsRegister.sol:EmissionsRegister
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract EmissionsRegisterV2 is EmissionsRegister, V2Extension {}
