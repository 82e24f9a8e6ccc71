// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Roles} from "../../contracts/access/Roles.sol";
import {IIdentityRegistry} from "../../contracts/identity/IIdentityRegistry.sol";
import {ILandRegistry} from "../../contracts/land/ILandRegistry.sol";
import {ILandSettlement} from "../../contracts/land/ILandSettlement.sol";
import {LandRegistry} from "../../contracts/land/LandRegistry.sol";
import {TestBase} from "../utils/TestBase.sol";
import {LandSetup} from "./LandSetup.sol";

/// @notice Random signed sales (every co-owner and the buyer sign), replays of settled deeds, freezes and
/// unfreezes, and terms signed before a change of the parcel that the registrar submits after it.
contract SignedSaleHandler is TestBase {
    LandRegistry public immutable registry;
    uint256 public immutable parcels;
    uint256[4] internal _keys;
    uint64[4] internal _ids;

    /// @dev Terms and their signers (ECDSA signatures are deterministic: signing again gives the same bytes).
    struct Signed {
        ILandSettlement.DeedTerms terms;
        uint64[] sellerIds;
    }
    Signed[] internal _settled;
    Signed[] internal _pending; // signed, not submitted yet

    mapping(uint256 parcelId => uint256) public lastRevision;
    bool public ghostRevisionDecreased;
    bool public ghostReplaySettled; // a used signature settled a second time
    bool public ghostStaleSettled; // terms signed before the parcel's last revision settled
    bool public ghostFrozenSettled; // a frozen parcel was sold
    uint256 public sales;

    constructor(LandRegistry registry_, uint256[4] memory keys, uint64[4] memory ids) {
        registry = registry_;
        _keys = keys;
        _ids = ids;
        parcels = 3;
    }

    /// @dev Every party signs terms for the parcel's current revision; the handler (LAND_REGISTRAR) settles.
    function sell(uint256 parcelSeed, uint256 buyerSeed, uint256 price) external {
        _checkRevisions();
        Signed memory s = _sign(parcelSeed, buyerSeed, price);
        if (s.sellerIds.length == 0) return;
        bool frozen = registry.parcel(s.terms.parcelId).frozen;
        if (_settle(s)) {
            if (frozen) ghostFrozenSettled = true;
            _settled.push(s);
            ++sales;
        }
        _checkRevisions();
    }

    /// @dev Terms signed now, submitted later by {submitPending}.
    function presign(uint256 parcelSeed, uint256 buyerSeed, uint256 price) external {
        Signed memory s = _sign(parcelSeed, buyerSeed, price);
        if (s.sellerIds.length != 0 && _pending.length < 8) _pending.push(s);
    }

    /// @dev Submits presigned terms: they settle only if the parcel has not changed since they were signed.
    function submitPending(uint256 seed) external {
        _checkRevisions();
        if (_pending.length == 0) return;
        Signed memory s = _pending[seed % _pending.length];
        uint256 current = registry.revisionCount(s.terms.parcelId);
        if (_settle(s)) {
            if (current != s.terms.revision) ghostStaleSettled = true;
            _settled.push(s);
            ++sales;
        }
        _checkRevisions();
    }

    /// @dev Submits a settled deed's terms and signatures again.
    function replay(uint256 seed) external {
        if (_settled.length == 0) return;
        if (_settle(_settled[seed % _settled.length])) ghostReplaySettled = true;
        _checkRevisions();
    }

    function freeze(uint256 parcelSeed, bool frozen) external {
        uint256 parcelId = bound(parcelSeed, 1, parcels);
        if (registry.parcel(parcelId).frozen == frozen) return;
        if (frozen) registry.freeze(parcelId, "case");
        else registry.unfreeze(parcelId, "case");
        _checkRevisions();
    }

    function idAt(uint256 i) external view returns (uint64) {
        return _ids[i];
    }

    /// @dev Settles as the registrar with the buyer's standing allowance; false if the settlement reverted.
    function _settle(Signed memory s) private returns (bool) {
        ILandSettlement.Permit memory none;
        bytes[] memory sellers = new bytes[](s.sellerIds.length);
        for (uint256 i = 0; i < sellers.length; ++i) sellers[i] = _signAs(s.terms, s.sellerIds[i]);
        try registry.settleSigned(s.terms, sellers, _signAs(s.terms, s.terms.buyerId), none) {
            return true;
        } catch {
            return false;
        }
    }

    /// @dev Terms for the parcel's current revision, to be signed by its owners in order and by a buyer who is
    /// not one (no sellers when every resident owns a share).
    function _sign(uint256 parcelSeed, uint256 buyerSeed, uint256 price) private view returns (Signed memory s) {
        uint256 parcelId = bound(parcelSeed, 1, parcels);
        ILandRegistry.Share[] memory owners = registry.ownersOf(parcelId);
        uint256 b = buyerSeed % 4;
        for (uint256 k = 0; k < 4 && _owns(owners, _ids[b]); ++k) b = (b + 1) % 4;
        if (_owns(owners, _ids[b])) return s;
        s.terms = ILandSettlement.DeedTerms({
            parcelId: parcelId,
            buyerId: _ids[b],
            price: bound(price, 1, 1e24),
            liens: bytes32(0),
            revision: registry.revisionCount(parcelId),
            deadline: block.timestamp + 1 days
        });
        s.sellerIds = new uint64[](owners.length);
        for (uint256 i = 0; i < owners.length; ++i) s.sellerIds[i] = owners[i].identityId;
    }

    function _signAs(ILandSettlement.DeedTerms memory terms, uint64 party) private view returns (bytes memory) {
        uint256 key;
        for (uint256 i = 0; i < 4; ++i) if (_ids[i] == party) key = _keys[i];
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, deedDigest(address(registry), terms, party));
        return abi.encodePacked(r, s, v);
    }

    /// @dev The EIP-712 digest `party` signs: domain "citychain LandSettlement" version "2" of `verifier`.
    function deedDigest(
        address verifier,
        ILandSettlement.DeedTerms memory t,
        uint64 party
    ) public view returns (bytes32) {
        bytes32 domain = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("citychain LandSettlement"),
                keccak256("2"),
                block.chainid,
                verifier
            )
        );
        bytes32 typeHash = keccak256(
            "DeedTerms(uint64 party,uint256 parcelId,uint64 buyerId,uint256 price,bytes32 liens,uint256 revision,"
            "uint256 deadline)"
        );
        bytes32 structHash = keccak256(
            abi.encode(typeHash, party, t.parcelId, t.buyerId, t.price, t.liens, t.revision, t.deadline)
        );
        return keccak256(abi.encodePacked("\x19\x01", domain, structHash));
    }

    function _owns(ILandRegistry.Share[] memory owners, uint64 id) private pure returns (bool) {
        for (uint256 i = 0; i < owners.length; ++i) if (owners[i].identityId == id) return true;
        return false;
    }

    function _checkRevisions() private {
        for (uint256 p = 1; p <= parcels; ++p) {
            uint256 count = registry.revisionCount(p);
            if (count < lastRevision[p]) ghostRevisionDecreased = true;
            lastRevision[p] = count;
        }
    }
}

