// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

import {RevisionLog} from "../common/RevisionLog.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {ILandRegistry} from "./ILandRegistry.sol";

/**
 * @title LandRegisterCore
 * @notice The land title register's state (three ERC-7201 namespaces) and the internal steps its changes share,
 * with no external function: inherited by the register ({LandTitles}, {LandRegistryState}, {LandRegistry}) and
 * by its signed-sale module ({LandSettlementModule}), which runs in the register's storage by `DELEGATECALL`.
 */
abstract contract LandRegisterCore {
    uint16 internal constant _FULL_SHARE = 10_000;
    /// @dev The high 192 bits of a chain-of-title link; the low 64 hold the revision count.
    bytes32 private constant _HASH_BITS = ~bytes32(uint256(type(uint64).max));

    /// @custom:storage-location erc7201:citychain.storage.LandTitles
    struct LandTitlesStorage {
        IIdentityRegistry identity;
        string baseTokenURI;
        /// @dev Titles held (sole-owned) per identity id; co-owned titles are counted in `coOwnedTitles`.
        mapping(uint256 identityId => uint256 count) titleCount;
        uint256 coOwnedTitles;
    }

    /// @custom:storage-location erc7201:citychain.storage.LandRegistry
    struct LandRegistryStorage {
        uint256 parcelCount;
        mapping(uint256 parcelId => ILandRegistry.Parcel) parcels;
        mapping(uint256 parcelId => mapping(uint256 index => ILandRegistry.Share)) shares;
        mapping(bytes32 cadastralId => uint256 parcelId) parcelByCadastralId;
        mapping(uint256 parcelId => uint256[]) parents;
        mapping(uint256 parcelId => uint256[]) children;
        mapping(uint256 parcelId => uint256 count) activeLiens;
        /// @dev Unused since the hash-chained head (kept for the storage layout): stored entries, one per revision.
        mapping(uint256 parcelId => RevisionLog.History) histories;
        /// @dev Each parcel's chain-of-title head; its low 64 bits count the revisions ({ILandRegistry-historyHead}).
        mapping(uint256 parcelId => bytes32 head) heads;
    }

    /// @dev The signed-sale module's link set by the register's ADMIN once ({ILandRegistry-linkSaleLiens}): the lien
    /// register is deployed after the register, so it cannot be an immutable of the module.
    /// @custom:storage-location erc7201:citychain.storage.LandSaleLinks
    struct LandSaleLinksStorage {
        address liens;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.LandTitles")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _LAND_TITLES_STORAGE = 0x67725dca3ebc7de15db2bcc63a5f5104de4afa510ecdb456815237597ba90300;

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.LandRegistry")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _LAND_REGISTRY_STORAGE =
        0x3626ad6d24beafc297ed5d5aa284127117611e04b41f96ef6ab10f48756ab100;

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.LandSaleLinks")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _LAND_SALE_LINKS_STORAGE =
        0x08499fe55e3044b46691c31aa845513433fe506cf9410a62dc105982d82f0a00;

    /// @dev The city's identity registry (owners are identities).
    function _identity() internal view returns (IIdentityRegistry) {
        return _landTitlesStorage().identity;
    }

    /// @dev A parcel's revision count: the low 64 bits of its chain-of-title head.
    function _revisionOf(uint256 parcelId) internal view returns (uint256) {
        return uint64(uint256(_registryStorage().heads[parcelId]));
    }

    function _ownersOf(uint256 parcelId) internal view returns (ILandRegistry.Share[] memory owners) {
        uint256 count = _registryStorage().parcels[parcelId].ownerCount;
        owners = new ILandRegistry.Share[](count);
        for (uint256 i = 0; i < count; ++i) owners[i] = _registryStorage().shares[parcelId][i];
    }

    function _activeParcel(uint256 parcelId) internal view returns (ILandRegistry.Parcel storage p) {
        p = _registryStorage().parcels[parcelId];
        if (p.status == ILandRegistry.ParcelStatus.None) revert ILandRegistry.LandParcelUnknown(parcelId);
        if (p.status == ILandRegistry.ParcelStatus.Retired) revert ILandRegistry.LandParcelRetired(parcelId);
    }

    /// @dev A sole owner's current primary wallet; the register itself (in trust) for a co-owned title and
    /// for a sole owner whose identity no longer holds its wallet (revoked: the wallet may be reused).
    function _holderOf(uint256 parcelId) internal view returns (address) {
        if (_registryStorage().parcels[parcelId].ownerCount != 1) return address(this);
        uint64 ownerId = _registryStorage().shares[parcelId][0].identityId;
        address wallet = _identity().walletOf(ownerId);
        return _identity().identityOf(wallet) == ownerId ? wallet : address(this);
    }

    /// @dev Reverts with `ERC721NonexistentToken` unless the parcel is an active title.
    function _requireLiveTitle(uint256 parcelId) internal view {
        if (_registryStorage().parcels[parcelId].status != ILandRegistry.ParcelStatus.Active)
            revert IERC721Errors.ERC721NonexistentToken(parcelId);
    }

    /// @dev The one place that sets a parcel's owners; keeps the ERC-721 balances in step.
    function _writeOwners(
        uint256 parcelId,
        ILandRegistry.Parcel storage p,
        ILandRegistry.Share[] memory owners
    ) internal {
        uint256 count = owners.length;
        for (uint256 i = 0; i < count; ++i) _registryStorage().shares[parcelId][i] = owners[i];
        p.ownerCount = uint8(count);
        if (count == 1) ++_landTitlesStorage().titleCount[owners[0].identityId];
        else ++_landTitlesStorage().coOwnedTitles;
    }

    /// @dev Removes a parcel's current owners from the ERC-721 balances (before new owners or retirement).
    function _untally(ILandRegistry.Share[] memory owners) internal {
        if (owners.length == 1) --_landTitlesStorage().titleCount[owners[0].identityId];
        else --_landTitlesStorage().coOwnedTitles;
    }

    /// @dev Moves the whole title to `buyerId` (a land party the caller checked); `deedId` 0 for a signed sale.
    /// `to` is the buyer's ERC-721 holder when the caller resolved it (0: read it here).
    function _convey(
        uint256 parcelId,
        ILandRegistry.Parcel storage p,
        uint256 deedId,
        uint64 buyerId,
        address to
    ) internal returns (ILandRegistry.Share[] memory previous) {
        previous = _ownersOf(parcelId);
        ILandRegistry.Share[] memory buyer = new ILandRegistry.Share[](1);
        buyer[0] = ILandRegistry.Share({identityId: buyerId, bps: _FULL_SHARE});
        address from = to == address(0) ? _holderOf(parcelId) : _holderBeforeSale(parcelId, previous);
        _untally(previous);
        _writeOwners(parcelId, p, buyer);
        emit IERC721.Transfer(from, to == address(0) ? _holderOf(parcelId) : to, parcelId);
        emit ILandRegistry.ParcelTransferred(parcelId, deedId, previous, buyer);
    }

    /// @dev Counts the revision and moves the parcel's hash-chained head on, in one slot (see
    /// {ILandRegistry-historyHead}), and announces it: the entry itself lives in the `RecordRevised` event only.
    function _revise(uint256 parcelId, uint16 kind, uint192 ref) internal {
        LandRegistryStorage storage $ = _registryStorage();
        bytes32 head = $.heads[parcelId];
        uint256 revision = uint64(uint256(head)) + 1;
        bytes32 link = keccak256(abi.encode(head, revision, kind, ref, msg.sender, block.timestamp));
        $.heads[parcelId] = (link & _HASH_BITS) | bytes32(revision);
        RevisionLog.announce(bytes32(parcelId), revision, kind, ref);
    }

    /// @dev The ERC-721 holder before a signed sale, in one identity-registry call: an Active identity always holds
    /// its primary wallet (the settlement then requires each seller to be an Active land party signing from it).
    /// The record it reads is the one the settlement reads next, so its slots are warm there.
    function _holderBeforeSale(
        uint256 parcelId,
        ILandRegistry.Share[] memory previous
    ) internal view returns (address) {
        if (previous.length != 1) return address(this);
        IIdentityRegistry.Identity memory record = _identity().identity(previous[0].identityId);
        return record.status == IIdentityRegistry.IdentityStatus.Active ? record.wallet : _holderOf(parcelId);
    }

    function _landTitlesStorage() internal pure returns (LandTitlesStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _LAND_TITLES_STORAGE
        }
    }

    function _registryStorage() internal pure returns (LandRegistryStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _LAND_REGISTRY_STORAGE
        }
    }

    function _saleLinksStorage() internal pure returns (LandSaleLinksStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _LAND_SALE_LINKS_STORAGE
        }
    }
}
