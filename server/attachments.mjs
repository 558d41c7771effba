// Attachments (protocol §2.7, §3.3, §3.5, §6.5): upload URLs, the PUT, downloads, kept in
// memory. The guest asks for a URL (`onAttachment`), PUTs the bytes to it with the headers it
// was given, and hears `UploadSuccessEvent` / `UploadFailureEvent` on its socket; a message
// then names the attachment by id. `getAttachment` gives a fresh download URL (they expire),
// `deleteAttachment` drops an uploaded attachment not yet sent.
//
// What a deployment allows (§6.3): with `fileUpload.enableAttachments` the SessionResponse's
// `allowedMedia` decides (ALLOWED_MEDIA here); otherwise the `fileUpload.modes`; neither: 4000.
// URLs are on the simulator's own origin: /__uploads/<id>?sig=… and /__downloads/<id>?exp=…&sig=….

import { createHmac, randomBytes, randomUUID } from 'node:crypto';

import { ALLOWED_MEDIA, BLOCKED_EXTENSIONS, frame, isoTime, stringError } from './frames.mjs';

/** @typedef {import('./simulator.mjs').Simulator} Simulator */
/** @typedef {import('./session.mjs').Session} Session */

export const MAX_FILE_NAME = 255;
/** The default lifetime of a download URL, seconds (setOptions downloadUrlSeconds). */
export const DOWNLOAD_URL_SECONDS = 600;
/** Image types served inline; anything else is served as a download in a sandbox. */
const INLINE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/**
 * @typedef {object} Attachment
 * @property {string} id
 * @property {string} token        the session it belongs to
 * @property {string} fileName
 * @property {string} fileType
 * @property {number} fileSize     what onAttachment announced
 * @property {'requested'|'uploaded'|'failed'|'sent'} status
 * @property {string} uploadSig
 * @property {string} tagging      the x-amz-tagging value the PUT must carry
 * @property {Buffer} [bytes]
 * @property {'Inbound'|'Outbound'} direction
 */

/**
 * @typedef {object} FileRules  what a deployment accepts
 * @property {boolean} enabled
 * @property {{ types: string[], maxFileSizeKB: number }[]} modes
 * @property {string[]} blockedExtensions
 */

/** The deployment's file rules (§6.3: enableAttachments → allowedMedia, else modes). @param {Record<string, any>} config */
export function fileRules(config) {
  const fu = config?.messenger?.fileUpload ?? {};
  const blockedExtensions = [...BLOCKED_EXTENSIONS];
  if (fu.enableAttachments === true) {
    const types = ALLOWED_MEDIA.inbound.fileTypes.map((t) => t.type);
    return { enabled: true, modes: [{ types, maxFileSizeKB: ALLOWED_MEDIA.inbound.maxFileSizeKB }], blockedExtensions };
  }
  const modes = (Array.isArray(fu.modes) ? fu.modes : [])
    .filter((m) => m && Array.isArray(m.fileTypes) && Number(m.maxFileSizeKB) > 0)
    .map((m) => ({ types: m.fileTypes.filter((/** @type {unknown} */ t) => typeof t === 'string'), maxFileSizeKB: Number(m.maxFileSizeKB) }));
  return { enabled: modes.length > 0, modes, blockedExtensions };
}

/** `allowedMedia` and `blockedExtensions` for the SessionResponse, or {} when uploads are off. @param {FileRules} rules */
export function sessionMedia(rules) {
  if (!rules.enabled) return {};
  const types = [...new Set(rules.modes.flatMap((m) => m.types))];
  const maxFileSizeKB = Math.max(...rules.modes.map((m) => m.maxFileSizeKB));
  return { allowedMedia: { inbound: { fileTypes: types.map((type) => ({ type })), maxFileSizeKB } }, blockedExtensions: [...rules.blockedExtensions] };
}

/**
 * Why a file is refused (a GenerateUrlError code), or 0.
 * @param {FileRules} rules @param {{ fileName: unknown, fileType: unknown, fileSize: unknown }} f
 */
