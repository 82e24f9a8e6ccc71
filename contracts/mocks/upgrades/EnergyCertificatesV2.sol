// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EnergyCertificates} from "../../energy/EnergyCertificates.sol";
import {V2Extension} from "./V2Extension.sol";

/**
 * @title EnergyCertificatesV2
 * @notice Test implementation of a EnergyCertificates upgrade: everything of v1 plus one field in a new
 * ERC-7201 namespace.
 * Used by `test/energy/Upgrade.test.ts` to prove every record survives an upgrade.
 * @custom:oz-upgrades-from EnergyCertificates
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract EnergyCertificatesV2 is EnergyCertificates, V2Extension {}
