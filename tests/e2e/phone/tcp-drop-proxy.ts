/**
 * The phone tests' drop proxy is the impairing TCP proxy (cut, blackhole, strandOpen, restore;
 * delay and jitter when a test asks), under the name these tests have always used.
 */
export { startImpairingProxy as startDropProxy, type ImpairingProxy as DropProxy } from '../../support/impairing-tcp-proxy';
