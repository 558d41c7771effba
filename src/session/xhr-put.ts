/**
 * The real PUT of an upload (protocol §6.5): XMLHttpRequest, because fetch() reports no
 * upload progress. Every header of the upload URL is sent, plus Content-Type (the caller
 * adds it); the body is the file's bytes.
 */
import { PutError, type Put } from './uploads.js';

export const xhrPut: Put = (url, headers, blob, onProgress, signal) =>
  new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => e.lengthComputable && e.total > 0 && onProgress(e.loaded / e.total);
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? (onProgress(1), resolve()) : reject(new PutError(false, xhr.status)));
    xhr.onerror = xhr.ontimeout = xhr.onabort = () => reject(new PutError(true));
    if (signal.aborted) return reject(new PutError(true));
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(blob);
  });
