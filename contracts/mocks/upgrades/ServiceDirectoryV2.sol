// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ServiceDirectory} from "../../directory/ServiceDirectory.sol";
import {V2Extension} from "./V2Extension.sol";

/**
 * @title ServiceDirectoryV2
 * @notice Test implementation of a ServiceDirectory upgrade: everything of v1 plus one field in a new ERC-7201
 * namespace. Used by the upgrade tests to prove every listing and implementation record survives an upgrade.
 * It replaces the code of an already initialised proxy, so it has a migration step (`initializeV2`, a
 * reinitializer) instead of a full initializer: the validator is told so explicitly.
 * @custom:oz-upgrades-from contracts/directory/ServiceDirectory.sol:ServiceDirectory
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract ServiceDirectoryV2 is ServiceDirectory, V2Extension {}
