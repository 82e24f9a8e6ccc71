// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILandDeeds} from "../../contracts/land/ILandDeeds.sol";
import {ILandRegistry} from "../../contracts/land/ILandRegistry.sol";
import {LandDeeds} from "../../contracts/land/LandDeeds.sol";
import {LandRegistry} from "../../contracts/land/LandRegistry.sol";
import {CityToken} from "../../contracts/token/CityToken.sol";
import {TestBase} from "../utils/TestBase.sol";
import {LandSetup} from "./LandSetup.sol";

/// @notice Random deeds, approvals, completions, refusals, expiries, freezes, subdivisions and withdrawals.
contract LandHandler is TestBase {
    LandRegistry public immutable registry;
    LandDeeds public immutable deeds;
    CityToken public immutable token;
    address[4] internal _wallets;
    uint64[4] internal _ids;

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

    function open(uint256 parcelSeed, uint256 buyerSeed, uint256 price, uint256 ttl) external {
        uint256 parcelId = bound(parcelSeed, 1, maxParcelId);
        if (registry.parcel(parcelId).status != ILandRegistry.ParcelStatus.Active) return;
        address seller =
            registry.ownerOf(parcelId) == address(registry)
                ? _walletOf(registry.ownersOf(parcelId)[0].identityId)
                : registry.ownerOf(parcelId);
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
        if (deeds.creditOf(payee) == 0) return;
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

contract LandInvariantTest is LandSetup {
    LandHandler internal handler;

    function setUp() public {
        address[4] memory wallets;
        uint64[4] memory ids;
        string[4] memory names = ["ada", "ben", "cleo", "dan"];
        for (uint256 i = 0; i < 4; ++i) {
            // The handler's address is not known yet; the official role is granted to it below.
            if (i == 0) _deployLand(address(0xdead));
            (wallets[i], ids[i]) = _resident(names[i]);
        }
        handler = new LandHandler(titles, deeds, token, wallets, ids, 4);
        manager.grantRole(4, address(handler), 0); // LAND_REGISTRAR
        manager.grantRole(5, address(handler), 0); // COURT

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

    /// The escrow holds exactly the open deeds' deposits (plus credits not yet withdrawn), nothing else.
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
        assertEq(deeds.totalOwed(), token.balanceOf(address(deeds)), "owed != balance");
    }
}
