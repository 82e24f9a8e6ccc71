// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IdentityRegistry} from "../../contracts/identity/IdentityRegistry.sol";
import {ILandDeeds} from "../../contracts/land/ILandDeeds.sol";
import {ILandLiens} from "../../contracts/land/ILandLiens.sol";
import {LandLiens} from "../../contracts/land/LandLiens.sol";
import {Documents} from "../../contracts/common/Documents.sol";
import {ILandRegistry} from "../../contracts/land/ILandRegistry.sol";
import {LandDeeds} from "../../contracts/land/LandDeeds.sol";
import {LandRegistry} from "../../contracts/land/LandRegistry.sol";
import {CityToken} from "../../contracts/token/CityToken.sol";
import {TestBase} from "../utils/TestBase.sol";
import {LandSetup} from "./LandSetup.sol";

/// @notice Random deeds, approvals, completions, refusals, expiries, freezes, subdivisions, withdrawals, lien
/// proposals and approvals, court liens, prunes and key recoveries.
contract LandHandler is TestBase {
    LandRegistry public immutable registry;
    LandDeeds public immutable deeds;
    CityToken public immutable token;
    IdentityRegistry public identity;
    address[4] internal _wallets;
    uint64[4] internal _ids;
    address[] public oldWallets; // wallets replaced by a recovery
    uint256 public recoveries;
    uint256 private _walletNonce;

    uint256 public maxParcelId;
    uint256[] public deedIds;
    uint256 public ghostOpenDeposits; // price of every funded deed that is still open
    bool public ghostFrozenTransfer; // a completion went through on a frozen parcel
    bool public ghostRetiredTransfer; // a completion went through on a retired parcel
    uint256 public completions;
    mapping(uint256 parcelId => bytes32) public ownersAtRetirement;
    uint256 private _cadastralNonce;

    constructor(
        LandRegistry registry_,
        LandDeeds deeds_,
        CityToken token_,
        address[4] memory wallets,
        uint64[4] memory ids,
        uint256 parcels
    ) {
        registry = registry_;
        deeds = deeds_;
        token = token_;
        _wallets = wallets;
        _ids = ids;
        maxParcelId = parcels;
    }

    function deedCount() external view returns (uint256) {
        return deedIds.length;
    }

    function oldWalletCount() external view returns (uint256) {
        return oldWallets.length;
    }

    function idAt(uint256 i) external view returns (uint64) {
        return _ids[i];
    }

    function walletAt(uint256 i) external view returns (address) {
        return _wallets[i];
    }

    function setIdentityRegistry(IdentityRegistry identity_) external {
        identity = identity_;
    }

    /// @dev A guardian recovery of resident `i` to a fresh wallet (guardians: the next two residents).
    function recoverKey(uint256 actorSeed) external {
        uint256 i = actorSeed % 4;
        address old = _wallets[i];
        address fresh = address(uint160(uint256(keccak256(abi.encode("fresh", ++_walletNonce)))));
        vm.prank(_wallets[(i + 1) % 4]);
        try identity.initiateRecovery(_ids[i], fresh) returns (uint256 recoveryId) {
            vm.prank(_wallets[(i + 2) % 4]);
            identity.approveRecovery(recoveryId);
            vm.warp(block.timestamp + identity.recoveryDelay() + 1);
            identity.executeRecovery(recoveryId);
        } catch {
            return;
        }
        ++recoveries;
        oldWallets.push(old);
        _wallets[i] = fresh;
        uint256 balance = token.balanceOf(old);
        vm.prank(old);
        token.transfer(fresh, balance);
        vm.prank(fresh);
        token.approve(address(deeds), type(uint256).max);
    }

    function open(uint256 parcelSeed, uint256 buyerSeed, uint256 price, uint256 ttl) external {
        uint256 parcelId = bound(parcelSeed, 1, maxParcelId);
        if (registry.parcel(parcelId).status != ILandRegistry.ParcelStatus.Active) return;
        address seller = _walletOf(registry.ownersOf(parcelId)[0].identityId);
        price = bound(price, 1, 1e24);
        vm.prank(seller);
        try
            deeds.openDeed(parcelId, _ids[buyerSeed % 4], price, uint48(block.timestamp + bound(ttl, 1 hours, 10 days)))
        returns (uint256 deedId) {
            deedIds.push(deedId);
        } catch {}
    }

    function fund(uint256 deedSeed) external {
        (uint256 deedId, ILandDeeds.Deed memory d) = _pick(deedSeed);
        if (d.status != ILandDeeds.DeedStatus.Open || d.funded) return;
        vm.prank(_walletOf(d.buyerId));
        try deeds.fundDeed(deedId) {
            ghostOpenDeposits += d.price;
        } catch {}
    }

    function approve(uint256 deedSeed, uint256 actorSeed) external {
        (uint256 deedId, ) = _pick(deedSeed);
        vm.prank(_wallets[actorSeed % 4]);
        try deeds.approve(deedId) {} catch {}
    }

    function complete(uint256 deedSeed) external {
        (uint256 deedId, ILandDeeds.Deed memory d) = _pick(deedSeed);
        ILandRegistry.Parcel memory before = registry.parcel(d.parcelId);
        try deeds.completeDeed(deedId) {
            if (before.frozen) ghostFrozenTransfer = true;
            if (before.status != ILandRegistry.ParcelStatus.Active) ghostRetiredTransfer = true;
            ghostOpenDeposits -= d.price;
            ++completions;
        } catch {}
    }

    function decline(uint256 deedSeed, uint256 actorSeed) external {
        (uint256 deedId, ILandDeeds.Deed memory d) = _pick(deedSeed);
        vm.prank(_wallets[actorSeed % 4]);
        try deeds.decline(deedId) {
            if (d.funded) ghostOpenDeposits -= d.price;
        } catch {}
    }

    function expire(uint256 deedSeed) external {
        (uint256 deedId, ILandDeeds.Deed memory d) = _pick(deedSeed);
        try deeds.expireDeed(deedId) {
            if (d.funded) ghostOpenDeposits -= d.price;
        } catch {}
    }

    function freeze(uint256 parcelSeed, bool frozen) external {
        uint256 parcelId = bound(parcelSeed, 1, maxParcelId);
        if (frozen) {
            try registry.freeze(parcelId, keccak256("order")) {} catch {}
        } else {
            try registry.unfreeze(parcelId, keccak256("order")) {} catch {}
        }
    }

    function subdivide(uint256 parcelSeed, uint256 split) external {
        uint256 parentId = bound(parcelSeed, 1, maxParcelId);
        ILandRegistry.Parcel memory p = registry.parcel(parentId);
        if (p.status != ILandRegistry.ParcelStatus.Active || p.areaM2 < 2) return;
        uint64 first = uint64(bound(split, 1, p.areaM2 - 1));
        ILandRegistry.ParcelSpec[] memory children = new ILandRegistry.ParcelSpec[](2);
        children[0] = _child(first);
        children[1] = _child(p.areaM2 - first);
        bytes32 owners = keccak256(abi.encode(registry.ownersOf(parentId)));
        try registry.subdivide(parentId, children) returns (uint256[] memory childIds) {
            ownersAtRetirement[parentId] = owners;
            maxParcelId = childIds[1];
        } catch {}
    }

    function withdraw(uint256 actorSeed) external {
        address payee = _wallets[actorSeed % 4];
        if (deeds.creditOf(_ids[actorSeed % 4]) == 0) return;
        vm.prank(payee);
        deeds.withdraw();
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 3 days));
    }

    function _child(uint64 area) private returns (ILandRegistry.ParcelSpec memory spec) {
        spec.cadastralId = keccak256(abi.encode("child", ++_cadastralNonce));
        spec.areaM2 = area;
        spec.survey.contentHash = spec.cadastralId;
        spec.survey.uri = "s";
        spec.deedDocuments.contentHash = spec.cadastralId;
        spec.deedDocuments.uri = "d";
    }

    function _pick(uint256 seed) private view returns (uint256 deedId, ILandDeeds.Deed memory d) {
        if (deedIds.length == 0) return (0, d);
        deedId = deedIds[seed % deedIds.length];
        d = deeds.deed(deedId);
    }

    function _walletOf(uint64 identityId) private view returns (address) {
        for (uint256 i = 0; i < 4; ++i) if (_ids[i] == identityId) return _wallets[i];
        return address(0);
    }
}

