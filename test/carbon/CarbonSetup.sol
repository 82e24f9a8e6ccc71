// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CarbonCredits} from "../../contracts/carbon/CarbonCredits.sol";
import {EmissionsRegister} from "../../contracts/carbon/EmissionsRegister.sol";
import {ICarbonCredits} from "../../contracts/carbon/ICarbonCredits.sol";
import {IIdentityRegistry} from "../../contracts/identity/IIdentityRegistry.sol";
import {IdentitySetup} from "../identity/IdentitySetup.sol";
import {Proxies} from "../utils/Proxies.sol";

/**
 * @notice On top of {IdentitySetup} (authority and identity registry; this contract is ADMIN and REGISTRAR),
 * deploys the carbon ledger behind proxies and binds the register. Its restricted functions are left ADMIN-only
 * (the default), so an `official` granted ADMIN plays both the regulator and the verifier.
 */
abstract contract CarbonSetup is IdentitySetup {
    CarbonCredits internal credits;
    EmissionsRegister internal emissions;

    function _deployCarbon() internal {
        _deployIdentity(address(this));
        credits = CarbonCredits(
            Proxies.deploy(
                deployCode("CarbonCredits.sol:CarbonCredits", ""),
                abi.encodeCall(CarbonCredits.initialize, (address(manager), registry, "carbon/"))
            )
        );
        emissions = EmissionsRegister(
            Proxies.deploy(
                deployCode("EmissionsRegister.sol:EmissionsRegister", ""),
                abi.encodeCall(EmissionsRegister.initialize, (address(manager), registry, ICarbonCredits(credits)))
            )
        );
        credits.bindRegister(address(emissions));
    }

    /// @notice Registers an identity of `kind` (level 3, valid for a century) for a new wallet named `name`.
    function _identity(
        string memory name,
        IIdentityRegistry.IdentityKind kind,
        address wallet
    ) internal returns (uint256 id) {
        id = registry.register(
            kind,
            3,
            keccak256(bytes(name)),
            keccak256(abi.encode("record", name)),
            uint40(block.timestamp + 36_500 days),
            wallet
        );
    }
}
