// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CityService} from "../../../common/CityService.sol";

/**
 * @title ServiceDirectoryReordered
 * @notice A deliberately broken "v2" of the ServiceDirectory: the same ERC-7201 namespace with two fields swapped.
 * Behind the directory's proxy it would read every service record as a version map. The upgrade-safety check
 * must refuse it (test/upgrades/Validator.test.ts); it is never deployed.
 */
contract ServiceDirectoryReordered is CityService {
    /// @notice Placeholder record type with the v1 shape.
    struct ServiceRecord {
        address module;
        uint32 version;
        uint48 updatedAt;
        bool retired;
        bytes32 metadata;
    }

    /// @notice Placeholder record type with the v1 shape.
    struct ImplementationRecord {
        address implementation;
        uint48 recordedAt;
        bytes32 codehash;
    }

    /// @custom:storage-location erc7201:citychain.storage.ServiceDirectory
    struct ServiceDirectoryStorage {
        mapping(bytes32 serviceId => mapping(uint32 version => address module)) versions; // swapped
        mapping(bytes32 serviceId => ServiceRecord) services; // swapped
        mapping(address module => bytes32 serviceId) serviceOfModule;
        mapping(bytes32 serviceId => uint32 count) implementationCounts;
        mapping(bytes32 serviceId => mapping(uint32 implementationVersion => ImplementationRecord)) implementations;
    }

    /// @notice Sets the authority.
    function initialize(address authority) external initializer {
        __CityService_init(authority);
    }
}
