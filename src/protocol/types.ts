/**
 * Frame types of the Genesys Cloud Web Messaging guest API ("Shyrka").
 * See docs/protocol.md. Pure types: no DOM, no timers.
 *
 * Client frames are what we encode; server frames are what `decodeServerFrame` returns
 * after validation. Decoded frames keep only fields we use; unknown fields are ignored.
 */

// ---------------------------------------------------------------- client -> server

export interface ButtonResponse {
  type: 'QuickReply' | 'Button' | 'DatePicker' | 'ListPicker';
  text: string;
  payload: string;
  originatingMessageId?: string;
}

export type GuestEvent =
  | { eventType: 'Typing'; typing: { type: 'On' } }
  | { eventType: 'Presence'; presence: { type: 'Join' | 'Clear' } };

export interface GuestChannel {
  metadata: { customAttributes: Record<string, string> };
}

/** An uploaded attachment named in a message (§2.4c). */
export interface AttachmentRef {
  contentType: 'Attachment';
  attachment: { id: string };
}

export type GuestMessage =
  | {
      type: 'Text';
      text: string;
      content?: AttachmentRef[];
      metadata?: Record<string, string>;
      channel?: GuestChannel;
    }
  /** Attachment-only, as Messenger sends it: no type, no text (§2.4c). */
  | {
      type?: undefined;
      content: AttachmentRef[];
      metadata?: Record<string, string>;
      channel?: GuestChannel;
    }
  | {
      type: 'Structured';
      text: string;
      content: { contentType: 'ButtonResponse'; buttonResponse: ButtonResponse }[];
      metadata?: Record<string, string>;
      channel?: GuestChannel;
    }
  | { type: 'Event'; events: GuestEvent[]; channel?: GuestChannel }
  | { type: 'Receipt'; id: string; status: 'Read' };

/** MT's journeyContext: the token as a cookie customer id, a web customer session. */
export interface JourneyContext {
  customer: { id: string; idType: 'cookie' };
  customerSession: { id: string; type: 'web' };
}

export type ClientFrame =
  | {
      action: 'configureSession';
      token: string;
      deploymentId: string;
      tracingId?: string;
      startNew?: boolean;
      journeyContext?: JourneyContext;
    }
  | {
      /** §2.3: configureSession for a signed-in customer; `data.code` is the webdeployments JWT. */
      action: 'configureAuthenticatedSession';
      token: string;
      deploymentId: string;
      tracingId?: string;
      startNew?: boolean;
      data: { code: string };
      journeyContext?: JourneyContext;
    }
  | { action: 'onMessage'; token: string; tracingId?: string; message: GuestMessage }
  | {
      action: 'echo';
      token: string;
      tracingId: string;
      message: { type: 'Text'; text: string };
    }
  | { action: 'getJwt'; token: string; tracingId?: string }
  | {
      action: 'onAttachment';
      token: string;
      tracingId: string;
      attachmentId: string;
      fileName: string;
      fileType: string;
      fileSize: number;
    }
  | { action: 'getAttachment' | 'deleteAttachment'; token: string; tracingId: string; attachmentId: string }
  | { action: 'closeSession'; token: string; closeAllConnections: boolean; tracingId?: string };

// ---------------------------------------------------------------- server -> client

/** `channel.from` of a message, all optional (bots often send `{}`). */
export interface WireParticipant {
  nickname?: string;
  firstName?: string;
  lastName?: string;
  image?: string;
}

export interface WireQuickReply {
  text: string;
  payload: string;
  image?: string;
}

export interface WireCardAction {
  type: 'Link' | 'Postback';
  text: string;
  url?: string;
  payload?: string;
}

export interface WireCard {
  title: string;
  description?: string;
  image?: string;
  defaultAction?: WireCardAction;
  actions: WireCardAction[];
}

export interface WireAttachment {
  id: string;
  filename?: string;
  mime?: string;
  mediaType?: string;
  url?: string;
  fileSize?: number;
}