export function refusal(rules, f) {
  if (!rules.enabled) return { code: 4000, message: 'File upload is not enabled for this deployment' };
  const name = typeof f.fileName === 'string' ? f.fileName : '';
  if (!name.trim() || /[\u0000-\u001f/\\]/.test(name)) return { code: 4004, message: 'File name is invalid' };
  if (name.length > MAX_FILE_NAME) return { code: 4005, message: `File name is longer than ${MAX_FILE_NAME} characters` };
  const lower = name.toLowerCase();
  if (rules.blockedExtensions.some((ext) => lower.endsWith(ext))) return { code: 4004, message: `Files ending ${lower.slice(lower.lastIndexOf('.'))} are blocked` };
  const type = typeof f.fileType === 'string' ? f.fileType.toLowerCase() : '';
  const modes = rules.modes.filter((m) => m.types.some((t) => t === type || (t.endsWith('/*') && type.startsWith(t.slice(0, -1)))));
  if (!modes.length) return { code: 4001, message: `File type ${type.slice(0, 100)} not supported` };
  const size = Number(f.fileSize);
  if (!Number.isInteger(size) || size < 0 || !modes.some((m) => size <= m.maxFileSizeKB * 1024)) {
    return { code: 4002, message: 'File size is invalid' };
  }
  return null;
}

/** Every attachment of the simulator, and the upload log (uploadStats). */
export class AttachmentStore {
  constructor() {
    this.secret = randomBytes(16).toString('hex');
    /** @type {Map<string, Attachment>} */
    this.items = new Map();
    /** PUTs seen, oldest first. @type {{ attachmentId: string, status: number, bytes: number, headers: Record<string, string> }[]} */
    this.puts = [];
    /** failNextUpload specs. @type {{ token?: string, errorCode: number }[]} */
    this.failures = [];
  }

  clear() {
    this.items.clear();
    this.puts = [];
    this.failures = [];
  }

  /** @param {string} value */
  sign(value) {
    return createHmac('sha256', this.secret).update(value).digest('base64url').slice(0, 32);
  }

  /** A download URL valid for `seconds`. @param {string} base @param {Attachment} a @param {number} seconds */
  downloadUrl(base, a, seconds) {
    const exp = Date.now() + seconds * 1000;
    return `${base}/__downloads/${a.id}?exp=${exp}&sig=${this.sign(`${a.id}.${exp}`)}`;
  }

  /** The content item a message carries for this attachment. @param {string} base @param {Attachment} a @param {number} seconds */
  content(base, a, seconds) {
    return {
      contentType: 'Attachment',
      attachment: {
        id: a.id,
        mediaType: a.fileType.startsWith('image/') ? 'Image' : 'File',
        mime: a.fileType,
        filename: a.fileName,
        url: this.downloadUrl(base, a, seconds),
        fileSize: a.bytes?.length ?? a.fileSize,
      },
    };
  }

  /** A failNextUpload for this token (or any). @param {string} token */
  takeFailure(token) {
    const i = this.failures.findIndex((f) => !f.token || f.token === token);
    return i < 0 ? null : this.failures.splice(i, 1)[0];
  }
}

/** The simulator's origin as the guest reached it (avatar URLs are spelt the same way). @param {Simulator} sim @param {Session} s */
const originOf = (sim, s) => sim.avatarUrl(s).replace(/\/demo\/.*$/, '');

/**
 * onAttachment / getAttachment / deleteAttachment on a configured session.
 * @param {Simulator} sim @param {Session} s @param {any} req @param {(f: any) => void} reply
 */
