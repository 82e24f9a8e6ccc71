// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IIdentityRegistry} from "../../identity/IIdentityRegistry.sol";
import {PasskeyRegistry} from "../../identity/PasskeyRegistry.sol";
import {V2Extension} from "./V2Extension.sol";

/**
 * @title PasskeyRegistryV2
 * @notice Test implementation of a PasskeyRegistry upgrade: everything of v1 plus one field in a new ERC-7201
 * namespace. Used by the upgrade tests to prove passkeys, revisions and the relying party survive an upgrade.
 * It replaces the code of an already initialised proxy, so it has a migration step (`initializeV2`, a
 * reinitializer) instead of a full initializer: the validator is told so explicitly.
 * @custom:oz-upgrades-from contracts/identity/PasskeyRegistry.sol:PasskeyRegistry
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract PasskeyRegistryV2 is PasskeyRegistry, V2Extension {
    /**
     * @param identity_ The city's identity registry (as v1's).
     * @param rpIdHash_ The relying party id hash (as v1's, or another to move the city's relying party).
     * @custom:oz-upgrades-unsafe-allow constructor
     */
    constructor(IIdentityRegistry identity_, bytes32 rpIdHash_) PasskeyRegistry(identity_, rpIdHash_) {}
}
