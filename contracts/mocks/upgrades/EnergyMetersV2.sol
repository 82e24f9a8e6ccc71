// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EnergyMeters} from "../../energy/EnergyMeters.sol";
import {V2Extension} from "./V2Extension.sol";

/**
 * @title EnergyMetersV2
 * @notice Test implementation of a EnergyMeters upgrade: everything of v1 plus one field in a new
 * ERC-7201 namespace.
 * Used by `test/energy/Upgrade.test.ts` to prove every record survives an upgrade.
 * @custom:oz-upgrades-from contracts/energy/EnergyMeters.sol:EnergyMeters
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract EnergyMetersV2 is EnergyMeters, V2Extension {}
