export { checkPortMethods, portPattern, type PortCallData, type PortMethod } from './port-method.js';
export { exposePort } from './port-server.js';
export { createRemotePort, type PortClient, type RemoteCallPolicy } from './remote-port.js';
export { useCaseMethods, type UseCase, type UseCaseBinding } from './use-case-binding.js';
