// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Documents} from "../common/Documents.sol";

/**
 * @title IServiceDirectory
 * @notice Where the city finds its service modules. Each module is registered under a `bytes32` service id
 * (e.g. `bytes32("identity")`) with its address, a version that grows with every replacement, and a
 * commitment to its metadata document (ABI, source, audit report). Replacing a module swaps one service
 * without touching the others; every version ever registered stays readable.
 */
interface IServiceDirectory {
    /// @notice The current entry of a service.
    struct ServiceRecord {
        address module;
        uint32 version; // 1 for the first registration, +1 per replacement
        uint48 updatedAt;
        bool retired;
        bytes32 metadata; // Documents commitment of the module's metadata document
    }

    /// @notice The service id is zero.
    error DirectoryServiceIdEmpty();
    /// @notice A service is already registered under this id; use {replace}.
    error DirectoryServiceAlreadyRegistered(bytes32 serviceId, address module);
    /// @notice No service is registered under this id.
    error DirectoryServiceUnknown(bytes32 serviceId);
    /// @notice The service was retired.
    error DirectoryServiceRetired(bytes32 serviceId);
    /// @notice The module address has no code.
    error DirectoryModuleNotAContract(address module);
    /// @notice The module is not governed by the city's authority, so the city could not control it.
    error DirectoryForeignAuthority(address module, address authority);
    /// @notice The module already serves under a service id (a module serves one service, once).
    error DirectoryModuleAlreadyListed(address module, bytes32 serviceId);
    /// @notice The version asked for was never registered.
    error DirectoryVersionUnknown(bytes32 serviceId, uint32 version);

    /// @notice A service was registered for the first time.
    event ServiceRegistered(bytes32 indexed serviceId, address indexed module, uint32 version, bytes32 metadata);
    /// @notice A service's module was replaced by a new version.
    event ServiceReplaced(
        bytes32 indexed serviceId,
        address indexed oldModule,
        address indexed newModule,
        uint32 version,
        bytes32 metadata
    );
    /// @notice A service was retired: {resolve} now reverts for it; its history stays readable.
    event ServiceRetired(bytes32 indexed serviceId, address indexed module, uint32 version);

    /**
     * @notice Registers a new service. Restricted (ADMIN).
     * @param serviceId The service id, non-zero and unused.
     * @param module The module, a contract governed by the city's authority.
     * @param metadata The module's metadata document (anchored by commitment).
     */
    function register(bytes32 serviceId, address module, Documents.Document calldata metadata) external;

    /**
     * @notice Replaces a live service's module with a new version. Restricted (ADMIN).
     * @param serviceId A registered, non-retired service id.
     * @param newModule The new module, governed by the city's authority and not listed before.
     * @param metadata The new module's metadata document.
     */
    function replace(bytes32 serviceId, address newModule, Documents.Document calldata metadata) external;

    /**
     * @notice Retires a service for good (a new id must be registered to serve again). Restricted (ADMIN).
     * @param serviceId A registered, non-retired service id.
     */
    function retire(bytes32 serviceId) external;

    /**
     * @notice The current module of a live service.
     * @dev Reverts with {DirectoryServiceUnknown} or {DirectoryServiceRetired}.
     */
    function resolve(bytes32 serviceId) external view returns (address module);

    /// @notice The current entry of a service (zeroed for an unknown id).
    function service(bytes32 serviceId) external view returns (ServiceRecord memory);

    /// @notice The module that served as `version` of a service.
    function moduleAt(bytes32 serviceId, uint32 version) external view returns (address module);

    /// @notice The service id a module was ever registered under (zero if never).
    function serviceOf(address module) external view returns (bytes32 serviceId);
}