/** One validated item of `content[]`; unknown content types are kept as `Unknown`. */
export type WireContent =
  | { contentType: 'QuickReply'; quickReply: WireQuickReply }
  | { contentType: 'ButtonResponse'; buttonResponse: WireQuickReply & { type: string } }
  | { contentType: 'Card'; card: WireCard }
  | { contentType: 'Carousel'; carousel: { cards: WireCard[] } }
  | { contentType: 'Attachment'; attachment: WireAttachment }
  | { contentType: 'Unknown'; original: string };

export type WireEvent =
  | { eventType: 'Typing'; typing: { type: string; durationMs: number } }
  | { eventType: 'Presence'; presence: { type: string } }
  | { eventType: 'Unknown'; original: string };

/** A validated `StructuredMessage` body (also the shape of a REST history entity). */
export interface WireMessage {
  id: string;
  type: 'Text' | 'Structured' | 'Event' | 'Receipt' | 'Message' | string;
  /** Inbound = sent by the guest; Outbound = agent or bot to guest. */
  direction: 'Inbound' | 'Outbound';
  text?: string;
  /** Epoch milliseconds parsed from `channel.time`; undefined if absent or unparseable. */
  time?: number;
  channelMessageId?: string;
  from?: WireParticipant;
  content: WireContent[];
  events: WireEvent[];
  /** String map; non-string values dropped. */
  metadata: Record<string, string>;
  originatingEntity?: 'Human' | 'Bot' | string;
  /** Receipts only: Delivered, Read, ... */
  status?: string;
}

export interface SessionInfo {
  connected: boolean;
  newSession: boolean;
  readOnly: boolean;
  clearedExistingSession?: boolean;
  maxCustomDataBytes?: number;
  durationSeconds?: number;
  /** Epoch seconds. */
  expirationDate?: number;
  /** What the customer may upload (§3.2), when the deployment takes files. */
  allowedMedia?: { fileTypes: string[]; maxFileSizeKB?: number };
  /** File name endings refused (lower case, with the dot). */
  blockedExtensions?: string[];
}

/** The attachment frames (§3.3); the upload manager acts on them. */
export type AttachmentFrame =
  | {
      /** PresignedUrlResponse: an upload URL, or (`refresh`: empty headers) a fresh download URL. */
      kind: 'presigned';
      tracingId?: string;
      attachmentId: string;
      url: string;
      headers: Record<string, string>;
      refresh: boolean;
      fileSize?: number;
    }
  | { kind: 'upload-success'; attachmentId: string; downloadUrl: string }
  | { kind: 'upload-failure'; attachmentId: string; errorCode: number; message: string }
  | { kind: 'attachment-deleted'; tracingId?: string; attachmentId: string };

export type ServerFrame =
  | { kind: 'session'; tracingId?: string; session: SessionInfo }
  | {
      kind: 'message';
      tracingId?: string;
      /** True when the envelope said `type: "response"` (e.g. the reply to `echo`). */
      response: boolean;
      message: WireMessage;
    }
  | { kind: 'jwt'; tracingId?: string; jwt: string; exp: number }
  | AttachmentFrame
  | { kind: 'session-expired' }
  | { kind: 'session-cleared' }
  | { kind: 'connection-closed'; reason?: string }
  | { kind: 'logout' }
  | {
      kind: 'error';
      tracingId?: string;
      /** Envelope `code` (HTTP-like or 4xxx). For 429 frames the envelope code (429). */
      code: number;
      /** `body.errorCode` when the body is an object (e.g. 4029), else undefined. */
      errorCode?: number;
      message: string;
      /** Seconds, from `TooManyRequestsErrorMessage.body.retryAfter`. */
      retryAfter?: number;
      /** The envelope class: `string`, `TooManyRequestsErrorMessage`, `GenerateUrlError`, `Error`. */
      errorClass: string;
      /** `GenerateUrlError` only: the attachment refused. */
      attachmentId?: string;
    }
  /** A well-formed frame of a class we don't act on (uploads, configuration, ...). */
  | { kind: 'other'; className: string; tracingId?: string };

export type DecodeResult =
  | { ok: true; frame: ServerFrame }
  | { ok: false; reason: string };

export interface HistoryPage {
  messages: WireMessage[];
  pageNumber: number;
  pageCount: number;
  total?: number;
}
