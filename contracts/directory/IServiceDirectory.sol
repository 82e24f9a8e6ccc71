// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Documents} from "../common/Documents.sol";

/**
 * @title IServiceDirectory
 * @notice Where the city finds its service modules. Each module is registered under a `bytes32` service id
 * (e.g. `bytes32("identity")`) with its address, a version that grows with every replacement, and a
 * commitment to its metadata document (ABI, source, audit report). Modules are proxies whose code the city
 * upgrades in place (records stay, the address stays); the directory records each implementation with its code
 * hash. Replacing a module (a migration to a new address) swaps one service without touching the others; every
 * version ever registered stays readable. Only modules whose upgrades the city's authority governs are listed.
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
    /// @notice The authority does not govern the module's upgrades (its `upgradeToAndCall` is not wired to
    /// UPGRADER), so the module's code could change outside the city's upgrade path.
    error DirectoryModuleNotGoverned(address module);
    /// @notice The implementation behind the service's module is the one last recorded.
    error DirectoryImplementationUnchanged(bytes32 serviceId, address implementation);
    /// @notice The implementation version asked for was never recorded.
    error DirectoryImplementationUnknown(bytes32 serviceId, uint32 implementationVersion);

    /// @notice One implementation that served behind a service's proxy.
    struct ImplementationRecord {
        address implementation;
        uint48 recordedAt;
        bytes32 codehash;
    }

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
    /**
     * @notice The code behind a service's proxy was recorded (at registration, replacement, or after an upgrade).
     * @param serviceId The service.
     * @param module The proxy (the service's stable address).
     * @param implementationVersion 1 for the first code recorded for the service, +1 per change.
     * @param implementation The implementation contract.
     * @param codehash Its code hash.
     */
    event ServiceImplementationRecorded(
        bytes32 indexed serviceId,
        address indexed module,
        uint32 indexed implementationVersion,
        address implementation,
        bytes32 codehash
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
     * @notice Records the implementation now behind a live service's proxy, after an upgrade. Open to anyone: it
     * only writes down what the chain already says (the proxy's ERC-1967 slot and the code's hash).
     * @param serviceId A registered, non-retired service whose implementation changed since last recorded.
     * @return implementationVersion The new implementation version.
     */
    function recordImplementation(bytes32 serviceId) external returns (uint32 implementationVersion);

    /// @notice How many implementations were recorded for a service (its current implementation version).
    function implementationVersion(bytes32 serviceId) external view returns (uint32);

    /// @notice A recorded implementation of a service, by implementation version (from 1).
    function implementationAt(
        bytes32 serviceId,
        uint32 implementationVersion
    ) external view returns (ImplementationRecord memory);

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
