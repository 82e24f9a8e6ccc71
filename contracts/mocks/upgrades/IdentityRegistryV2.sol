// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IdentityRegistry} from "../../identity/IdentityRegistry.sol";
import {V2Extension} from "./V2Extension.sol";

/**
 * @title IdentityRegistryV2
 * @notice Test implementation of an IdentityRegistry upgrade: everything of v1 plus one field in a new ERC-7201
 * namespace. Used by `test/identity/Upgrade.test.ts` to prove every record, pending operation and permission
 * survives an upgrade. It replaces the code of an already initialised proxy, so it has a migration step
 * (`initializeV2`, a reinitializer) instead of a full initializer: the validator is told so explicitly.
 * @custom:oz-upgrades-from contracts/identity/IdentityRegistry.sol:IdentityRegistry
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract IdentityRegistryV2 is IdentityRegistry, V2Extension {}
