// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CityAccessManager} from "../../contracts/access/CityAccessManager.sol";
import {Roles} from "../../contracts/access/Roles.sol";
import {IdentityRegistry} from "../../contracts/identity/IdentityRegistry.sol";
import {IIdentityRecovery} from "../../contracts/identity/IIdentityRecovery.sol";
import {IIdentityRegistry} from "../../contracts/identity/IIdentityRegistry.sol";
import {Proxies} from "../utils/Proxies.sol";
import {TestBase} from "../utils/TestBase.sol";

/**
 * @notice Deploys a city authority and an identity registry wired like `src/permissions.ts` (REGISTRAR for the
 * lifecycle; the rest ADMIN, which is this test contract), for the Solidity fuzz and invariant suites.
 */
abstract contract IdentitySetup is TestBase {
    uint256 internal constant DELAY = 3 days;

    CityAccessManager internal manager;
    IdentityRegistry internal registry;

    /// @notice Deploys the authority (this contract is its ADMIN) and the registry; `registrar` gets REGISTRAR.
    function _deployIdentity(address registrar) internal {
        vm.warp(1_700_000_000);
        // Deployed from their artifacts, not with `new`, so this test contract does not embed their bytecode.
        manager = CityAccessManager(deployCode("CityAccessManager.sol:CityAccessManager", abi.encode(address(this))));
        // Behind an ERC-1967 proxy, as the city deploys it (deploy/wiring.ts `deployProxy`).
        registry = IdentityRegistry(
            Proxies.deploy(
                deployCode("IdentityRegistry.sol:IdentityRegistry", ""),
                abi.encodeCall(IdentityRegistry.initialize, (address(manager), DELAY))
            )
        );
        bytes4[] memory selectors = new bytes4[](10);
        selectors[0] = IIdentityRegistry.register.selector;
        selectors[1] = IIdentityRegistry.registerDevice.selector;
        selectors[2] = IIdentityRegistry.setLevel.selector;
        selectors[3] = IIdentityRegistry.renew.selector;
        selectors[4] = IIdentityRegistry.updateRecord.selector;
        selectors[5] = IIdentityRegistry.suspend.selector;
        selectors[6] = IIdentityRegistry.reinstate.selector;
        selectors[7] = IIdentityRegistry.revoke.selector;
        selectors[8] = IIdentityRegistry.changeDeviceOwner.selector;
        selectors[9] = IIdentityRecovery.resetGuardians.selector;
        manager.setTargetFunctionRole(address(registry), selectors, Roles.REGISTRAR);
        manager.grantRole(Roles.REGISTRAR, registrar, 0);
    }

    /// @notice Registers a resident as `registrar` (who must hold REGISTRAR).
    function _registerAs(
        address registrar,
        bytes32 subject,
        uint8 level,
        uint40 validUntil,
        address wallet
    ) internal returns (uint256 id) {
        vm.prank(registrar);
        id = registry.register(
            IIdentityRegistry.IdentityKind.Resident,
            level,
            subject,
            keccak256(abi.encode("record", subject)),
            validUntil,
            wallet
        );
    }
}