/// @notice Random lien proposals, owners' approvals, prunes, court liens and court releases.
contract LienHandler is TestBase {
    LandRegistry public immutable registry;
    LandLiens public immutable liens;
    LandHandler public immutable deedHandler;
    bool public ghostCourtBlocked; // the court could not impose a lien on an active parcel with a free court slot
    bytes32 public courtError;
    uint256 public courtLiens;

    constructor(LandRegistry registry_, LandLiens liens_, LandHandler deedHandler_) {
        registry = registry_;
        liens = liens_;
        deedHandler = deedHandler_;
    }

    function propose(uint256 parcelSeed, uint256 actorSeed, uint256 ttl) external {
        uint256 parcelId = bound(parcelSeed, 1, deedHandler.maxParcelId());
        Documents.Document memory terms;
        terms.contentHash = keccak256(abi.encode(parcelSeed, ttl));
        terms.uri = "t";
        vm.prank(deedHandler.walletAt(actorSeed % 4));
        try
            liens.proposeLien(
                parcelId,
                ILandLiens.LienKind.Mortgage,
                1,
                terms,
                uint48(block.timestamp + bound(ttl, 1 hours, 20 days))
            )
        {} catch {}
    }

    function approveLien(uint256 parcelSeed, uint256 actorSeed) external {
        uint256[] memory proposals = liens.proposalsOf(bound(parcelSeed, 1, deedHandler.maxParcelId()));
        if (proposals.length == 0) return;
        uint256 consentId = liens.lien(proposals[actorSeed % proposals.length]).consentId;
        vm.prank(deedHandler.walletAt(actorSeed % 4));
        try liens.approve(consentId) {} catch {}
    }

    function prune(uint256 parcelSeed, uint256 seed) external {
        uint256[] memory proposals = liens.proposalsOf(bound(parcelSeed, 1, deedHandler.maxParcelId()));
        if (proposals.length == 0) return;
        try liens.pruneLienProposal(proposals[seed % proposals.length]) {} catch {}
    }

    /// @dev The court imposes a small judgment; it must succeed on any active parcel with a free court slot.
    function courtLien(uint256 parcelSeed, uint256 payeeSeed) external {
        uint256 parcelId = bound(parcelSeed, 1, deedHandler.maxParcelId());
        bool active = registry.parcel(parcelId).status == ILandRegistry.ParcelStatus.Active;
        uint256 courtCount;
        uint256[] memory active_ = liens.liensOf(parcelId);
        for (uint256 i = 0; i < active_.length; ++i) {
            if (liens.lien(active_[i]).kind == ILandLiens.LienKind.CourtOrder) ++courtCount;
        }
        Documents.Document memory order;
        order.contentHash = keccak256(abi.encode("order", parcelSeed));
        order.uri = "o";
        try liens.imposeCourtLien(parcelId, deedHandler.idAt(payeeSeed % 4), 1, order) {
            ++courtLiens;
        } catch (bytes memory reason) {
            if (active && courtCount < liens.MAX_COURT_LIENS()) {
                ghostCourtBlocked = true;
                courtError = bytes32(reason);
            }
        }
    }

    function courtRelease(uint256 parcelSeed) external {
        uint256[] memory active_ = liens.liensOf(bound(parcelSeed, 1, deedHandler.maxParcelId()));
        if (active_.length == 0) return;
        try liens.courtReleaseLien(active_[0]) {} catch {}
    }
}

