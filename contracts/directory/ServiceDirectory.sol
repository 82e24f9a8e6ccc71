// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";

import {Documents} from "../common/Documents.sol";
import {IServiceDirectory} from "./IServiceDirectory.sol";

/**
 * @title ServiceDirectory
 * @notice The registry of the city's service modules, by id and version.
 */
contract ServiceDirectory is AccessManaged, IServiceDirectory {
    mapping(bytes32 serviceId => ServiceRecord) private _services;
    mapping(bytes32 serviceId => mapping(uint32 version => address module)) private _versions;
    mapping(address module => bytes32 serviceId) private _serviceOfModule;

    /// @param authority The city's AccessManager.
    constructor(address authority) AccessManaged(authority) {}

    /// @inheritdoc IServiceDirectory
    function register(bytes32 serviceId, address module, Documents.Document calldata metadata) external restricted {
        if (serviceId == bytes32(0)) revert DirectoryServiceIdEmpty();
        address current = _services[serviceId].module;
        if (current != address(0)) revert DirectoryServiceAlreadyRegistered(serviceId, current);
        bytes32 commitment = _list(serviceId, module, 1, metadata);
        emit ServiceRegistered(serviceId, module, 1, commitment);
    }

    /// @inheritdoc IServiceDirectory
    function replace(bytes32 serviceId, address newModule, Documents.Document calldata metadata) external restricted {
        ServiceRecord storage record = _liveService(serviceId);
        address oldModule = record.module;
        uint32 version = record.version + 1;
        bytes32 commitment = _list(serviceId, newModule, version, metadata);
        emit ServiceReplaced(serviceId, oldModule, newModule, version, commitment);
    }

    /// @inheritdoc IServiceDirectory
    function retire(bytes32 serviceId) external restricted {
        ServiceRecord storage record = _liveService(serviceId);
        record.retired = true;
        record.updatedAt = uint48(block.timestamp);
        emit ServiceRetired(serviceId, record.module, record.version);
    }

    /// @inheritdoc IServiceDirectory
    function resolve(bytes32 serviceId) external view returns (address) {
        return _liveService(serviceId).module;
    }

    /// @inheritdoc IServiceDirectory
    function service(bytes32 serviceId) external view returns (ServiceRecord memory) {
        return _services[serviceId];
    }

    /// @inheritdoc IServiceDirectory
    function moduleAt(bytes32 serviceId, uint32 version) external view returns (address module) {
        module = _versions[serviceId][version];
        if (module == address(0)) revert DirectoryVersionUnknown(serviceId, version);
    }

    /// @inheritdoc IServiceDirectory
    function serviceOf(address module) external view returns (bytes32) {
        return _serviceOfModule[module];
    }

    /// @dev The one place that writes a module into the directory; callers emit the matching event.
    function _list(
        bytes32 serviceId,
        address module,
        uint32 version,
        Documents.Document calldata metadata
    ) private returns (bytes32 commitment) {
        if (module.code.length == 0) revert DirectoryModuleNotAContract(module);
        address moduleAuthority = _authorityOf(module);
        if (moduleAuthority != authority()) revert DirectoryForeignAuthority(module, moduleAuthority);
        bytes32 listedUnder = _serviceOfModule[module];
        if (listedUnder != bytes32(0)) revert DirectoryModuleAlreadyListed(module, listedUnder);

        commitment = Documents.anchor(serviceId, metadata);
        _services[serviceId] = ServiceRecord({
            module: module,
            version: version,
            updatedAt: uint48(block.timestamp),
            retired: false,
            metadata: commitment
        });
        _versions[serviceId][version] = module;
        _serviceOfModule[module] = serviceId;
    }

    /// @dev The module's AccessManager, or the zero address when it does not answer `authority()`.
    function _authorityOf(address module) private view returns (address) {
        try IAccessManaged(module).authority() returns (address moduleAuthority) {
            return moduleAuthority;
        } catch {
            return address(0);
        }
    }

    function _liveService(bytes32 serviceId) private view returns (ServiceRecord storage record) {
        record = _services[serviceId];
        if (record.module == address(0)) revert DirectoryServiceUnknown(serviceId);
        if (record.retired) revert DirectoryServiceRetired(serviceId);
    }
}