contract LandSignedInvariantTest is LandSetup {
    SignedSaleHandler internal handler;
    address[4] internal wallets;
    uint256 internal minted;

    function setUp() public {
        _deployLand(address(0xdead));
        uint256[4] memory keys;
        uint64[4] memory ids;
        string[4] memory names = ["ada", "ben", "cleo", "dan"];
        for (uint256 i = 0; i < 4; ++i) {
            (wallets[i], keys[i]) = makeKey(names[i]);
            ids[i] = uint64(
                registry.register(
                    IIdentityRegistry.IdentityKind.Resident,
                    3,
                    keccak256(bytes(names[i])),
                    keccak256(abi.encode("record", names[i])),
                    uint40(block.timestamp + 36_500 days),
                    wallets[i]
                )
            );
            token.mint(wallets[i], 1e30);
            minted += 1e30;
            vm.prank(wallets[i]);
            token.approve(address(titles), type(uint256).max);
        }
        // Deployed from its artifact, so that this test contract does not carry the handler's code.
        handler = SignedSaleHandler(
            deployCode("LandSignedInvariants.t.sol:SignedSaleHandler", abi.encode(titles, keys, ids))
        );
        manager.grantRole(Roles.LAND_REGISTRAR, address(handler), 0);
        manager.grantRole(Roles.COURT, address(handler), 0);

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
        vm.stopPrank();
        targetContract(address(handler));
    }

    /// The handler is not vacuous: its sale settles, the replay and a stale presigned deed do not.
    function test_handlerSellsOnceAndRefusesStaleSignatures() public {
        handler.sell(1, 1, 1e18); // ada's parcel 1 to ben
        assertEq(handler.sales(), 1, "the sale did not settle");
        assertEq(titles.ownersOf(1)[0].identityId, handler.idAt(1), "ben does not own parcel 1");
        handler.replay(0);
        handler.presign(2, 0, 1e18); // ben's parcel 2 to ada, signed now
        handler.freeze(2, true);
        handler.freeze(2, false); // two revisions later
        handler.submitPending(0);
        assertEq(handler.sales(), 1, "a replay or a stale deed settled");
        assertFalse(handler.ghostReplaySettled() || handler.ghostStaleSettled(), "ghost flags");
        handler.presign(2, 0, 1e18);
        handler.submitPending(1); // fresh terms settle
        assertEq(handler.sales(), 2, "fresh presigned terms did not settle");
        assertEq(titles.ownersOf(2)[0].identityId, handler.idAt(0), "ada does not own parcel 2");
    }

    /// Every parcel has one owner set whose shares sum to 10,000 basis points, with no duplicate owner.
    function invariant_oneOwnerSetOfFullShares() public view {
        for (uint256 id = 1; id <= handler.parcels(); ++id) {
            ILandRegistry.Share[] memory owners = titles.ownersOf(id);
            uint256 sum;
            for (uint256 i = 0; i < owners.length; ++i) {
                sum += owners[i].bps;
                for (uint256 j = 0; j < i; ++j) assertTrue(owners[j].identityId != owners[i].identityId, "duplicate");
            }
            assertEq(sum, 10_000, "shares");
        }
    }

    /// Money is conserved: the residents hold every token minted and the register (the settlement) never holds any.
    function invariant_tokensConserved() public view {
        uint256 held;
        for (uint256 i = 0; i < 4; ++i) held += token.balanceOf(wallets[i]);
        assertEq(token.balanceOf(address(titles)), 0, "the register holds tokens");
        assertEq(held, minted, "tokens not conserved");
        assertEq(token.totalSupply(), minted, "supply");
    }

    /// Revisions only increase, and the current ones are at least the last the handler saw.
    function invariant_revisionsOnlyIncrease() public view {
        assertFalse(handler.ghostRevisionDecreased(), "a revision went down");
        for (uint256 id = 1; id <= handler.parcels(); ++id) {
            assertGe(titles.revisionCount(id), handler.lastRevision(id), "revision below the last seen");
        }
    }

    /// A used signature never settles twice; a signature made before the parcel's last revision or a frozen
    /// parcel never settles.
    function invariant_signaturesSettleOnce() public view {
        assertFalse(handler.ghostReplaySettled(), "a settled deed's signatures settled again");
        assertFalse(handler.ghostStaleSettled(), "a stale signature settled");
        assertFalse(handler.ghostFrozenSettled(), "a frozen parcel was sold");
    }
}
