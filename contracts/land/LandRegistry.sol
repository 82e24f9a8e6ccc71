// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CityService} from "../common/CityService.sol";
import {Documents} from "../common/Documents.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {ILandRegistry} from "./ILandRegistry.sol";
import {ILandSettlement} from "./ILandSettlement.sol";
import {LandParties} from "./LandParties.sol";
import {LandRevisions} from "./LandRevisions.sol";
import {LandRegistryState} from "./LandRegistryState.sol";

/**
 * @title LandRegistry
 * @notice The city's land title register: parcels, owners' shares, freezes, deed locks, subdivisions and
 * mergers, successions, and each parcel's full chain of title. See {ILandRegistry}.
 * @dev Behind a UUPS proxy ({CityService}); all state lives in ERC-7201 namespaces ({LandRegisterCore}), and the
 * views live in {LandRegistryState}. Signed sales (`settleSigned`) run the code of {LandSettlementModule}, an
 * immutable of this implementation, by `DELEGATECALL` in this contract's storage.
 */
contract LandRegistry is CityService, LandRegistryState, ILandSettlement {
    /// @notice The directory id of the land service; its minimum assurance level applies to owners.
    bytes32 public constant LAND_SERVICE = LandParties.LAND_SERVICE;
    /// @notice The most co-owners a parcel may have: a deed names them all plus the buyer, so this is
    /// `MultiPartyConsent.MAX_PARTIES - 1` (asserted by a test).
    uint256 public constant MAX_OWNERS = 16;
    /// @notice The most children of a subdivision or parents of a merger.
    uint256 public constant MAX_LINEAGE = 16;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    ILandSettlement private immutable _SETTLEMENT_MODULE;

    /**
     * @param settlementModule The signed-sale module `settleSigned` runs by `DELEGATECALL` (a {LandSettlementModule}).
     * @custom:oz-upgrades-unsafe-allow constructor
     */
    constructor(ILandSettlement settlementModule) {
        _SETTLEMENT_MODULE = settlementModule;
    }

    /**
     * @param authority The city's AccessManager.
     * @param identityRegistry The city's identity registry (owners are identities).
     * @param baseTokenURI Prefix of every title's `tokenURI` (the parcel id is appended).
     */
    function initialize(
        address authority,
        IIdentityRegistry identityRegistry,
        string calldata baseTokenURI
    ) external initializer {
        __CityService_init(authority);
        __LandTitles_init(identityRegistry, baseTokenURI);
    }

    // ------------------------------------------------------------------ registrar

    /// @inheritdoc ILandRegistry
    function registerParcel(
        ParcelSpec calldata spec,
        Share[] calldata owners
    ) external restricted returns (uint256 parcelId) {
        _validateOwners(owners);
        parcelId = _createParcel(spec, owners);
        _revise(parcelId, LandRevisions.REGISTERED, 0);
    }

    /// @inheritdoc ILandRegistry
    function subdivide(
        uint256 parentId,
        ParcelSpec[] calldata children
    ) external restricted returns (uint256[] memory childIds) {
        Parcel storage parent = _changeableParcel(parentId);
        uint256 count = children.length;
        if (count < 2 || count > MAX_LINEAGE) revert LandLineageSizeInvalid(count, MAX_LINEAGE);
        uint256 totalArea;
        for (uint256 i = 0; i < count; ++i) totalArea += children[i].areaM2;
        if (totalArea != parent.areaM2) revert LandAreaMismatch(parent.areaM2, totalArea);

        Share[] memory owners = _ownersOf(parentId);
        _retire(parentId);
        childIds = new uint256[](count);
        for (uint256 i = 0; i < count; ++i) {
            uint256 childId = _createParcel(children[i], owners);
            childIds[i] = childId;
            _registryStorage().children[parentId].push(childId);
            _registryStorage().parents[childId].push(parentId);
            _revise(childId, LandRevisions.CREATED_BY_SUBDIVISION, uint192(parentId));
        }
        _revise(parentId, LandRevisions.SUBDIVIDED, uint192(count));
        emit ParcelSubdivided(parentId, childIds);
    }

    /// @inheritdoc ILandRegistry
    function merge(
        uint256[] calldata parentIds,
        ParcelSpec calldata merged
    ) external restricted returns (uint256 childId) {
        uint256 count = parentIds.length;
        if (count < 2 || count > MAX_LINEAGE) revert LandLineageSizeInvalid(count, MAX_LINEAGE);
        Share[] memory owners = _ownersOf(parentIds[0]);
        uint256 totalArea;
        for (uint256 i = 0; i < count; ++i) {
            uint256 parentId = parentIds[i];
            for (uint256 j = 0; j < i; ++j) if (parentIds[j] == parentId) revert LandDuplicateParcel(parentId);
            totalArea += _changeableParcel(parentId).areaM2;
            if (i > 0 && !_sameOwners(owners, parentId)) revert LandOwnershipDiffers(parentIds[0], parentId);
        }
        if (totalArea != merged.areaM2) revert LandAreaMismatch(totalArea, merged.areaM2);

        for (uint256 i = 0; i < count; ++i) _retire(parentIds[i]);
        childId = _createParcel(merged, owners);
        for (uint256 i = 0; i < count; ++i) {
            _registryStorage().parents[childId].push(parentIds[i]);
            _registryStorage().children[parentIds[i]].push(childId);
            _revise(parentIds[i], LandRevisions.MERGED, uint192(childId));
        }
        _revise(childId, LandRevisions.CREATED_BY_MERGER, uint192(count));
        emit ParcelsMerged(parentIds, childId);
    }

    // ---------------------------------------------------------------------- court

    /// @inheritdoc ILandRegistry
    function freeze(uint256 parcelId, bytes32 reasonCommitment) external restricted {
        Parcel storage p = _activeParcel(parcelId);
        if (p.frozen) revert LandParcelFrozen(parcelId);
        p.frozen = true;
        emit ParcelFrozen(parcelId, reasonCommitment);
        _revise(parcelId, LandRevisions.FROZEN, 0);
    }

    /// @inheritdoc ILandRegistry
    function unfreeze(uint256 parcelId, bytes32 reasonCommitment) external restricted {
        Parcel storage p = _activeParcel(parcelId);
        if (!p.frozen) revert LandParcelNotFrozen(parcelId);
        p.frozen = false;
        emit ParcelUnfrozen(parcelId, reasonCommitment);
        _revise(parcelId, LandRevisions.UNFROZEN, 0);
    }

    // ----------------------------------------------------------------- succession

    /// @inheritdoc ILandRegistry
    function succeedByCourt(uint256 parcelId, uint64 fromId, uint64 toId) external restricted {
        _succeed(_activeParcel(parcelId), parcelId, fromId, toId, true);
    }

    /// @inheritdoc ILandRegistry
    function succeedByRegistrar(uint256 parcelId, uint64 fromId, uint64 toId) external restricted {
        if (
            _identity().identity(fromId).status != IIdentityRegistry.IdentityStatus.Revoked ||
            _identity().predecessorOf(toId) != fromId
        ) revert LandNotSuccessor(fromId, toId);
        Parcel storage p = _activeParcel(parcelId);
        if (p.frozen) revert LandParcelFrozen(parcelId);
        _succeed(p, parcelId, fromId, toId, false);
    }

    // ------------------------------------------------------------- land modules

    /// @inheritdoc ILandRegistry
    function lockForDeed(uint256 parcelId, uint256 deedId) external restricted {
        Parcel storage p = _activeParcel(parcelId);
        if (p.frozen) revert LandParcelFrozen(parcelId);
        if (p.lockedByDeed != 0) revert LandParcelLocked(parcelId, p.lockedByDeed);
        p.lockedByDeed = uint64(deedId);
        emit ParcelLocked(parcelId, deedId);
    }

    /// @inheritdoc ILandRegistry
    function unlock(uint256 parcelId, uint256 deedId) external restricted {
        Parcel storage p = _lockedBy(parcelId, deedId);
        p.lockedByDeed = 0;
        emit ParcelUnlocked(parcelId, deedId);
    }

    /// @inheritdoc ILandRegistry
    function conveyTitle(
        uint256 parcelId,
        uint256 deedId,
        uint64 buyerId
    ) external restricted returns (Share[] memory previous) {
        Parcel storage p = _lockedBy(parcelId, deedId);
        if (p.frozen) revert LandParcelFrozen(parcelId);
        p.lockedByDeed = 0;
        if (!_isVerifiedOwner(buyerId)) revert LandOwnerNotVerified(buyerId);
        previous = _convey(parcelId, p, deedId, buyerId, address(0));
        _revise(parcelId, LandRevisions.TRANSFERRED, uint192(deedId));
    }

    /**
     * @inheritdoc ILandSettlement
     * @dev Runs the module's code in this contract's storage; its revert data (every named error) is bubbled.
     * @custom:oz-upgrades-unsafe-allow delegatecall
     */
    function settleSigned(DeedTerms calldata, bytes[] calldata, bytes calldata, Permit calldata) external restricted {
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory result) = address(_SETTLEMENT_MODULE).delegatecall(msg.data);
        if (!ok) {
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
    }

    /// @inheritdoc ILandRegistry
    function linkSaleLiens(address liens) external restricted {
        LandSaleLinksStorage storage $ = _saleLinksStorage();
        if ($.liens != address(0) || liens == address(0)) revert LandSaleLiensLinkInvalid($.liens, liens);
        $.liens = liens;
        emit SaleLiensLinked(liens);
    }

    /// @inheritdoc ILandRegistry
    function settlement() external view returns (address module, address liens) {
        return (address(_SETTLEMENT_MODULE), _saleLinksStorage().liens);
    }

    /// @inheritdoc ILandRegistry
    function recordRevision(uint256 parcelId, uint16 kind, uint192 ref) external restricted {
        _activeParcel(parcelId);
        if (kind == LandRevisions.LIEN_ADDED) ++_registryStorage().activeLiens[parcelId];
        else if (kind == LandRevisions.LIEN_RELEASED || kind == LandRevisions.LIEN_PAID_OFF)
            --_registryStorage().activeLiens[parcelId];
        _revise(parcelId, kind, ref);
    }

    // ------------------------------------------------------------------- internals

    function _createParcel(ParcelSpec calldata spec, Share[] memory owners) private returns (uint256 parcelId) {
        if (spec.cadastralId == bytes32(0)) revert LandCadastralIdEmpty();
        uint256 existing = _registryStorage().parcelByCadastralId[spec.cadastralId];
        if (existing != 0) revert LandDuplicateCadastralId(spec.cadastralId, existing);
        if (spec.areaM2 == 0) revert LandAreaZero();

        parcelId = ++_registryStorage().parcelCount;
        bytes32 recordKey = bytes32(parcelId);
        bytes32 survey = Documents.anchor(recordKey, spec.survey);
        bytes32 deedDocuments = Documents.anchor(recordKey, spec.deedDocuments);
        Parcel storage p = _registryStorage().parcels[parcelId];
        p.areaM2 = spec.areaM2;
        p.registeredAt = uint40(block.timestamp);
        p.status = ParcelStatus.Active;
        p.cadastralId = spec.cadastralId;
        p.documents = keccak256(abi.encode(survey, deedDocuments));
        _registryStorage().parcelByCadastralId[spec.cadastralId] = parcelId;
        _writeOwners(parcelId, p, owners);
        emit Transfer(address(0), _holderOf(parcelId), parcelId);
        emit ParcelRegistered(parcelId, spec.cadastralId, spec.areaM2, survey, deedDocuments, owners);
    }

    function _retire(uint256 parcelId) private {
        address holder = _holderOf(parcelId);
        _untally(_ownersOf(parcelId));
        _registryStorage().parcels[parcelId].status = ParcelStatus.Retired;
        emit Transfer(holder, address(0), parcelId);
    }

    /// @dev Moves `fromId`'s share to `toId` (adding it to `toId`'s share if `toId` already co-owns).
    function _succeed(Parcel storage p, uint256 parcelId, uint64 fromId, uint64 toId, bool byCourt) private {
        if (p.lockedByDeed != 0) revert LandParcelLocked(parcelId, p.lockedByDeed);
        if (fromId == toId) revert LandDuplicateOwner(toId);
        if (!_isVerifiedOwner(toId)) revert LandOwnerNotVerified(toId);
        Share[] memory owners = _ownersOf(parcelId);
        uint256 count = owners.length;
        (uint256 fromIndex, uint256 toIndex) = (count, count);
        for (uint256 i = 0; i < count; ++i) {
            if (owners[i].identityId == fromId) fromIndex = i;
            else if (owners[i].identityId == toId) toIndex = i;
        }
        if (fromIndex == count) revert LandNotAnOwner(parcelId, fromId);
        Share[] memory next;
        if (toIndex == count) {
            next = _ownersOf(parcelId);
            next[fromIndex].identityId = toId;
        } else {
            next = new Share[](count - 1);
            uint256 j;
            for (uint256 i = 0; i < count; ++i) {
                if (i == fromIndex) continue;
                next[j] = owners[i];
                if (i == toIndex) next[j].bps += owners[fromIndex].bps;
                ++j;
            }
        }
        address holder = _holderOf(parcelId);
        _untally(owners);
        _writeOwners(parcelId, p, next);
        address newHolder = _holderOf(parcelId);
        if (newHolder != holder) emit Transfer(holder, newHolder, parcelId);
        emit TitleSucceeded(parcelId, fromId, toId, byCourt);
        _revise(parcelId, LandRevisions.SUCCEEDED, (uint192(fromId) << 64) | toId);
    }

    function _validateOwners(Share[] calldata owners) private view {
        uint256 count = owners.length;
        if (count == 0 || count > MAX_OWNERS) revert LandOwnerCountInvalid(count, MAX_OWNERS);
        uint256 sum;
        for (uint256 i = 0; i < count; ++i) {
            uint64 id = owners[i].identityId;
            if (owners[i].bps == 0) revert LandShareZero(id);
            for (uint256 j = 0; j < i; ++j) if (owners[j].identityId == id) revert LandDuplicateOwner(id);
            if (!_isVerifiedOwner(id)) revert LandOwnerNotVerified(id);
            sum += owners[i].bps;
        }
        if (sum != _FULL_SHARE) revert LandSharesInvalid(sum);
    }

    function _isVerifiedOwner(uint64 identityId) private view returns (bool) {
        return LandParties.isLandParty(_identity(), identityId);
    }

    function _sameOwners(Share[] memory owners, uint256 otherId) private view returns (bool) {
        if (_registryStorage().parcels[otherId].ownerCount != owners.length) return false;
        for (uint256 i = 0; i < owners.length; ++i) {
            bool found;
            for (uint256 j = 0; j < owners.length; ++j) {
                Share storage other = _registryStorage().shares[otherId][j];
                if (other.identityId == owners[i].identityId && other.bps == owners[i].bps) found = true;
            }
            if (!found) return false;
        }
        return true;
    }
}
