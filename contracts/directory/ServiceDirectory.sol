// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts/proxy/utils/UUPSUpgradeable.sol";

import {Roles} from "../access/Roles.sol";
import {CityService} from "../common/CityService.sol";
import {ICityService} from "../common/ICityService.sol";
import {Documents} from "../common/Documents.sol";
import {IServiceDirectory} from "./IServiceDirectory.sol";

/**
 * @title ServiceDirectory
 * @notice The registry of the city's service modules, by id and version, and of the code behind each.
 */
contract ServiceDirectory is CityService, IServiceDirectory {
    /// @custom:storage-location erc7201:citychain.storage.ServiceDirectory
    struct ServiceDirectoryStorage {
        mapping(bytes32 serviceId => ServiceRecord) services;
        mapping(bytes32 serviceId => mapping(uint32 version => address module)) versions;
        mapping(address module => bytes32 serviceId) serviceOfModule;
        mapping(bytes32 serviceId => uint32 count) implementationCounts;
        mapping(bytes32 serviceId => mapping(uint32 implementationVersion => ImplementationRecord)) implementations;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.ServiceDirectory")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _DIRECTORY_STORAGE = 0x0a3fc601f2f39234672484efd303ba7711887499550761976771a59bb54fd600;

    /// @param authority The city's AccessManager.
    function initialize(address authority) external initializer {
        __CityService_init(authority);
    }

    /// @inheritdoc IServiceDirectory
    function register(bytes32 serviceId, address module, Documents.Document calldata metadata) external restricted {
        if (serviceId == bytes32(0)) revert DirectoryServiceIdEmpty();
        address current = _directoryStorage().services[serviceId].module;
        if (current != address(0)) revert DirectoryServiceAlreadyRegistered(serviceId, current);
        bytes32 commitment = _list(serviceId, module, 1, metadata);
        emit ServiceRegistered(serviceId, module, 1, commitment);
        _recordImplementation(serviceId, module, true);
    }

    /// @inheritdoc IServiceDirectory
    function replace(bytes32 serviceId, address newModule, Documents.Document calldata metadata) external restricted {
        ServiceRecord storage record = _liveService(serviceId);
        address oldModule = record.module;
        uint32 version = record.version + 1;
        bytes32 commitment = _list(serviceId, newModule, version, metadata);
        emit ServiceReplaced(serviceId, oldModule, newModule, version, commitment);
        _recordImplementation(serviceId, newModule, true);
    }

    /// @inheritdoc IServiceDirectory
    function retire(bytes32 serviceId) external restricted {
        ServiceRecord storage record = _liveService(serviceId);
        record.retired = true;
        record.updatedAt = uint48(block.timestamp);
        emit ServiceRetired(serviceId, record.module, record.version);
    }

    /// @inheritdoc IServiceDirectory
    function recordImplementation(bytes32 serviceId) external returns (uint32) {
        return _recordImplementation(serviceId, _liveService(serviceId).module, false);
    }

    /// @inheritdoc IServiceDirectory
    function resolve(bytes32 serviceId) external view returns (address) {
        return _liveService(serviceId).module;
    }

    /// @inheritdoc IServiceDirectory
    function service(bytes32 serviceId) external view returns (ServiceRecord memory) {
        return _directoryStorage().services[serviceId];
    }

    /// @inheritdoc IServiceDirectory
    function moduleAt(bytes32 serviceId, uint32 version) external view returns (address module) {
        module = _directoryStorage().versions[serviceId][version];
        if (module == address(0)) revert DirectoryVersionUnknown(serviceId, version);
    }

    /// @inheritdoc IServiceDirectory
    function serviceOf(address module) external view returns (bytes32) {
        return _directoryStorage().serviceOfModule[module];
    }

    /// @inheritdoc IServiceDirectory
    function implementationVersion(bytes32 serviceId) external view returns (uint32) {
        return _directoryStorage().implementationCounts[serviceId];
    }

    /// @inheritdoc IServiceDirectory
    function implementationAt(
        bytes32 serviceId,
        uint32 implementationVersion_
    ) external view returns (ImplementationRecord memory record) {
        record = _directoryStorage().implementations[serviceId][implementationVersion_];
        if (record.implementation == address(0)) {
            revert DirectoryImplementationUnknown(serviceId, implementationVersion_);
        }
    }

    /// @dev The one place that writes a module into the directory; callers emit the matching event.
    function _list(
        bytes32 serviceId,
        address module,
        uint32 version,
        Documents.Document calldata metadata
    ) private returns (bytes32 commitment) {
        if (module.code.length == 0) revert DirectoryModuleNotAContract(module);
        address cityAuthority = authority();
        address moduleAuthority = _authorityOf(module);
        if (moduleAuthority != cityAuthority) revert DirectoryForeignAuthority(module, moduleAuthority);
        // The module's own word about its authority is not enough: the authority must govern its upgrades.
        uint64 upgradeRole = IAccessManager(cityAuthority).getTargetFunctionRole(
            module,
            UUPSUpgradeable.upgradeToAndCall.selector
        );
        if (upgradeRole != Roles.UPGRADER) revert DirectoryModuleNotGoverned(module);
        ServiceDirectoryStorage storage $ = _directoryStorage();
        bytes32 listedUnder = $.serviceOfModule[module];
        if (listedUnder != bytes32(0)) revert DirectoryModuleAlreadyListed(module, listedUnder);

        commitment = Documents.anchor(serviceId, metadata);
        $.services[serviceId] = ServiceRecord({
            module: module,
            version: version,
            updatedAt: uint48(block.timestamp),
            retired: false,
            metadata: commitment
        });
        $.versions[serviceId][version] = module;
        $.serviceOfModule[module] = serviceId;
    }

    /**
     * @dev Appends the implementation now behind `module` to the service's records. Outside a registration or
     * replacement (`newModule` false) the implementation must differ from the last one recorded.
     */
    function _recordImplementation(bytes32 serviceId, address module, bool newModule) private returns (uint32 version) {
        ServiceDirectoryStorage storage $ = _directoryStorage();
        address current = ICityService(module).implementation();
        uint32 count = $.implementationCounts[serviceId];
        if (!newModule && $.implementations[serviceId][count].implementation == current) {
            revert DirectoryImplementationUnchanged(serviceId, current);
        }
        version = count + 1;
        $.implementationCounts[serviceId] = version;
        bytes32 codehash = current.codehash;
        $.implementations[serviceId][version] = ImplementationRecord({
            implementation: current,
            recordedAt: uint48(block.timestamp),
            codehash: codehash
        });
        emit ServiceImplementationRecorded(serviceId, module, version, current, codehash);
    }

    /// @dev The module's AccessManager, or the zero address when it does not answer `authority()` (then the
    /// caller reverts with {DirectoryForeignAuthority}: the failure is reported, not ignored).
    function _authorityOf(address module) private view returns (address) {
        try IAccessManaged(module).authority() returns (address moduleAuthority) {
            return moduleAuthority;
        } catch {
            return address(0);
        }
    }

    function _liveService(bytes32 serviceId) private view returns (ServiceRecord storage record) {
        record = _directoryStorage().services[serviceId];
        if (record.module == address(0)) revert DirectoryServiceUnknown(serviceId);
        if (record.retired) revert DirectoryServiceRetired(serviceId);
    }

    function _directoryStorage() private pure returns (ServiceDirectoryStorage storage $) {
        // ERC-7201: point the struct at its namespace slot.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _DIRECTORY_STORAGE
        }
    }
}