export function attachmentAction(sim, s, req, reply) {
  const store = sim.attachments;
  const tracingId = req.tracingId;
  if (req.action === 'onAttachment') {
    const id = typeof req.attachmentId === 'string' && /^[\w-]{1,64}$/.test(req.attachmentId) && !store.items.has(req.attachmentId) ? req.attachmentId : randomUUID();
    const refused = refusal(fileRules(sim.configFor(s.deploymentId)), req);
    if (refused) {
      sim.log(`attachment ${id} refused: ${refused.code}`);
      return reply(frame('response', 'GenerateUrlError', 400, { attachmentId: id, errorCode: refused.code, errorMessage: refused.message }, tracingId));
    }
    /** @type {Attachment} */
    const a = {
      id,
      token: s.token,
      fileName: req.fileName,
      fileType: req.fileType,
      fileSize: req.fileSize,
      status: 'requested',
      uploadSig: store.sign(`put.${id}`),
      tagging: `deploymentId=${encodeURIComponent(s.deploymentId)}&sessionToken=${store.sign(s.token).slice(0, 12)}`,
      direction: 'Inbound',
    };
    store.items.set(id, a);
    const url = `${originOf(sim, s)}/__uploads/${id}?sig=${a.uploadSig}`;
    return reply(
      frame('response', 'PresignedUrlResponse', 200, { attachmentId: id, url, headers: { 'x-amz-tagging': a.tagging }, fileName: a.fileName, fileSize: a.fileSize, fileType: a.fileType }, tracingId),
    );
  }
  const a = typeof req.attachmentId === 'string' ? store.items.get(req.attachmentId) : undefined;
  if (!a || a.token !== s.token) return reply(stringError(4009, 'Attachment not found', tracingId));
  if (req.action === 'getAttachment') {
    if (a.status !== 'uploaded' && a.status !== 'sent') return reply(stringError(4010, 'Attachment was not successfully uploaded', tracingId));
    const url = store.downloadUrl(originOf(sim, s), a, sim.options.downloadUrlSeconds);
    return reply(frame('response', 'PresignedUrlResponse', 200, { attachmentId: a.id, url, headers: {}, fileName: a.fileName, fileSize: a.bytes?.length ?? a.fileSize, fileType: a.fileType }, tracingId));
  }
  // deleteAttachment: only what was uploaded (or asked for) and not sent yet.
  if (a.status === 'sent') return reply(stringError(400, 'Attachment was already sent', tracingId));
  store.items.delete(a.id);
  sim.events.emit('attachment', { event: 'deleted', token: s.token, attachmentId: a.id });
  return reply(frame('message', 'AttachmentDeletedResponse', 200, { attachmentId: a.id }, tracingId));
}

/**
 * The content of a customer message with its attachments resolved (download URL, name, type),
 * or the string error to answer: 4009 unknown, 4010 not uploaded.
 * @param {Simulator} sim @param {Session} s @param {any[]} content
 * @returns {{ content: any[] } | { code: number, message: string }}
 */
export function resolveContent(sim, s, content) {
  const store = sim.attachments;
  const out = [];
  /** @type {Attachment[]} */
  const used = [];
  for (const c of content) {
    if (c?.contentType !== 'Attachment') {
      out.push(structuredClone(c));
      continue;
    }
    const id = c.attachment?.id;
    const a = typeof id === 'string' ? store.items.get(id) : undefined;
    if (!a || a.token !== s.token) return { code: 4009, message: 'Attachment not found' };
    if (a.status !== 'uploaded' && a.status !== 'sent') return { code: 4010, message: 'Attachment was not successfully uploaded' };
    used.push(a);
    out.push(store.content(originOf(sim, s), a, sim.options.downloadUrlSeconds));
  }
  for (const a of used) a.status = 'sent';
  return { content: out };
}

/**
 * An agent's file (control agentMessage `attachment`, the agent console): stored, served, and
 * the content item of the message.
 * @param {Simulator} sim @param {Session} s @param {{ filename?: unknown, mime?: unknown, bytesBase64?: unknown }} f
 */
export function agentAttachment(sim, s, f) {
  const bytes = Buffer.from(typeof f.bytesBase64 === 'string' ? f.bytesBase64 : '', 'base64');
  /** @type {Attachment} */
  const a = {
    id: randomUUID(),
    token: s.token,
    fileName: typeof f.filename === 'string' && f.filename ? f.filename.slice(0, MAX_FILE_NAME) : 'file',
    fileType: typeof f.mime === 'string' && f.mime ? f.mime.slice(0, 100) : 'application/octet-stream',
    fileSize: bytes.length,
    status: 'sent',
    uploadSig: '',
    tagging: '',
    bytes,
    direction: 'Outbound',
  };
  sim.attachments.items.set(a.id, a);
  return sim.attachments.content(originOf(sim, s), a, sim.options.downloadUrlSeconds);
}

/** CORS for uploads and downloads: any origin, PUT with the presigned headers. @param {any} req @param {any} res */
function cors(req, res) {
  const origin = req.headers.origin;
  res.setHeader('Access-Control-Allow-Origin', typeof origin === 'string' && origin ? origin : '*');
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Allow-Methods', 'GET, PUT, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type, x-amz-tagging');
  res.setHeader('Access-Control-Max-Age', '600');
}

