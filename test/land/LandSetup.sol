// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Roles} from "../../contracts/access/Roles.sol";
import {Documents} from "../../contracts/common/Documents.sol";
import {IIdentityRegistry} from "../../contracts/identity/IIdentityRegistry.sol";
import {ILandDeeds} from "../../contracts/land/ILandDeeds.sol";
import {ILandLiens} from "../../contracts/land/ILandLiens.sol";
import {ILandRegistry} from "../../contracts/land/ILandRegistry.sol";
import {LandDeeds} from "../../contracts/land/LandDeeds.sol";
import {LandLiens} from "../../contracts/land/LandLiens.sol";
import {ILandSettlement} from "../../contracts/land/ILandSettlement.sol";
import {LandRegistry} from "../../contracts/land/LandRegistry.sol";
import {CityToken} from "../../contracts/token/CityToken.sol";
import {IdentitySetup} from "../identity/IdentitySetup.sol";
import {Proxies} from "../utils/Proxies.sol";

/**
 * @notice On top of {IdentitySetup} (authority and identity registry; this contract is ADMIN and REGISTRAR),
 * deploys the settlement token and the land service wired like `src/permissions.ts`: `official` gets
 * LAND_REGISTRAR and COURT; the lien register and deed office get LAND_MODULE. `titles` is the land registry.
 */
abstract contract LandSetup is IdentitySetup {
    CityToken internal token;
    LandRegistry internal titles;
    ILandLiens internal liens;
    LandDeeds internal deeds;

    function _deployLand(address official) internal {
        _deployIdentity(address(this));
        token = CityToken(
            Proxies.deploy(
                deployCode("CityToken.sol:CityToken", ""),
                abi.encodeCall(CityToken.initialize, ("City Token", "CITY", address(manager)))
            )
        );
        // The signed-sale module: stateless, run by the register's `settleSigned` in the register's storage.
        address saleModule = deployCode("LandSettlementModule.sol:LandSettlementModule", abi.encode(registry, token));
        titles = LandRegistry(
            Proxies.deploy(
                deployCode("LandRegistry.sol:LandRegistry", abi.encode(saleModule)),
                abi.encodeCall(LandRegistry.initialize, (address(manager), registry, "title/"))
            )
        );
        liens = ILandLiens(
            Proxies.deploy(
                deployCode("LandLiens.sol:LandLiens", ""),
                abi.encodeCall(LandLiens.initialize, (address(manager), titles, registry))
            )
        );
        deeds = LandDeeds(
            Proxies.deploy(
                deployCode("LandDeeds.sol:LandDeeds", ""),
                abi.encodeCall(LandDeeds.initialize, (address(manager), titles, liens, registry, token))
            )
        );

        registry.setServiceMinLevel("land", 1); // the land service fails closed at level 0
        bytes4[] memory registrar = new bytes4[](5);
        registrar[0] = ILandRegistry.registerParcel.selector;
        registrar[1] = ILandRegistry.subdivide.selector;
        registrar[2] = ILandRegistry.merge.selector;
        registrar[3] = ILandRegistry.succeedByRegistrar.selector;
        registrar[4] = ILandSettlement.settleSigned.selector;
        manager.setTargetFunctionRole(address(titles), registrar, Roles.LAND_REGISTRAR);
        bytes4[] memory admin = new bytes4[](1);
        admin[0] = ILandRegistry.linkSaleLiens.selector;
        manager.setTargetFunctionRole(address(titles), admin, Roles.ADMIN);
        titles.linkSaleLiens(address(liens));
        bytes4[] memory court = new bytes4[](3);
        court[0] = ILandRegistry.freeze.selector;
        court[1] = ILandRegistry.unfreeze.selector;
        court[2] = ILandRegistry.succeedByCourt.selector;
        manager.setTargetFunctionRole(address(titles), court, Roles.COURT);
        bytes4[] memory courtLiens = new bytes4[](3);
        courtLiens[0] = ILandLiens.imposeCourtLien.selector;
        courtLiens[1] = ILandLiens.courtReleaseLien.selector;
        courtLiens[2] = ILandLiens.rejectLienProposal.selector;
        manager.setTargetFunctionRole(address(liens), courtLiens, Roles.COURT);
        bytes4[] memory module = new bytes4[](4);
        module[0] = ILandRegistry.lockForDeed.selector;
        module[1] = ILandRegistry.unlock.selector;
        module[2] = ILandRegistry.conveyTitle.selector;
        module[3] = ILandRegistry.recordRevision.selector;
        manager.setTargetFunctionRole(address(titles), module, Roles.LAND_MODULE);
        bytes4[] memory discharge = new bytes4[](1);
        discharge[0] = ILandLiens.dischargeForSale.selector;
        manager.setTargetFunctionRole(address(liens), discharge, Roles.LAND_MODULE);
        bytes4[] memory deedOffice = new bytes4[](2);
        deedOffice[0] = ILandDeeds.completeDeed.selector;
        deedOffice[1] = ILandDeeds.cancelDeed.selector;
        manager.setTargetFunctionRole(address(deeds), deedOffice, Roles.LAND_REGISTRAR);
        manager.grantRole(Roles.LAND_MODULE, address(liens), 0);
        manager.grantRole(Roles.LAND_MODULE, address(deeds), 0);
        manager.grantRole(Roles.LAND_MODULE, address(titles), 0); // its signed sales pay liens off on the lien register
        manager.grantRole(Roles.LAND_REGISTRAR, official, 0);
        manager.grantRole(Roles.COURT, official, 0);
    }

    /// @notice Registers a resident (level 3, valid for a century) whose wallet holds CITY approved to the deed office.
    function _resident(string memory name) internal returns (address wallet, uint64 id) {
        wallet = makeAddr(name);
        id = uint64(
            registry.register(
                IIdentityRegistry.IdentityKind.Resident,
                3,
                keccak256(bytes(name)),
                keccak256(abi.encode("record", name)),
                uint40(block.timestamp + 36_500 days),
                wallet
            )
        );
        token.mint(wallet, 1e30);
        vm.prank(wallet);
        token.approve(address(deeds), type(uint256).max);
    }

    function _spec(bytes32 cadastralId, uint64 areaM2) internal pure returns (ILandRegistry.ParcelSpec memory) {
        return
            ILandRegistry.ParcelSpec({
                cadastralId: cadastralId,
                areaM2: areaM2,
                survey: Documents.Document({contentHash: keccak256(abi.encode(cadastralId)), scheme: 0, uri: "s"}),
                deedDocuments: Documents.Document({contentHash: keccak256(abi.encode(areaM2)), scheme: 1, uri: "d"})
            });
    }
}
