export { DomainErrorRpcFilter } from './domain-error.rpc-filter.js';
export {
  decodeEnvelope,
  decodeReply,
  encodeEnvelope,
  encodeReply,
  isExpired,
  MalformedEnvelopeError,
  type InternalReason,
  type ReplyEnvelope,
  type TransportEnvelope,
} from './envelope.js';
export { RedisStreamsClient } from './redis-streams.client.js';
export { RedisStreamsContext } from './redis-streams.context.js';
export { RedisStreamsServer } from './redis-streams.server.js';
export {
  TransportDiscovery,
  type ConsumerInfo,
  type ConsumerStatus,
  type TransportDiscoveryOptions,
} from './transport-discovery.js';
export {
  domainErrorData,
  RemoteHandlerError,
  TransportClosedError,
  TransportTimeoutError,
} from './transport.errors.js';
export { eventStreamKey, replyKey, requestStreamKey, serviceOfPattern } from './transport.keys.js';
export {
  TRANSPORT_DEFAULTS,
  type RedisStreamsClientOptions,
  type RedisStreamsCommonOptions,
  type RedisStreamsServerOptions,
} from './transport.options.js';
export {
  checkPortMethods,
  createRemotePort,
  exposePort,
  portPattern,
  type PortCallData,
  type PortClient,
  type PortMethod,
  type RemoteCallPolicy,
  type UseCase,
  type UseCaseBinding,
  useCaseMethods,
} from './ports/index.js';