/** @param {any} res @param {number} status @param {string} text */
function plain(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * /__uploads/<id> (PUT, OPTIONS) and /__downloads/<id> (GET). True when the path was one of them.
 * @param {Simulator} sim @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {URL} url
 */
export function attachmentRoute(sim, req, res, url) {
  const m = /^\/__(uploads|downloads)\/([\w-]{1,64})$/.exec(url.pathname);
  if (!m) return false;
  cors(req, res);
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { 'Content-Length': '0' });
    res.end();
    return true;
  }
  const store = sim.attachments;
  const a = store.items.get(/** @type {string} */ (m[2]));
  if (m[1] === 'downloads') {
    const exp = Number(url.searchParams.get('exp'));
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method Not Allowed\n'), true;
    if (!a || !a.bytes || url.searchParams.get('sig') !== store.sign(`${a.id}.${exp}`)) return plain(res, 404, 'Not Found\n'), true;
    if (!(exp > Date.now())) return plain(res, 403, 'Request has expired\n'), true;
    const inline = INLINE_IMAGES.has(a.fileType);
    res.writeHead(200, {
      'Content-Type': inline ? a.fileType : 'application/octet-stream',
      'Content-Length': a.bytes.length,
      'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(a.fileName)}`,
      // Served from the demo's own origin: whatever was uploaded must never run as a page.
      'Content-Security-Policy': 'sandbox; default-src none',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, max-age=60',
    });
    res.end(req.method === 'HEAD' ? undefined : a.bytes);
    return true;
  }
  if (req.method !== 'PUT') return plain(res, 405, 'Method Not Allowed\n'), true;
  /** @type {Record<string, string>} */
  const headers = {};
  for (const h of ['content-type', 'x-amz-tagging', 'content-length']) if (typeof req.headers[h] === 'string') headers[h] = /** @type {string} */ (req.headers[h]);
  const log = { attachmentId: m[2] ?? '', status: 0, bytes: 0, headers };
  store.puts.push(log);
  const refuse = (/** @type {number} */ status, /** @type {string} */ text) => {
    log.status = status;
    req.resume();
    plain(res, status, text);
    return true;
  };
  if (!a || a.status !== 'requested' || url.searchParams.get('sig') !== a.uploadSig) return refuse(403, 'SignatureDoesNotMatch\n');
  if (headers['x-amz-tagging'] !== a.tagging) return refuse(403, 'Missing or wrong x-amz-tagging header\n');
  if ((headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() !== String(a.fileType).toLowerCase()) return refuse(403, 'Content-Type does not match\n');
  const limit = a.fileSize + 1;
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  req.on('data', (c) => {
    size += c.length;
    if (size <= limit) chunks.push(c);
  });
  req.on('error', () => undefined);
  // Simulator-only: setOptions({ uploadDelayMs }) holds every PUT's answer and event that long.
  req.on('end', () => setTimeout(finish, sim.options.uploadDelayMs ?? 0).unref?.());
  const finish = () => {
    if (res.destroyed) return;
    log.status = 200;
    log.bytes = size;
    plain(res, 200, '');
    const s = sim.store.get(a.token);
    const forced = store.takeFailure(a.token);
    const failure = forced
      ? { code: forced.errorCode, message: 'Upload failed (simulated)' }
      : size === 0
        ? { code: 4102, message: 'File is empty' }
        : size !== a.fileSize
          ? { code: 4003, message: `File size ${size} does not match ${a.fileSize}` }
          : null;
    if (failure) {
      a.status = 'failed';
      sim.log(`attachment ${a.id} upload failed: ${failure.code}`);
      if (s) sim.broadcast(s, frame('message', 'UploadFailureEvent', 200, { attachmentId: a.id, errorCode: failure.code, errorMessage: failure.message, timestamp: isoTime() }));
      return;
    }
    a.bytes = Buffer.concat(chunks);
    a.status = 'uploaded';
    sim.events.emit('attachment', { event: 'uploaded', token: a.token, attachmentId: a.id });
    if (s) {
      const downloadUrl = store.downloadUrl(originOf(sim, s), a, sim.options.downloadUrlSeconds);
      sim.broadcast(s, frame('message', 'UploadSuccessEvent', 200, { attachmentId: a.id, downloadUrl, timestamp: isoTime() }));
    }
  };
  return true;
}
