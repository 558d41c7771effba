// Control API vocabulary (simulator-only): the methods reachable through
// POST /__sim/<method>, and the error type they throw.

/** Methods callable through POST /__sim/<method> (GET /__sim/sessions, GET /__sim/deployments and GET /__sim/configFetches?deploymentId= work too). */
export const CONTROL_METHODS = Object.freeze([
  'inject',
  'drop',
  'refuse',
  'failNext',
  'agentMessage',
  'agentTyping',
  'agentRead',
  'disconnect',
  'expire',
  'sessions',
  'reset',
  'setOptions',
  'faultStats',
  'issueCode',
  'authStats',
  'authFault',
  'agentJoin',
  'agentLeave',
  'setConfig',
  'configFetches',
  // the deployments served
  'addDeployment',
  'removeDeployment',
  'deployments',
  // attachments (attachments.mjs)
  'failNextUpload',
  'uploadStats',
]);

/** An error with an HTTP status, thrown by control methods (404 unknown session, 400 bad input). */
export class ControlError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.name = 'ControlError';
    this.status = status;
  }
}
