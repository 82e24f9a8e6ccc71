// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EnergyMarket} from "../../energy/EnergyMarket.sol";
import {V2Extension} from "./V2Extension.sol";

/**
 * @title EnergyMarketV2
 * @notice Test implementation of a EnergyMarket upgrade: everything of v1 plus one field in a new
 * ERC-7201 namespace.
 * Used by `test/energy/Upgrade.test.ts` to prove every record survives an upgrade.
 * @custom:oz-upgrades-from contracts/energy/EnergyMarket.sol:EnergyMarket
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract EnergyMarketV2 is EnergyMarket, V2Extension {}
