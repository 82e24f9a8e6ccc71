/** `ReentrantToken.Trigger` (contracts/mocks/ReentrantToken.sol): which transfers make the hostile token re-enter. */
export const Trigger = { Out: 0, InOrOut: 1, Any: 2 } as const;
