// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILandSettlement} from "../../land/ILandSettlement.sol";
import {LandRegistry} from "../../land/LandRegistry.sol";
import {V2Extension} from "./V2Extension.sol";

/**
 * @title LandRegistryV2
 * @notice Test implementation of an upgrade of the title register: everything of v1 plus one field in a new ERC-7201
 * namespace. Used by `test/land/Upgrade.test.ts` to prove every record, balance, credit, pending consent and
 * permission survives the upgrade. It replaces the code of an already initialised proxy, so it has a migration
 * step (`initializeV2`, a reinitializer) instead of a full initializer: the validator is told so explicitly.
 * @custom:oz-upgrades-from contracts/land/LandRegistry.sol:LandRegistry
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract LandRegistryV2 is LandRegistry, V2Extension {
    /**
     * @param settlementModule The signed-sale module of this implementation (may differ from v1's).
     * @custom:oz-upgrades-unsafe-allow constructor
     */
    constructor(ILandSettlement settlementModule) LandRegistry(settlementModule) {}
}
