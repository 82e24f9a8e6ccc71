// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

/**
 * @title Proxies
 * @notice For Solidity tests: deploys a city contract behind an ERC-1967 proxy as the city does, the proxy
 * calling `initialize` in its constructor. `Proxies.deploy(address(new LandRegistry()), abi.encodeCall(...))`.
 */
library Proxies {
    /// @notice A proxy to `implementation`, initialised with `initCall`.
    function deploy(address implementation, bytes memory initCall) internal returns (address) {
        return address(new ERC1967Proxy(implementation, initCall));
    }
}