contract LandInvariantTest is LandSetup {
    LandHandler internal handler;
    LienHandler internal lienHandler;

    function setUp() public {
        address[4] memory wallets;
        uint64[4] memory ids;
        string[4] memory names = ["ada", "ben", "cleo", "dan"];
        for (uint256 i = 0; i < 4; ++i) {
            // The handler's address is not known yet; the official role is granted to it below.
            if (i == 0) _deployLand(address(0xdead));
            (wallets[i], ids[i]) = _resident(names[i]);
        }
        // Deployed from its artifact, so that this test contract does not carry the handler's code.
        handler = LandHandler(
            deployCode("LandInvariants.t.sol:LandHandler", abi.encode(titles, deeds, token, wallets, ids, 4))
        );
        handler.setIdentityRegistry(registry);
        lienHandler = LienHandler(deployCode("LandInvariants.t.sol:LienHandler", abi.encode(titles, liens, handler)));
        manager.grantRole(5, address(lienHandler), 0); // COURT
        manager.grantRole(4, address(handler), 0); // LAND_REGISTRAR
        manager.grantRole(5, address(handler), 0); // COURT
        // Each resident's guardians are the next two residents (threshold 2), so the handler can recover keys.
        for (uint256 i = 0; i < 4; ++i) {
            uint256[] memory guardians = new uint256[](2);
            guardians[0] = ids[(i + 1) % 4];
            guardians[1] = ids[(i + 2) % 4];
            vm.prank(wallets[i]);
            registry.appointGuardians(ids[i], guardians, 2);
        }
        vm.warp(block.timestamp + registry.recoveryDelay() + 1); // in case a first appointment is delayed

        ILandRegistry.Share[] memory sole = new ILandRegistry.Share[](1);
        ILandRegistry.Share[] memory shared = new ILandRegistry.Share[](3);
        vm.startPrank(address(handler));
        for (uint256 i = 0; i < 2; ++i) {
            sole[0] = ILandRegistry.Share({identityId: ids[i], bps: 10_000});
            titles.registerParcel(_spec(bytes32(i + 1), 10_000), sole);
        }
        shared[0] = ILandRegistry.Share({identityId: ids[0], bps: 3_333});
        shared[1] = ILandRegistry.Share({identityId: ids[2], bps: 3_333});
        shared[2] = ILandRegistry.Share({identityId: ids[3], bps: 3_334});
        titles.registerParcel(_spec(bytes32(uint256(3)), 5_000), shared);
        sole[0] = ILandRegistry.Share({identityId: ids[3], bps: 10_000});
        titles.registerParcel(_spec(bytes32(uint256(4)), 7_000), sole);
        vm.stopPrank();
        targetContract(address(handler));
        targetContract(address(lienHandler));
    }

    /// Every live parcel's shares sum to 10,000 basis points.
    function invariant_liveSharesSumToFullOwnership() public view {
        for (uint256 id = 1; id <= handler.maxParcelId(); ++id) {
            if (titles.parcel(id).status != ILandRegistry.ParcelStatus.Active) continue;
            ILandRegistry.Share[] memory owners = titles.ownersOf(id);
            uint256 sum;
            for (uint256 i = 0; i < owners.length; ++i) sum += owners[i].bps;
            assertEq(sum, 10_000, "shares");
        }
    }

    /// A parcel is never both frozen and transferred; a retired parcel never moves.
    function invariant_noTransferOfFrozenOrRetiredParcels() public view {
        assertFalse(handler.ghostFrozenTransfer(), "a frozen parcel was transferred");
        assertFalse(handler.ghostRetiredTransfer(), "a retired parcel was transferred");
        for (uint256 id = 1; id <= handler.maxParcelId(); ++id) {
            ILandRegistry.Parcel memory p = titles.parcel(id);
            if (p.status != ILandRegistry.ParcelStatus.Retired) continue;
            assertEq(
                keccak256(abi.encode(titles.ownersOf(id))),
                handler.ownersAtRetirement(id),
                "retired parent moved"
            );
            assertEq(p.lockedByDeed, 0, "retired parent locked");
        }
    }

    /// Every parcel the register accepts can still be sold: a deed names its owners plus the buyer within
    /// MAX_PARTIES, and no limit strangers can fill (proposals) stands in a deed's way or exceeds its bound.
    function invariant_everyParcelCanStillBeSold() public view {
        LandLiens register = LandLiens(address(liens));
        for (uint256 id = 1; id <= handler.maxParcelId(); ++id) {
            ILandRegistry.Parcel memory p = titles.parcel(id);
            if (p.status != ILandRegistry.ParcelStatus.Active) continue;
            assertLe(uint256(p.ownerCount) + 1, deeds.MAX_PARTIES(), "owners + buyer > MAX_PARTIES");
            assertLe(liens.proposalsOf(id).length, register.MAX_PROPOSALS_PER_PARCEL(), "proposals over the cap");
            assertLe(
                liens.liensOf(id).length,
                register.MAX_ACTIVE_LIENS() + register.MAX_COURT_LIENS(),
                "active liens over the caps"
            );
        }
    }

    /// The court can always impose a lien on an active parcel (its own slots; proposals never count).
    function invariant_courtCanAlwaysImposeALien() public view {
        assertEq(uint256(lienHandler.courtError()) >> 224, 0, "the court was blocked, error selector");
        assertFalse(lienHandler.ghostCourtBlocked(), "the court was blocked");
    }

    /// After a recovery the old wallet holds no land right: no identity, so no title, consent, lien or credit.
    function invariant_oldWalletsHoldNoLandRight() public view {
        for (uint256 w = 0; w < handler.oldWalletCount(); ++w) {
            address old = handler.oldWallets(w);
            assertEq(registry.identityOf(old), 0, "old wallet still an identity");
            assertEq(titles.balanceOf(old), 0, "old wallet shows a title");
            for (uint256 i = 0; i < 4; ++i) {
                assertTrue(registry.walletOf(handler.idAt(i)) != old, "old wallet still acts for an identity");
            }
            for (uint256 d = 0; d < handler.deedCount(); ++d) {
                assertFalse(deeds.isConsentParty(handler.deedIds(d), registry.identityOf(old)), "old wallet a party");
            }
        }
    }

    /// The escrow holds exactly the open deeds' deposits plus the identities' credits, never more than its balance.
    function invariant_escrowEqualsOpenDeposits() public view {
        uint256 locked;
        for (uint256 i = 0; i < handler.deedCount(); ++i) {
            uint256 deedId = handler.deedIds(i);
            ILandDeeds.Deed memory d = deeds.deed(deedId);
            uint256 remaining = deeds.escrowAccount(deedId).remaining;
            if (d.status == ILandDeeds.DeedStatus.Open && d.funded) assertEq(remaining, d.price, "open deposit");
            else assertEq(remaining, 0, "closed deed still holds funds");
            locked += remaining;
        }
        assertEq(locked, handler.ghostOpenDeposits(), "open deposits");
        uint256 credits;
        for (uint256 i = 0; i < 4; ++i) credits += deeds.creditOf(handler.idAt(i));
        assertEq(deeds.totalOwed(), locked + credits, "owed != deposits + credits");
        assertLe(deeds.totalOwed(), token.balanceOf(address(deeds)), "owed > balance");
    }
}
